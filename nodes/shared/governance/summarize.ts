import { picoToUsd } from '../pricing/money';
import { COST_PARTS, meteredItem, TOKEN_KINDS, type CostPart, type MeteredItem, type TokenKind } from './meteredItem';

/**
 * Gemini Cost's Summarize: totals over any items carrying our usage and cost, with breakdowns by
 * model, served tier and source node. All sums are in picodollars (integers), so a total equals the
 * sum of the items' costs to the last digit. Unknown costs (null) are counted, never added as 0.
 */

export interface SummaryInput {
	json: unknown;
	/** The node the item came from (the Gemini node that metered it, as far as it is known). */
	source: string;
}

interface Tally {
	items: number;
	/** Items with usage whose cost is unknown (model or rate not priced). */
	unknownPricedItems: number;
	tokens: Record<TokenKind, number>;
	pico: Record<CostPart, number>;
	/** Totals of the priced items, for average and p95. */
	itemTotals: number[];
}

export interface GroupSummary {
	items: number;
	unknownPricedItems: number;
	tokens: Record<TokenKind, number>;
	cost: Record<CostPart, number> & { currency: 'USD' };
}

export interface CostSummary extends GroupSummary {
	/** Items that carried usage and cost (one item may sum several billed calls: retries, repairs). */
	calls: number;
	/** Every input item, with and without usage. */
	inputItems: number;
	itemsWithoutUsage: number;
	averageCostPerItem: number | null;
	p95CostPerItem: number | null;
	byModel: Record<string, GroupSummary>;
	byTier: Record<string, GroupSummary>;
	bySourceNode: Record<string, GroupSummary>;
	projection?: { runsPerDay: number; daysPerMonth: number; perDay: number; perMonth: number };
}

/** Months are projected as 30 days. */
export const DAYS_PER_MONTH = 30;

function emptyTally(): Tally {
	return {
		items: 0,
		unknownPricedItems: 0,
		tokens: Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, 0])) as Record<TokenKind, number>,
		pico: Object.fromEntries(COST_PARTS.map((part) => [part, 0])) as Record<CostPart, number>,
		itemTotals: [],
	};
}

function addItem(tally: Tally, item: MeteredItem): void {
	tally.items++;
	for (const kind of TOKEN_KINDS) tally.tokens[kind] += item.tokens[kind];
	if (!item.pico) {
		tally.unknownPricedItems++;
		return;
	}
	for (const part of COST_PARTS) tally.pico[part] += item.pico[part];
	tally.itemTotals.push(item.pico.total);
}

function groupSummary(tally: Tally): GroupSummary {
	const cost = Object.fromEntries(COST_PARTS.map((part) => [part, picoToUsd(tally.pico[part])])) as Record<CostPart, number>;
	return { items: tally.items, unknownPricedItems: tally.unknownPricedItems, tokens: { ...tally.tokens }, cost: { currency: 'USD', ...cost } };
}

/** Nearest-rank percentile (the smallest value with at least p% of the values at or below it). */
export function nearestRank(sorted: number[], percent: number): number | undefined {
	if (sorted.length === 0) return undefined;
	return sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)];
}

function tallyInto(groups: Map<string, Tally>, key: string, item: MeteredItem): void {
	let tally = groups.get(key);
	if (!tally) groups.set(key, (tally = emptyTally()));
	addItem(tally, item);
}

const byKey = (groups: Map<string, Tally>) =>
	Object.fromEntries([...groups].map(([key, tally]) => [key, groupSummary(tally)]));

export function summarizeCosts(inputs: SummaryInput[], options: { runsPerDay?: number } = {}): CostSummary {
	const total = emptyTally();
	const models = new Map<string, Tally>();
	const tiers = new Map<string, Tally>();
	const sources = new Map<string, Tally>();
	for (const input of inputs) {
		const item = meteredItem(input.json);
		if (!item) continue;
		addItem(total, item);
		tallyInto(models, item.model, item);
		tallyInto(tiers, item.tier, item);
		tallyInto(sources, input.source, item);
	}
	const sorted = [...total.itemTotals].sort((a, b) => a - b);
	const priced = sorted.length;
	const summary: CostSummary = {
		...groupSummary(total),
		calls: total.items,
		inputItems: inputs.length,
		itemsWithoutUsage: inputs.length - total.items,
		averageCostPerItem: priced ? picoToUsd(Math.round(total.pico.total / priced)) : null,
		p95CostPerItem: priced ? picoToUsd(nearestRank(sorted, 95)!) : null,
		byModel: byKey(models),
		byTier: byKey(tiers),
		bySourceNode: byKey(sources),
	};
	const runsPerDay = options.runsPerDay ?? 0;
	if (runsPerDay > 0) {
		// Whole runs keep the product exact in picodollars; a fractional rate is rounded once.
		const perDay = Math.round(total.pico.total * runsPerDay);
		summary.projection = { runsPerDay, daysPerMonth: DAYS_PER_MONTH, perDay: picoToUsd(perDay), perMonth: picoToUsd(perDay * DAYS_PER_MONTH) };
	}
	return summary;
}

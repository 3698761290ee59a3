import { computeCost, inForce, PRICE_TABLE, TIERS, type PriceTable, type ServiceTier } from '../pricing';
import { picoToUsd, usdToPico } from '../pricing/money';
import { meteredItem, tokenCountsOf, type MeteredItem } from './meteredItem';

/**
 * Gemini Cost's Compare: the token counts the items used, priced again under other models and
 * tiers with the same engine (computeCost) and the execution's price table. What-if only: another
 * model's tokenizer and answer length differ, so its real cost would not be these exact numbers.
 */

export interface CompareOption {
	model: string;
	tier: ServiceTier;
}

export interface CompareRow {
	model: string;
	tier: ServiceTier;
	whatIf: true;
	/** Items priced in this row (the items whose paid cost is known). */
	items: number;
	/** What-if cost of those items' tokens; null when this model/tier is not priced for them. */
	total: number | null;
	/** What was paid for the same items. */
	paid: number;
	/** total ÷ paid; null when either is unknown or nothing was paid. */
	ratioToPaid: number | null;
	/** True for the model and tier the items were actually served on. */
	current: boolean;
	note: string;
}

export const WHAT_IF_NOTE =
	'What-if: the same token counts priced under this model and tier. Another model tokenizes and answers differently, so its real cost differs. Tool fees are carried over as paid.';

const FAMILY = /^gemini-(\d+)(?:\.(\d+))?-(flash-lite|flash|pro)(?:-preview)?$/;
const KINDS = ['flash-lite', 'flash', 'pro'] as const;

/** The newest Flash-Lite, Flash and Pro rows of the same major generation as `model`, in force at `at`. */
export function sameGenerationModels(model: string, table: PriceTable = PRICE_TABLE, at: Date = new Date()): string[] {
	const major = FAMILY.exec(model)?.[1];
	if (major === undefined) return [];
	const newest = new Map<string, { id: string; minor: number }>();
	for (const row of table.models) {
		const match = FAMILY.exec(row.id);
		if (!match || match[1] !== major || !inForce(row, at)) continue;
		const minor = Number(match[2] ?? 0);
		const best = newest.get(match[3]);
		if (!best || minor > best.minor) newest.set(match[3], { id: row.id, minor });
	}
	return KINDS.flatMap((kind) => (newest.has(kind) ? [newest.get(kind)!.id] : []));
}

/** The model with the most metered items (ties: the first seen). */
function currentModel(items: MeteredItem[]): string | undefined {
	const counts = new Map<string, number>();
	for (const item of items) counts.set(item.model, (counts.get(item.model) ?? 0) + 1);
	let best: string | undefined;
	for (const [model, n] of counts) if (best === undefined || n > counts.get(best)!) best = model;
	return best;
}

/**
 * The options to compare: the user's models × tiers when given; by default the current model on
 * every tier plus the same generation's Flash-Lite, Flash and Pro on Standard.
 */
export function compareOptions(current: string, picked: { models: string[]; tiers: ServiceTier[] }, table: PriceTable, at: Date): CompareOption[] {
	if (picked.models.length) {
		const tiers = picked.tiers.length ? picked.tiers : ['standard' as const];
		return picked.models.flatMap((model) => tiers.map((tier) => ({ model, tier })));
	}
	const tiers = picked.tiers.length ? picked.tiers : [...TIERS];
	const others = sameGenerationModels(current, table, at).filter((model) => model !== current);
	return [...tiers.map((tier) => ({ model: current, tier })), ...others.map((model) => ({ model, tier: 'standard' as const }))];
}

function priceRow(option: CompareOption, items: MeteredItem[], table: PriceTable, at: Date, current?: { model: string; tier: string }): CompareRow {
	let paid = 0;
	let whatIf: number | null = 0;
	for (const item of items) {
		const cost = computeCost({ model: option.model, tier: option.tier, usage: tokenCountsOf(item.tokens), table, at });
		paid += item.pico!.total;
		whatIf = whatIf === null || cost.total === null ? null : whatIf + usdToPico(cost.total) + item.pico!.tools;
	}
	return {
		model: option.model,
		tier: option.tier,
		whatIf: true,
		items: items.length,
		total: whatIf === null ? null : picoToUsd(whatIf),
		paid: picoToUsd(paid),
		ratioToPaid: whatIf === null || paid === 0 ? null : whatIf / paid,
		current: current?.model === option.model && current.tier === option.tier,
		note: WHAT_IF_NOTE,
	};
}

/** One what-if row per option, over the items whose paid cost is known. */
export function compareCosts(
	jsons: unknown[],
	picked: { models: string[]; tiers: ServiceTier[] } = { models: [], tiers: [] },
	table: PriceTable = PRICE_TABLE,
	at: Date = new Date(),
): CompareRow[] {
	const items = jsons.map(meteredItem).filter((item): item is MeteredItem => item?.pico != null);
	const model = currentModel(items);
	if (model === undefined) return [];
	const tiers = new Set(items.filter((item) => item.model === model).map((item) => item.tier));
	const current = tiers.size === 1 ? { model, tier: [...tiers][0] } : undefined;
	return compareOptions(model, picked, table, at).map((option) => priceRow(option, items, table, at, current));
}

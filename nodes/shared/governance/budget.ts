import { computeCost, type PriceOverride, type PriceTable, type ServiceTier } from '../pricing';
import { picoToUsd, usdDecimalText, usdToPico } from '../pricing/money';

/**
 * A node's spending ceiling for one execution (and optionally a workflow's per-day one). Before an
 * item is sent, the exact spend so far plus the estimates of the items still in flight plus this
 * item's estimate must stay within the ceiling. Amounts are whole picodollars, so the comparison is
 * exact. Pure: the caller says when an item starts, ends and what it cost.
 */

export type BudgetAction = 'stop' | 'skip';

export interface BudgetLimits {
	/** USD ceiling for this node in this execution; undefined = none. */
	ceilingUsd?: number;
	action: BudgetAction;
	/** USD ceiling per UTC day for the workflow (static data, best effort); undefined = none. */
	dailyUsd?: number;
	/** Spent today by earlier executions, as read from the workflow's static data. */
	spentTodayUsd?: number;
}

export interface BudgetRefusal {
	itemIndex: number;
	/** Which ceiling: this node's per-execution one, or the workflow's daily one. */
	limit: 'execution' | 'daily';
	ceilingUsd: number;
	spentUsd: number;
	inFlightUsd: number;
	estimateUsd: number;
	message: string;
}

const usd = (pico: number) => `$${usdDecimalText(picoToUsd(pico))}`;

/** The ledger of one node's execution. */
export class BudgetLedger {
	private spentPico = 0;
	private readonly inFlight = new Map<number, number>();
	/** Set by the first refusal: with "skip" every later item is skipped too (items stay in order). */
	private refused: BudgetRefusal | undefined;
	private readonly ceilingPico?: number;
	private readonly dailyPico?: number;
	private readonly spentTodayPico: number;

	constructor(readonly limits: BudgetLimits) {
		this.ceilingPico = limits.ceilingUsd === undefined ? undefined : usdToPico(limits.ceilingUsd);
		this.dailyPico = limits.dailyUsd === undefined ? undefined : usdToPico(limits.dailyUsd);
		this.spentTodayPico = usdToPico(limits.spentTodayUsd ?? 0);
	}

	get spentUsd(): number {
		return picoToUsd(this.spentPico);
	}

	/** Whether an item with this estimate may be sent; reserves the estimate when it may. */
	admit(itemIndex: number, estimateUsd: number): BudgetRefusal | undefined {
		if (this.refused) return { ...this.refused, itemIndex, message: this.refused.message };
		const estimate = usdToPico(estimateUsd);
		const inFlight = [...this.inFlight.values()].reduce((sum, pico) => sum + pico, 0);
		const committed = this.spentPico + inFlight + estimate;
		if (this.ceilingPico !== undefined && committed > this.ceilingPico) {
			return (this.refused = this.refusal(itemIndex, 'execution', this.ceilingPico, this.spentPico, inFlight, estimate));
		}
		if (this.dailyPico !== undefined && this.spentTodayPico + committed > this.dailyPico) {
			return (this.refused = this.refusal(itemIndex, 'daily', this.dailyPico, this.spentTodayPico + this.spentPico, inFlight, estimate));
		}
		this.inFlight.set(itemIndex, estimate);
		return undefined;
	}

	/** The item's answer arrived: its reservation becomes its exact cost (the estimate when unknown). */
	settle(itemIndex: number, costUsd: number | null): void {
		const reserved = this.inFlight.get(itemIndex) ?? 0;
		this.inFlight.delete(itemIndex);
		// An unknown cost is not 0: the estimate stands in for it, so the ceiling still holds.
		this.spentPico += costUsd === null ? reserved : usdToPico(costUsd);
	}

	/** The item failed before anything was billed: its reservation is freed. */
	release(itemIndex: number): void {
		this.inFlight.delete(itemIndex);
	}

	private refusal(itemIndex: number, limit: 'execution' | 'daily', ceiling: number, spent: number, inFlight: number, estimate: number): BudgetRefusal {
		const what = limit === 'execution' ? 'this node’s budget for the execution (Budget (USD), budgetUsd)' : 'the workflow’s daily budget (Daily Budget (USD), dailyBudgetUsd)';
		const flight = inFlight > 0 ? ` plus ${usd(inFlight)} estimated for items still in flight` : '';
		return {
			itemIndex,
			limit,
			ceilingUsd: picoToUsd(ceiling),
			spentUsd: picoToUsd(spent),
			inFlightUsd: picoToUsd(inFlight),
			estimateUsd: picoToUsd(estimate),
			message: `Budget reached at item ${itemIndex}: spent ${usd(spent)}${flight} of ${what} of ${usd(ceiling)}; this item's estimate of ${usd(estimate)} would pass it.`,
		};
	}
}

/**
 * Prompt tokens counted locally: one token per 4 characters, rounded up (Google's rule of thumb,
 * https://ai.google.dev/gemini-api/docs/tokens). A rough estimate, not a bound: text in scripts
 * without spaces between words (Chinese, Japanese) can use more; Count Tokens gives exact numbers.
 * Inline files count 1 token per 4 bytes of base64 as a stand-in.
 */
export function estimatePromptTokens(texts: readonly string[], inlineBase64Chars = 0): number {
	const chars = texts.reduce((sum, text) => sum + [...text].length, 0);
	return Math.ceil(chars / 4) + Math.ceil(inlineBase64Chars / 4);
}

/**
 * An item's estimated cost: its prompt tokens at the input price plus `outputTokens` (Max Output
 * Tokens, thinking included) at the output price, on the tier asked for; null when not priced.
 */
export function estimateItemCost(input: {
	model: string;
	tier: ServiceTier;
	promptTokens: number;
	outputTokens: number;
	table: PriceTable;
	override?: PriceOverride;
}): number | null {
	const { promptTokens, outputTokens } = input;
	const usage = {
		promptTokens,
		cachedTokens: 0,
		outputTokens,
		thoughtsTokens: 0,
		toolUsePromptTokens: 0,
		totalTokens: promptTokens + outputTokens,
		audioPromptTokens: 0,
		audioCachedTokens: 0,
	};
	return computeCost({ model: input.model, tier: input.tier, usage, table: input.table, override: input.override }).total;
}

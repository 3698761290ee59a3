import { computeCost, type Cost, type PriceOverride, type ServiceTier, type TokenCounts } from './computeCost';
import type { PriceTable } from './types';
import { addCosts } from './usage';

/**
 * The input cost of many requests known before they are sent (a batch job's counted tokens).
 * Each request is priced on its own, as Google bills it: the long-context rate applies to a
 * request whose own prompt passes the threshold, never to the sum of all prompts.
 */

export interface InputEstimate {
	requests: number;
	inputTokens: number;
	/** Requests priced at the long-context rate. */
	longContextRequests: number;
	/** Sum of the per-request costs; amounts null when any request is unpriced. */
	cost: Cost;
}

export function estimateInputCost(params: {
	model: string;
	tier: ServiceTier;
	prompts: Iterable<TokenCounts>;
	override?: PriceOverride;
	/** The execution's price table; default the built-in one. */
	table?: PriceTable;
	/** When the requests are made (the prices in force then); default now. */
	at?: Date;
}): InputEstimate | undefined {
	let estimate: InputEstimate | undefined;
	for (const usage of params.prompts) {
		const cost = computeCost({ model: params.model, tier: params.tier, usage, override: params.override, table: params.table, at: params.at });
		estimate = {
			requests: (estimate?.requests ?? 0) + 1,
			inputTokens: (estimate?.inputTokens ?? 0) + usage.promptTokens,
			longContextRequests: (estimate?.longContextRequests ?? 0) + (cost.pricing.longContext ? 1 : 0),
			cost: estimate ? addCosts(estimate.cost, cost) : cost,
		};
	}
	return estimate;
}

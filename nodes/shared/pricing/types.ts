/**
 * Vendor-neutral data model of a price table. Nothing here is Gemini-specific: a
 * DeepSeek-style "cache hit / cache miss" price list fits the same shape
 * (cache miss = `input`, cache hit = `cacheRead`).
 */

/** Service tiers a request can be served on. Batch jobs are billed as their own tier. */
export const TIERS = ['standard', 'flex', 'priority', 'batch'] as const;

export type ServiceTier = (typeof TIERS)[number];

/** Prices in USD per 1M tokens for one model on one tier. */
export interface RateCard {
	/** Uncached prompt tokens (a "cache miss"). */
	input: number;
	/**
	 * Output tokens, thinking included. Absent for models that produce no output
	 * tokens (embeddings): a request that does report output tokens is then unpriced.
	 */
	output?: number;
	/** Cached prompt tokens (a "cache hit"). Absent: the model has no listed cache price. */
	cacheRead?: number;
	/** Uncached audio prompt tokens. Absent: audio is billed at `input`. */
	audioInput?: number;
	/** Cached audio prompt tokens. Absent: cached audio is billed at `cacheRead`. */
	audioCacheRead?: number;
}

/** One rate card per tier. A tier the price list does not offer for a model is absent. */
export type TierRates = Partial<Record<ServiceTier, RateCard>>;

/** Rates that apply to the whole request once the prompt passes a size threshold. */
export interface LongContextPrices extends TierRates {
	/** Long-context rates apply when the prompt token count is strictly greater than this. */
	thresholdTokens: number;
}

export interface ModelPrices extends TierRates {
	/** Canonical model id, e.g. 'gemini-2.5-flash'. */
	id: string;
	/** Other ids billed exactly like this one. */
	aliases?: readonly string[];
	longContext?: LongContextPrices;
	/** Free-form remark (retirement date, provenance of derived numbers). */
	note?: string;
}

export interface PriceTable {
	/** Date the prices were captured; reported on every cost as `pricing.table`. */
	version: string;
	source: string;
	currency: 'USD';
	unit: 'per 1M tokens';
	models: readonly ModelPrices[];
}

export function isServiceTier(value: unknown): value is ServiceTier {
	return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

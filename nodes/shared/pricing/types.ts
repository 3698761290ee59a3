/**
 * Vendor-neutral data model of a price table. Nothing here is Gemini-specific: a
 * DeepSeek-style "cache hit / cache miss" price list fits the same shape
 * (cache miss = `input`, cache hit = `cacheRead`). The built-in table and a user's table
 * (GEMINI_METER_PRICE_TABLE, the credentials' "Price Table (JSON)") share this format;
 * docs/price-table.schema.json is its JSON Schema.
 */

/** Service tiers a request can be served on. Batch jobs are billed as their own tier. */
export const TIERS = ['standard', 'flex', 'priority', 'batch'] as const;

export type ServiceTier = (typeof TIERS)[number];

/** Prices in USD per 1M tokens for one model on one tier. */
export interface RateCard {
	/** Uncached prompt tokens (a "cache miss"). */
	input: number;
	/**
	 * Text output tokens, thinking included. Absent for models that produce no output
	 * tokens (embeddings): a request that does report output tokens is then unpriced.
	 */
	output?: number;
	/** Cached prompt tokens (a "cache hit"). Absent: the model has no listed cache price. */
	cacheRead?: number;
	/** Uncached audio prompt tokens. Absent: audio is billed at `input`. */
	audioInput?: number;
	/** Cached audio prompt tokens. Absent: cached audio is billed at `cacheRead`. */
	audioCacheRead?: number;
	/** Image output tokens. Absent: a response with image tokens is unpriced. */
	imageOutput?: number;
	/** Audio output tokens (speech). Absent: a response with audio tokens is unpriced. */
	audioOutput?: number;
	/** Video output tokens. Absent: a response with video tokens is unpriced. */
	videoOutput?: number;
}

/** One rate card per tier. A tier the price list does not offer for a model is absent. */
export type TierRates = Partial<Record<ServiceTier, RateCard>>;

/** Rates that apply to the whole request once the prompt passes a size threshold. */
export interface LongContextPrices extends TierRates {
	/** Long-context rates apply when the prompt token count is strictly greater than this. */
	thresholdTokens: number;
}

/** A per-request tool fee: per search query the model ran, or once per grounded prompt. */
export interface ToolFee {
	/** USD per query or per grounded prompt (Google prints "$14 / 1,000": 0.014). */
	usd: number;
	per: 'query' | 'prompt';
}

export interface ToolPrices {
	googleSearch?: ToolFee;
	googleMaps?: ToolFee;
}

/** One price row: a model's prices over a period (open-ended when `from`/`until` are absent). */
export interface ModelPrices extends TierRates {
	/** Canonical model id, e.g. 'gemini-2.5-flash'. */
	id: string;
	/** Other ids billed exactly like this one. */
	aliases?: readonly string[];
	/** First day (UTC, inclusive) this row is in force: 'YYYY-MM-DD' or an ISO date-time. */
	from?: string;
	/** First day (UTC) this row is no longer in force (exclusive). */
	until?: string;
	/** Where the numbers come from: a public URL or owner/repo@commit:path. */
	source?: string;
	/** Date the source was read or says it was captured. */
	captured?: string;
	longContext?: LongContextPrices;
	/** Context cache storage, USD per 1M tokens per hour (standard tier). */
	cacheStorage?: number;
	/** Per-request tool fees at the paid rate (free allowances are not known per call). */
	tools?: ToolPrices;
	/** Prices per generated unit (e.g. "second", "song", "image"), USD: data only, for models billed per item. */
	perUnit?: Readonly<Record<string, number>>;
	/** Free-form remark (retirement date, provenance of derived numbers). */
	note?: string;
}

/** A fee not tied to one generate call (e.g. File Search indexing), USD per 1M tokens. */
export interface TableFee {
	usdPerMillionTokens: number;
	source?: string;
	note?: string;
}

export interface PriceTable {
	/** Date the prices were captured; reported on every cost as `pricing.table`. */
	version: string;
	source: string;
	currency: 'USD';
	unit: 'per 1M tokens';
	fees?: Readonly<Record<string, TableFee>>;
	models: readonly ModelPrices[];
}

export function isServiceTier(value: unknown): value is ServiceTier {
	return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

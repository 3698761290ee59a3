import { picoToUsd, priceUnits } from './money';
import { PRICE_TABLE } from './priceTable';
import { resolveCallPrices } from './resolveModel';
import type { PriceTable } from './types';

/**
 * Context cache storage: billed per token per hour the cache exists, prorated
 * ("Caching: 90% discount + prorated token storage", https://ai.google.dev/gemini-api/docs/optimization).
 * The rate is the one in force at `at` (the cache's creation). Unknown (null) when the model
 * has no listed storage price.
 */
export interface CacheStorageCost {
	usd: number | null;
	/** The row that priced it, its storage rate (USD per 1M tokens per hour) and the table. */
	pricing: { table: string; model: string; usdPerMillionTokensHour: number | null; validFrom: string | null; validUntil: string | null };
}

const MS_PER_HOUR = 3_600_000;

export function cacheStorageCost(params: {
	model: string;
	tokens: number;
	/** How long the cache is kept, in hours (may be fractional). */
	hours: number;
	at?: Date;
	table?: PriceTable;
}): CacheStorageCost {
	const { model, tokens, hours, at = new Date(), table = PRICE_TABLE } = params;
	if (!Number.isSafeInteger(tokens) || tokens < 0) throw new RangeError(`Cached token count must be a whole number ≥ 0, got ${tokens}`);
	if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Storage hours must be a number ≥ 0, got ${hours}`);
	const prices = resolveCallPrices(model, undefined, table, at)?.prices;
	const rate = prices?.cacheStorage;
	const pricing = {
		table: table.version,
		model: prices?.id ?? model,
		usdPerMillionTokensHour: rate ?? null,
		validFrom: prices?.from ?? null,
		validUntil: prices?.until ?? null,
	};
	if (rate === undefined) return { usd: null, pricing };
	// tokens × price units is picodollars per hour; prorate by milliseconds, round to the picodollar.
	const milliseconds = Math.round(hours * MS_PER_HOUR);
	return { usd: picoToUsd(Math.round((tokens * priceUnits(rate) * milliseconds) / MS_PER_HOUR)), pricing };
}

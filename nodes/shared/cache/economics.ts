import { cacheStorageCost, PRICE_TABLE, resolveCallPrices } from '../pricing';
import { picoToUsd, tokensCostPico, usdToPico } from '../pricing/money';
import type { PriceTable, RateCard } from '../pricing';

/**
 * What an explicit context cache costs and when it pays, at the model's standard prices
 * (https://ai.google.dev/gemini-api/docs/pricing): creating it bills its tokens once as input,
 * keeping it bills storage per token-hour, and each request that uses it reads them at the cache
 * price instead of the input price. Pure: no I/O, all money in picodollars until the end.
 */
export interface CacheEconomics {
	cachedTokens: number;
	/** The one-off creation: the cached tokens at the input price. */
	creationUsd: number | null;
	/** Storage of these tokens for one hour. */
	storagePerHourUsd: number | null;
	/** Storage for the hours asked (the TTL). */
	storageUsd: number | null;
	storageHours: number;
	/** Creation plus storage for the hours asked: the cache's cost before any read. */
	fixedUsd: number | null;
	/** Reading the cached tokens once (one request). */
	readPerRequestUsd: number | null;
	/** Sending the same tokens uncached once. */
	uncachedPerRequestUsd: number | null;
	/**
	 * Smallest number of requests for which creation + storage + reads cost less than sending the
	 * content with every request. Null when unknown or never (reads cost as much as input).
	 */
	breakEvenRequests: number | null;
	pricing: { table: string; model: string; input: number | null; cacheRead: number | null; storagePerMillionTokensHour: number | null };
}

function cardFor(model: string, tokens: number, table: PriceTable, at: Date): RateCard | undefined {
	const prices = resolveCallPrices(model, undefined, table, at)?.prices;
	if (!prices) return undefined;
	const long = prices.longContext;
	return long && tokens > long.thresholdTokens && long.standard ? long.standard : prices.standard;
}

export function cacheEconomics(params: { model: string; cachedTokens: number; hours: number; at?: Date; table?: PriceTable }): CacheEconomics {
	const { model, cachedTokens, hours, at = new Date(), table = PRICE_TABLE } = params;
	const card = cardFor(model, cachedTokens, table, at);
	const storage = cacheStorageCost({ model, tokens: cachedTokens, hours, at, table });
	const perHour = cacheStorageCost({ model, tokens: cachedTokens, hours: 1, at, table });
	const input = card?.input;
	const read = card?.cacheRead;
	const creationPico = input === undefined ? undefined : tokensCostPico(cachedTokens, input);
	const readPico = read === undefined ? undefined : tokensCostPico(cachedTokens, read);
	const fixed = creationPico !== undefined && storage.usd !== null ? creationPico + usdToPico(storage.usd) : undefined;
	let breakEven: number | null = null;
	if (fixed !== undefined && creationPico !== undefined && readPico !== undefined) {
		const savingPerRequest = creationPico - readPico;
		// n requests pay when n × saving > fixed: the smallest such n.
		if (savingPerRequest > 0) breakEven = Math.floor(fixed / savingPerRequest) + 1;
	}
	return {
		cachedTokens,
		creationUsd: creationPico === undefined ? null : picoToUsd(creationPico),
		storagePerHourUsd: perHour.usd,
		storageUsd: storage.usd,
		storageHours: hours,
		fixedUsd: fixed === undefined ? null : picoToUsd(fixed),
		readPerRequestUsd: readPico === undefined ? null : picoToUsd(readPico),
		uncachedPerRequestUsd: creationPico === undefined ? null : picoToUsd(creationPico),
		breakEvenRequests: breakEven,
		pricing: {
			table: table.version,
			model: storage.pricing.model,
			input: input ?? null,
			cacheRead: read ?? null,
			storagePerMillionTokensHour: storage.pricing.usdPerMillionTokensHour,
		},
	};
}

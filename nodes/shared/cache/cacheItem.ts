import type { IDataObject } from 'n8n-workflow';

import type { PriceTable } from '../pricing';
import { cachedTokenCount, type CachedContent } from './cachedContents';
import { cacheEconomics } from './economics';

/** A cache as an item shows it, and the costs of keeping it. Pure. */

const MS_PER_HOUR = 3_600_000;

export function cacheSummary(cache: CachedContent, now: Date = new Date()): IDataObject {
	const expires = cache.expireTime ? Date.parse(cache.expireTime) : Number.NaN;
	return {
		name: cache.name,
		displayName: cache.displayName ?? null,
		model: cache.model?.replace(/^models\//, '') ?? null,
		cachedTokens: cachedTokenCount(cache) ?? null,
		createTime: cache.createTime ?? null,
		expireTime: cache.expireTime ?? null,
		expiresInSeconds: Number.isFinite(expires) ? Math.max(0, Math.round((expires - now.getTime()) / 1000)) : null,
	};
}

/** Hours from `from` to the cache's expiry (0 when past or unknown). */
export function hoursUntilExpiry(cache: CachedContent, from: Date): number {
	const expires = cache.expireTime ? Date.parse(cache.expireTime) : Number.NaN;
	return Number.isFinite(expires) ? Math.max(0, expires - from.getTime()) / MS_PER_HOUR : 0;
}

/**
 * Create's cost block: creation (the tokens at the input price, once), storage per hour and until
 * expiry, the price of each read against sending the content again, and the break-even.
 */
export function cacheCostJson(cache: CachedContent, model: string, table: PriceTable, now: Date = new Date()): IDataObject {
	const tokens = cachedTokenCount(cache);
	if (tokens === undefined) return { currency: 'USD', total: null, note: 'Gemini did not report the cache\'s token count, so its cost is unknown.' };
	const created = cache.createTime ? new Date(cache.createTime) : now;
	const economics = cacheEconomics({ model, cachedTokens: tokens, hours: hoursUntilExpiry(cache, created), at: created, table });
	return {
		currency: 'USD',
		creation: economics.creationUsd,
		storagePerHour: economics.storagePerHourUsd,
		storageHours: economics.storageHours,
		storageUntilExpiry: economics.storageUsd,
		// Creation plus storage for the whole TTL: what the cache costs if it is kept until it expires.
		total: economics.fixedUsd,
		readPerRequest: economics.readPerRequestUsd,
		uncachedPerRequest: economics.uncachedPerRequestUsd,
		breakEvenRequests: economics.breakEvenRequests,
		pricing: economics.pricing,
	};
}

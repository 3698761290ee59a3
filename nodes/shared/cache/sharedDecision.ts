import type { PriceTable } from '../pricing';
import { cacheEconomics } from './economics';
import { cacheMinimumTokens } from './minimums';

/** Whether the run's shared content is worth caching. Pure. */
export interface SharedCacheDecision {
	cache: boolean;
	/** Why not (or why), for the items. */
	reason: string;
	tokens: number | null;
}

export function decideSharedCache(input: { model: string; tokens: number | undefined; items: number; hours: number; table: PriceTable; at?: Date }): SharedCacheDecision {
	const { model, tokens, items } = input;
	if (tokens === undefined) return { cache: false, reason: 'countTokens gave no count for the shared content, so it was sent with every item uncached.', tokens: null };
	const minimum = cacheMinimumTokens(model);
	if (tokens < minimum) {
		return { cache: false, reason: `The shared content is ${tokens} tokens, under ${model}'s cache minimum of ${minimum}; it was sent with every item uncached.`, tokens };
	}
	const economics = cacheEconomics({ model, cachedTokens: tokens, hours: input.hours, at: input.at, table: input.table });
	if (economics.breakEvenRequests === null) {
		return { cache: false, reason: `${model} has no known cache price, so caching could not be shown to pay; the shared content was sent with every item uncached.`, tokens };
	}
	if (items < economics.breakEvenRequests) {
		return {
			cache: false,
			reason: `Caching ${tokens} tokens pays from ${economics.breakEvenRequests} requests (storage counted for the cache's whole TTL); this run has ${items}, so the shared content was sent with every item uncached.`,
			tokens,
		};
	}
	return { cache: true, reason: `Cached once for the run: ${tokens} tokens, paying from ${economics.breakEvenRequests} requests; this run has ${items}.`, tokens };
}

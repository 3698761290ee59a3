import { normalizeModelId } from '../pricing';

/**
 * Smallest context cache a model accepts, in tokens. Google's table
 * (https://ai.google.dev/gemini-api/docs/caching): 2.5 Flash and 3 Flash Preview 1,024, 2.5 Pro and
 * 3 Pro Preview 4,096. 2.5 Flash-Lite is not listed; the API refuses under 2,048
 * (`min_total_token_count=2048`, https://discuss.ai.google.dev/t/context-caching-docs-list-wrong-minimum-token-count-for-gemini-2-5-flash-flash-lite-missing-entirely/178942).
 * Models not listed get 4,096, the largest listed minimum: a smaller cache is then not tried,
 * which costs a missed saving at worst, never a refused create.
 */
const MINIMUMS: Readonly<Record<string, number>> = {
	'gemini-2.5-flash': 1024,
	'gemini-2.5-pro': 4096,
	'gemini-2.5-flash-lite': 2048,
	'gemini-3-flash-preview': 1024,
	'gemini-3-pro-preview': 4096,
	'gemini-3.1-pro-preview': 4096,
};

export const UNLISTED_CACHE_MINIMUM = 4096;

export function cacheMinimumTokens(model: string): number {
	return MINIMUMS[normalizeModelId(model)] ?? UNLISTED_CACHE_MINIMUM;
}

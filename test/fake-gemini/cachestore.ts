/**
 * Context caches (`cachedContents`), kept in memory. Expiry follows the clock, no timers: a cache
 * whose `expireTime` has passed is gone for every route, as on the real API.
 */
import { randomBytes } from 'node:crypto';
import type { PromptCount } from './tokens';
import { countPrompt } from './tokens';
import type { Content } from './types';

/**
 * Minimum tokens of a cache per model. Google's table (https://ai.google.dev/gemini-api/docs/caching):
 * 2.5 Flash and 3 Flash Preview 1,024, 2.5 Pro and 3 Pro Preview 4,096; 2.5 Flash-Lite is not listed
 * and the API enforces 2,048 (its 400 says `min_total_token_count=2048`,
 * https://discuss.ai.google.dev/t/context-caching-docs-list-wrong-minimum-token-count-for-gemini-2-5-flash-flash-lite-missing-entirely/178942).
 * Other models here: 4,096 (the strictest listed value).
 */
export const CACHE_MINIMUM_TOKENS: Readonly<Record<string, number>> = {
	'gemini-2.5-flash': 1024,
	'gemini-2.5-pro': 4096,
	'gemini-2.5-flash-lite': 2048,
	'gemini-3-flash-preview': 1024,
	'gemini-3.1-pro-preview': 4096,
};
export const DEFAULT_CACHE_MINIMUM = 4096;

export function cacheMinimum(model: string): number {
	return CACHE_MINIMUM_TOKENS[model] ?? DEFAULT_CACHE_MINIMUM;
}

export interface StoredCache {
	id: string;
	model: string;
	displayName?: string;
	contents: Content[];
	systemInstruction?: Content;
	tools?: unknown[];
	toolConfig?: unknown;
	createTime: number;
	updateTime: number;
	expireTime: number;
	count: PromptCount;
}

export type NewCache = Omit<StoredCache, 'id' | 'createTime' | 'updateTime' | 'count'>;

export class CacheStore {
	private readonly caches = new Map<string, StoredCache>();
	/** Ids that existed once (deleted or expired): using them is refused, not treated as unknown. */
	private readonly gone = new Set<string>();

	constructor(private readonly now: () => number = Date.now) {}

	create(input: NewCache): StoredCache {
		const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x');
		const time = this.now();
		const cache: StoredCache = { ...input, id, createTime: time, updateTime: time, count: countPrompt(input.contents, input.systemInstruction, false) };
		this.caches.set(id, cache);
		return cache;
	}

	/** The live cache, or undefined (unknown, deleted or expired). */
	get(id: string): StoredCache | undefined {
		this.expire();
		return this.caches.get(id);
	}

	/** True for an id this server created that no longer exists. */
	wasRemoved(id: string): boolean {
		this.expire();
		return this.gone.has(id);
	}

	/** Live caches, newest first. */
	list(): StoredCache[] {
		this.expire();
		return [...this.caches.values()].sort((a, b) => b.createTime - a.createTime);
	}

	setExpiry(cache: StoredCache, expireTime: number): void {
		cache.expireTime = expireTime;
		cache.updateTime = this.now();
	}

	delete(id: string): void {
		this.caches.delete(id);
		this.gone.add(id);
	}

	reset(): void {
		this.caches.clear();
		this.gone.clear();
	}

	private expire(): void {
		const now = this.now();
		for (const [id, cache] of this.caches) if (cache.expireTime <= now) this.delete(id);
	}
}

/** The CachedContent resource as the API shows it (contents are never sent back). */
export function cacheResource(cache: StoredCache): Record<string, unknown> {
	const resource: Record<string, unknown> = {
		name: `cachedContents/${cache.id}`,
		model: `models/${cache.model}`,
		createTime: new Date(cache.createTime).toISOString(),
		updateTime: new Date(cache.updateTime).toISOString(),
		expireTime: new Date(cache.expireTime).toISOString(),
		usageMetadata: { totalTokenCount: cache.count.total },
	};
	if (cache.displayName !== undefined) resource.displayName = cache.displayName;
	return resource;
}

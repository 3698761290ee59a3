import { z } from 'zod';

import { findInPages, uniqueDisplayName } from '../execution/batchCreate';
import { createOnce } from '../execution/createOnce';
import type { CallSettings, GeminiClient } from '../transport/GeminiClient';

/**
 * The `cachedContents` calls (https://ai.google.dev/api/caching): create (at most once: a create
 * whose answer was lost is looked for by its unique display name before anything is sent again),
 * list, get, update the expiry, delete.
 */

export const cachedContentSchema = z
	.object({
		name: z.string(),
		model: z.string().optional(),
		displayName: z.string().optional(),
		createTime: z.string().optional(),
		updateTime: z.string().optional(),
		expireTime: z.string().optional(),
		usageMetadata: z.object({ totalTokenCount: z.number().optional() }).passthrough().optional(),
	})
	.passthrough();

export type CachedContent = z.infer<typeof cachedContentSchema>;

/** What goes into a cache: the request fields it may hold, and how long it lives. */
export interface CacheBody {
	model: string;
	contents?: unknown[];
	systemInstruction?: unknown;
	tools?: unknown[];
	toolConfig?: unknown;
	expiry: Expiry;
}

export type Expiry = { ttlSeconds: number } | { expireTime: string };

function expiryFields(expiry: Expiry): Record<string, string> {
	return 'ttlSeconds' in expiry ? { ttl: `${expiry.ttlSeconds}s` } : { expireTime: expiry.expireTime };
}

export function cachePath(name: string): string {
	return name.startsWith('cachedContents/') ? name : `cachedContents/${name}`;
}

function parse(body: unknown): CachedContent {
	return cachedContentSchema.parse(body);
}

export interface CreatedCache {
	cache: CachedContent;
	displayName: string;
	attempts: number;
	foundExisting: boolean;
	note: string;
}

/**
 * Creates the cache named `unique` (by default `<displayName> (n8n <random>)`), at most once.
 * A caller that must find the cache after a stop passes its own unique name.
 */
export async function createCache(
	client: GeminiClient,
	displayName: string,
	body: CacheBody,
	settings: CallSettings,
	unique: string = uniqueDisplayName(displayName || 'cache'),
): Promise<CreatedCache> {
	const { expiry, model, ...content } = body;
	const wire = { model: model.startsWith('models/') ? model : `models/${model}`, displayName: unique, ...content, ...expiryFields(expiry) };
	const created = await createOnce({
		what: 'cache',
		identity: `named "${unique}"`,
		settings,
		create: async (callSettings) => parse((await client.json<unknown>('POST', 'cachedContents', wire, callSettings)).body),
		find: async () => await findCacheByName(client, unique, settings),
	});
	return { cache: created.value, displayName: unique, attempts: created.attempts, foundExisting: created.found, note: created.note };
}

export async function listCaches(
	client: GeminiClient,
	pageToken: string | undefined,
	settings: CallSettings,
	pageSize = 100,
): Promise<{ caches: CachedContent[]; nextPageToken?: string }> {
	const query = new URLSearchParams({ pageSize: String(pageSize), ...(pageToken ? { pageToken } : {}) });
	const { body } = await client.json<{ cachedContents?: unknown[]; nextPageToken?: string }>('GET', `cachedContents?${query.toString()}`, undefined, settings);
	return { caches: (body.cachedContents ?? []).map(parse), ...(body.nextPageToken ? { nextPageToken: body.nextPageToken } : {}) };
}

export async function findCacheByName(client: GeminiClient, displayName: string, settings: CallSettings): Promise<CachedContent | undefined> {
	return await findInPages(
		async (pageToken) => {
			const page = await listCaches(client, pageToken, settings);
			return { items: page.caches, nextPageToken: page.nextPageToken };
		},
		(cache) => cache.displayName === displayName,
	);
}

export async function getCache(client: GeminiClient, name: string, settings: CallSettings): Promise<CachedContent> {
	return parse((await client.json<unknown>('GET', cachePath(name), undefined, settings)).body);
}

/** A new TTL (from now) or expire time: the only thing a cache lets change. */
export async function updateCacheExpiry(client: GeminiClient, name: string, expiry: Expiry, settings: CallSettings): Promise<CachedContent> {
	const mask = 'ttlSeconds' in expiry ? 'ttl' : 'expireTime';
	return parse((await client.json<unknown>('PATCH', `${cachePath(name)}?updateMask=${mask}`, expiryFields(expiry), settings)).body);
}

export async function deleteCache(client: GeminiClient, name: string, settings: CallSettings): Promise<void> {
	await client.json<unknown>('DELETE', cachePath(name), undefined, settings);
}

/** The cache's token count as Google reports it (undefined when the answer has none). */
export function cachedTokenCount(cache: CachedContent): number | undefined {
	return cache.usageMetadata?.totalTokenCount;
}

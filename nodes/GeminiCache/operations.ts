import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { buildContentParts } from '../shared/cache/cacheContents';
import { cacheCostJson, cacheSummary, hoursUntilExpiry } from '../shared/cache/cacheItem';
import { createCache, deleteCache, getCache, listCaches, updateCacheExpiry, type Expiry } from '../shared/cache/cachedContents';
import { cacheEconomics } from '../shared/cache/economics';
import { listPages } from '../shared/execution/listPages';
import { runItems } from '../shared/execution/runItems';
import { InvalidParameterError, parseModel } from '../shared/parameters/settings';
import type { PriceTable } from '../shared/pricing';
import type { CallSettings, GeminiClient } from '../shared/transport/GeminiClient';

/** Gemini Cache's operations; the node file only picks one. */

const CACHE_CALL: Omit<CallSettings, 'signal'> = { timeoutMs: 120_000 };

function readExpiry(ctx: IExecuteFunctions, itemIndex: number): Expiry {
	if (ctx.getNodeParameter('expiration', itemIndex, 'ttl') === 'expireTime') {
		const raw = String(ctx.getNodeParameter('expireTime', itemIndex, '') ?? '');
		const time = Date.parse(raw);
		if (!Number.isFinite(time)) throw new InvalidParameterError('expireTime', `Expire Time (expireTime) is not a date: "${raw}"`);
		if (time <= Date.now()) throw new InvalidParameterError('expireTime', `Expire Time (expireTime) ${raw} is not in the future`);
		return { expireTime: new Date(time).toISOString() };
	}
	const ttl = Number(ctx.getNodeParameter('ttlSeconds', itemIndex, 3600));
	if (!Number.isFinite(ttl) || ttl <= 0) throw new InvalidParameterError('ttlSeconds', `TTL (Seconds) (ttlSeconds) must be a number above 0, got ${ttl}`);
	return { ttlSeconds: Math.round(ttl) };
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

function readTools(options: IDataObject): unknown[] | undefined {
	const raw = options.tools;
	if (raw === undefined || raw === '') return undefined;
	const tools: unknown = typeof raw === 'string' ? parseJson(raw) : raw;
	if (tools === NOT_JSON) throw new InvalidParameterError('options.tools', 'Tools (JSON) (options.tools) is not valid JSON');
	if (!Array.isArray(tools)) throw new InvalidParameterError('options.tools', 'Tools (JSON) (options.tools) must be a JSON array of Gemini tools');
	return tools.length ? tools : undefined;
}

function cacheName(ctx: IExecuteFunctions, itemIndex: number): string {
	const name = String(ctx.getNodeParameter('cacheName', itemIndex, '') ?? '').trim();
	if (!name) throw new InvalidParameterError('cacheName', 'Cache Name (cacheName) is empty; use the cache.name that Create returned');
	return name;
}

async function createOne(ctx: IExecuteFunctions, client: GeminiClient, itemIndex: number, settings: CallSettings, prices: PriceTable): Promise<IDataObject> {
	const { model } = parseModel(ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }));
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const expiry = readExpiry(ctx, itemIndex);
	const tools = readTools(options);
	const binaryProperties = String(ctx.getNodeParameter('binaryProperties', itemIndex, '') ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const displayName = String(options.displayName ?? '').trim() || `n8n ${ctx.getWorkflow().name ?? 'workflow'}`;
	const parts = await buildContentParts(ctx, client, itemIndex, { text: String(ctx.getNodeParameter('text', itemIndex, '') ?? ''), binaryProperties, label: displayName }, settings);
	const systemInstruction = String(options.systemInstruction ?? '');
	if (parts.length === 0 && systemInstruction.trim() === '') {
		throw new InvalidParameterError('text', 'Nothing to cache: Text (text), Binary Properties (binaryProperties) and System Instruction (options.systemInstruction) are all empty');
	}
	const created = await createCache(
		client,
		displayName,
		{
			model,
			...(parts.length ? { contents: [{ role: 'user', parts }] } : {}),
			...(systemInstruction.trim() ? { systemInstruction: { parts: [{ text: systemInstruction }] } } : {}),
			...(tools ? { tools } : {}),
			expiry,
		},
		settings,
	);
	return {
		cache: cacheSummary(created.cache),
		cost: cacheCostJson(created.cache, model, prices),
		submission: { attempts: created.attempts, foundExisting: created.foundExisting, note: created.note },
	};
}

/** Update TTL: the new expiry, and what storage costs from now until then. */
async function updateOne(client: GeminiClient, name: string, expiry: Expiry, settings: CallSettings, prices: PriceTable): Promise<IDataObject> {
	const cache = await updateCacheExpiry(client, name, expiry, settings);
	const now = new Date();
	const tokens = cache.usageMetadata?.totalTokenCount;
	const model = cache.model?.replace(/^models\//, '');
	const hours = hoursUntilExpiry(cache, now);
	const storage = tokens !== undefined && model ? cacheEconomics({ model, cachedTokens: tokens, hours, at: now, table: prices }) : undefined;
	return {
		cache: cacheSummary(cache, now),
		cost: {
			currency: 'USD',
			storagePerHour: storage?.storagePerHourUsd ?? null,
			storageHours: hours,
			storageUntilExpiry: storage?.storageUsd ?? null,
			note: 'Storage from now until the new expiry; storage before now was billed under the old TTL.',
		},
	};
}

export async function perItem(ctx: IExecuteFunctions, client: GeminiClient, operation: string, prices: PriceTable): Promise<INodeExecutionData[]> {
	return await runItems(ctx, 1, async (itemIndex, signal) => {
		const settings = { ...CACHE_CALL, signal };
		if (operation === 'create') return await createOne(ctx, client, itemIndex, settings, prices);
		const name = cacheName(ctx, itemIndex);
		if (operation === 'get') return { cache: cacheSummary(await getCache(client, name, settings)) };
		if (operation === 'updateTtl') return await updateOne(client, name, readExpiry(ctx, itemIndex), settings, prices);
		await deleteCache(client, name, settings);
		return { cache: { name }, deleted: true };
	});
}

export async function list(ctx: IExecuteFunctions, client: GeminiClient): Promise<INodeExecutionData[]> {
	return await listPages(ctx, async (pageToken) => {
		const page = await listCaches(client, pageToken, { ...CACHE_CALL, signal: ctx.getExecutionCancelSignal() });
		return { items: page.caches.map((cache) => ({ cache: cacheSummary(cache) })), nextPageToken: page.nextPageToken };
	});
}

/**
 * Context cache routes (`cachedContents`): create, list, get, patch (TTL or expire time), delete,
 * and what generateContent does with a `cachedContent` name. Wire shapes follow
 * https://ai.google.dev/api/caching. The store is `cachestore.ts`.
 */
import { parseAfterCreate, sendAfterFault } from './afterfaults';
import { cacheMinimum, cacheResource } from './cachestore';
import type { StoredCache } from './cachestore';
import type { RequestContext } from './context';
import type { ErrorReply } from './errors';
import { badField, modelNotFound, reply } from './errors';
import { sendJson, sendReply } from './http';
import { findModel, supportsMethod } from './models';
import { pageOf } from './paging';
import type { PromptCount } from './tokens';
import type { AfterFault, Content, GenerateContentRequest } from './types';
import { isRecord } from './types';
import { checkShape } from './validation';

const CREATE_FIELDS = ['model', 'contents', 'systemInstruction', 'tools', 'toolConfig', 'ttl', 'expireTime', 'displayName', 'name'];
const DEFAULT_TTL_MS = 3_600_000;
const DIRECTIVE_RE = /\[\[fake:([^\]]*)\]\]/g;

const camel = (key: string): string => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** `"300s"`, `"1.5s"` (google.protobuf.Duration JSON) in milliseconds; undefined when malformed. */
export function parseDuration(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d+(?:\.\d{1,9})?)s$/.exec(value);
	return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** The expiry asked for: `ttl` or `expireTime` (not both), else an hour from now. */
function expiryOf(body: Record<string, unknown>, now: number, at: string): number | ErrorReply {
	if (body.ttl !== undefined && body.expireTime !== undefined) return reply(400, `* ${at}: only one of ttl and expire_time may be set.\n`);
	if (body.ttl !== undefined) {
		const ms = parseDuration(body.ttl);
		if (ms === undefined || ms <= 0) return badField('cached_content.ttl', `Invalid value at 'cached_content.ttl' (type.googleapis.com/google.protobuf.Duration), ${JSON.stringify(body.ttl)}`);
		return now + ms;
	}
	if (body.expireTime !== undefined) {
		const time = typeof body.expireTime === 'string' ? Date.parse(body.expireTime) : Number.NaN;
		if (!Number.isFinite(time)) return badField('cached_content.expire_time', `Invalid value at 'cached_content.expire_time' (type.googleapis.com/google.protobuf.Timestamp), ${JSON.stringify(body.expireTime)}`);
		if (time <= now) return reply(400, 'Expire time must be in the future.');
		return time;
	}
	return now + DEFAULT_TTL_MS;
}

/** `reset-after-create` / `503-after-create` in the display name: the cache is created, the answer lost. */
function afterCreate(displayName: string | undefined): AfterFault | ErrorReply | undefined {
	let found: AfterFault | undefined;
	for (const match of (displayName ?? '').matchAll(DIRECTIVE_RE)) {
		for (const token of match[1].split(/\s+/).filter(Boolean)) {
			const after = parseAfterCreate(token);
			if (after === undefined) return reply(400, `unknown fake cache directive "${token}" in ${match[0]} (reset-after-create, 503-after-create)`);
			found = after;
		}
	}
	return found;
}

export function createCache(ctx: RequestContext): void {
	const body = ctx.body;
	if (!isRecord(body)) return sendReply(ctx.res, badField('', 'Invalid JSON payload received. Expected an object.'));
	const unknown = Object.keys(body).find((key) => !CREATE_FIELDS.includes(camel(key)));
	if (unknown !== undefined) return sendReply(ctx.res, badField('', `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`));
	const modelName = typeof body.model === 'string' ? body.model : '';
	if (!modelName.startsWith('models/')) return sendReply(ctx.res, reply(400, '* CachedContent.model: model is required, as "models/{model}".\n'));
	const model = findModel(modelName);
	if (!supportsMethod(model, 'createCachedContent')) return sendReply(ctx.res, modelNotFound(modelName.slice('models/'.length), 'createCachedContent'));
	if (body.displayName !== undefined && typeof body.displayName !== 'string') return sendReply(ctx.res, badField('cached_content.display_name', 'display_name must be a string'));
	const displayName = body.displayName as string | undefined;
	const after = afterCreate(displayName);
	if (after !== undefined && typeof after === 'object') return sendReply(ctx.res, after);
	const hasContents = body.contents !== undefined;
	if (!hasContents && body.systemInstruction === undefined) return sendReply(ctx.res, reply(400, '* CachedContent: contents or system_instruction is required.\n'));
	const shape = checkShape({ contents: hasContents ? body.contents : [{ role: 'user', parts: [{ text: '' }] }], systemInstruction: body.systemInstruction, tools: body.tools, toolConfig: body.toolConfig });
	if (!shape.ok) return sendReply(ctx.res, shape.error);
	const expireTime = expiryOf(body, Date.now(), 'CachedContent');
	if (typeof expireTime !== 'number') return sendReply(ctx.res, expireTime);
	const cache = ctx.state.caches.create({
		model: model.id,
		displayName,
		contents: hasContents ? (shape.value.contents ?? []) : [],
		systemInstruction: shape.value.systemInstruction,
		tools: shape.value.tools,
		toolConfig: shape.value.toolConfig,
		expireTime,
	});
	const minimum = cacheMinimum(model.id);
	if (cache.count.total < minimum) {
		ctx.state.caches.delete(cache.id);
		return sendReply(ctx.res, reply(400, `Cached content is too small. total_token_count=${cache.count.total}, min_total_token_count=${minimum}`));
	}
	if (after !== undefined) return sendAfterFault(ctx.res, after);
	sendJson(ctx.res, 200, cacheResource(cache));
}

function findCache(ctx: RequestContext, id: string): StoredCache | undefined {
	const cache = ctx.state.caches.get(id);
	if (!cache) sendReply(ctx.res, reply(403, `CachedContent not found (or permission denied)`));
	return cache;
}

export function getCache(ctx: RequestContext, id: string): void {
	const cache = findCache(ctx, id);
	if (cache) sendJson(ctx.res, 200, cacheResource(cache));
}

export function listCaches(ctx: RequestContext): void {
	const page = pageOf(ctx.url, ctx.state.caches.list());
	if (!page.ok) return sendReply(ctx.res, page.error);
	const body: Record<string, unknown> = {};
	// proto3 JSON: an empty list is left out.
	if (page.items.length > 0) body.cachedContents = page.items.map(cacheResource);
	if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
	sendJson(ctx.res, 200, body);
}

/** Only the expiry can change (`updateMask=ttl` or `expireTime`). */
export function patchCache(ctx: RequestContext, id: string): void {
	const cache = findCache(ctx, id);
	if (!cache) return;
	const body = isRecord(ctx.body) ? ctx.body : {};
	const mask = (ctx.url.searchParams.get('updateMask') ?? '').split(',').filter(Boolean).map(camel);
	const other = mask.find((field) => field !== 'ttl' && field !== 'expireTime');
	if (other !== undefined) return sendReply(ctx.res, reply(400, `Field ${other} cannot be updated; only ttl and expire_time can.`));
	if (body.ttl === undefined && body.expireTime === undefined) return sendReply(ctx.res, reply(400, '* CachedContent: ttl or expire_time is required to update.\n'));
	const expireTime = expiryOf(body, Date.now(), 'CachedContent');
	if (typeof expireTime !== 'number') return sendReply(ctx.res, expireTime);
	ctx.state.caches.setExpiry(cache, expireTime);
	sendJson(ctx.res, 200, cacheResource(cache));
}

export function deleteCache(ctx: RequestContext, id: string): void {
	if (!findCache(ctx, id)) return;
	ctx.state.caches.delete(id);
	sendJson(ctx.res, 200, {});
}

/** What a generate request reads from its cache: the cache's content before its own, and the count. */
export interface CacheUse {
	request: GenerateContentRequest;
	cached: Pick<PromptCount, 'total' | 'details'>;
}

/**
 * A request naming a cache this server made: the cache must be live and for this model, and the
 * request may not set a system instruction, tools or tool config (the real API's 400). A name
 * the server never made keeps the older stand-in: half of each modality counts as cached.
 */
export function useCache(ctx: RequestContext, request: GenerateContentRequest, modelId: string): CacheUse | ErrorReply | undefined {
	const name = request.cachedContent;
	if (typeof name !== 'string' || !name.startsWith('cachedContents/')) return undefined;
	const id = name.slice('cachedContents/'.length);
	const cache = ctx.state.caches.get(id);
	if (!cache) return ctx.state.caches.wasRemoved(id) ? reply(403, 'CachedContent not found (or permission denied)') : undefined;
	if (cache.model !== modelId) {
		return reply(400, `Model used by GenerateContent request (models/${modelId}) and CachedContent (models/${cache.model}) has to be the same.`);
	}
	if (request.systemInstruction !== undefined || request.tools !== undefined || request.toolConfig !== undefined) {
		return reply(400, 'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\nProposed fix: move those values to CachedContent from GenerateContent request.');
	}
	const contents: Content[] = [...cache.contents, ...(request.contents ?? [])];
	return {
		request: { ...request, contents, systemInstruction: cache.systemInstruction, tools: cache.tools, toolConfig: cache.toolConfig },
		cached: { total: cache.count.total, details: cache.count.details },
	};
}

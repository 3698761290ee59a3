/**
 * The routing table. Paths are matched after URL-decoding (so `%3A` works as `:`).
 * To add an endpoint, append a Route here.
 */
import { cancelBatch, createBatch, deleteBatch, getBatch, listBatches } from './batches';
import { createCache, deleteCache, getCache, listCaches, patchCache } from './caches';
import type { RequestContext, Route } from './context';
import { modelNotFound, reply } from './errors';
import { deleteFile, downloadFile, getFile, listFiles } from './files';
import { handleGenerate } from './generate';
import { sendJson, sendReply } from './http';
import { findModel, MODELS, supportsMethod } from './models';
import { countPrompt } from './tokens';
import { handleUpload } from './upload';
import { validateCountTokens } from './validation';
import { VERTEX_CATALOGUE_ROUTES } from './vertex';
import { handleTokenExchange } from './vertexauth';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

function listModels(ctx: RequestContext): void {
	const rawSize = Number(ctx.url.searchParams.get('pageSize') ?? '');
	const pageSize = Number.isInteger(rawSize) && rawSize > 0 ? Math.min(rawSize, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
	const token = ctx.url.searchParams.get('pageToken');
	let start = 0;
	if (token) {
		start = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
		if (!Number.isInteger(start) || start < 0) return sendReply(ctx.res, reply(400, 'Invalid page token.'));
	}
	const page = MODELS.slice(start, start + pageSize).map((model) => model.wire);
	const next = start + pageSize;
	const body: { models: unknown[]; nextPageToken?: string } = { models: page };
	if (next < MODELS.length) body.nextPageToken = Buffer.from(`offset:${next}`).toString('base64url');
	sendJson(ctx.res, 200, body);
}

function getModel(ctx: RequestContext, id: string): void {
	const model = findModel(id);
	if (!model) return sendReply(ctx.res, reply(404, `Model is not found: models/${id} for api version v1beta`));
	sendJson(ctx.res, 200, model.wire);
}

function countTokens(ctx: RequestContext, id: string): void {
	const model = findModel(id);
	if (!supportsMethod(model, 'countTokens')) return sendReply(ctx.res, modelNotFound(id, 'countTokens'));
	const checked = validateCountTokens(ctx.body);
	if (!checked.ok) return sendReply(ctx.res, checked.error);
	const request = checked.value;
	const cached = typeof request.cachedContent === 'string' && request.cachedContent !== '';
	const count = countPrompt(request.contents ?? [], request.systemInstruction, cached);
	const body: Record<string, unknown> = { totalTokens: count.total };
	if (count.cached > 0) body.cachedContentTokenCount = count.cached;
	if (count.details.length > 0) body.promptTokensDetails = count.details;
	if (count.cacheDetails.length > 0) body.cacheTokensDetails = count.cacheDetails;
	sendJson(ctx.res, 200, body);
}

const MODEL = '([^/:]+)';
const ID = '([^/:]+)';

export const ROUTES: Route[] = [
	// Google's OAuth token endpoint for service-account JWTs (vertexauth.ts); form body, read by the handler
	{ method: 'POST', pattern: /^\/token$/, auth: false, rawBody: true, handle: handleTokenExchange },
	{ method: 'GET', pattern: /^\/healthz$/, auth: false, handle: (ctx) => sendJson(ctx.res, 200, { status: 'ok' }) },
	{ method: 'GET', pattern: /^\/v1beta\/models$/, handle: listModels },
	{ method: 'GET', pattern: new RegExp(`^/v1beta/models/${MODEL}$`), handle: (ctx, [id]) => getModel(ctx, id) },
	{ method: 'POST', pattern: new RegExp(`^/v1beta/models/${MODEL}:generateContent$`), handle: (ctx, [id]) => handleGenerate(ctx, id, false) },
	{ method: 'POST', pattern: new RegExp(`^/v1beta/models/${MODEL}:streamGenerateContent$`), handle: (ctx, [id]) => handleGenerate(ctx, id, true) },
	{ method: 'POST', pattern: new RegExp(`^/v1beta/models/${MODEL}:countTokens$`), handle: (ctx, [id]) => countTokens(ctx, id) },
	// Batch API (batches.ts)
	{ method: 'POST', pattern: new RegExp(`^/v1beta/models/${MODEL}:batchGenerateContent$`), handle: (ctx, [id]) => createBatch(ctx, id) },
	{ method: 'GET', pattern: /^\/v1beta\/batches$/, handle: listBatches },
	{ method: 'GET', pattern: new RegExp(`^/v1beta/batches/${ID}$`), handle: (ctx, [id]) => getBatch(ctx, id) },
	{ method: 'POST', pattern: new RegExp(`^/v1beta/batches/${ID}:cancel$`), handle: (ctx, [id]) => cancelBatch(ctx, id) },
	{ method: 'DELETE', pattern: new RegExp(`^/v1beta/batches/${ID}$`), handle: (ctx, [id]) => deleteBatch(ctx, id) },
	// Context caches (caches.ts)
	{ method: 'POST', pattern: /^\/v1beta\/cachedContents$/, handle: createCache },
	{ method: 'GET', pattern: /^\/v1beta\/cachedContents$/, handle: listCaches },
	{ method: 'GET', pattern: new RegExp(`^/v1beta/cachedContents/${ID}$`), handle: (ctx, [id]) => getCache(ctx, id) },
	{ method: 'PATCH', pattern: new RegExp(`^/v1beta/cachedContents/${ID}$`), handle: (ctx, [id]) => patchCache(ctx, id) },
	{ method: 'DELETE', pattern: new RegExp(`^/v1beta/cachedContents/${ID}$`), handle: (ctx, [id]) => deleteCache(ctx, id) },
	// Files API (upload.ts, files.ts); upload bodies go to disk unbuffered
	{ method: 'POST', pattern: /^\/upload\/v1beta\/files$/, rawBody: true, handle: handleUpload },
	{ method: 'GET', pattern: /^\/v1beta\/files$/, handle: listFiles },
	{ method: 'GET', pattern: new RegExp(`^/v1beta/files/${ID}$`), handle: (ctx, [id]) => getFile(ctx, id) },
	{ method: 'DELETE', pattern: new RegExp(`^/v1beta/files/${ID}$`), handle: (ctx, [id]) => deleteFile(ctx, id) },
	{ method: 'GET', pattern: new RegExp(`^/download/v1beta/files/${ID}:download$`), handle: (ctx, [id]) => downloadFile(ctx, id) },
];

function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: string[] } | undefined {
	for (const route of routes) {
		if (route.method !== method) continue;
		const match = route.pattern.exec(path);
		if (match) return { route, params: match.slice(1) };
	}
	return undefined;
}

/** The publisher model catalogue (model calls are mapped onto ROUTES by vertex.ts). */
export function findVertexRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
	return matchRoute(VERTEX_CATALOGUE_ROUTES, method, path);
}

export function findRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
	return matchRoute(ROUTES, method, path);
}

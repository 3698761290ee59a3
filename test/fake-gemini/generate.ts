/** generateContent and streamGenerateContent. */
import type { ServerResponse } from 'node:http';
import { corruptUtf8, halfBody, HTML_TYPE, PROXY_LOGIN_PAGE, proxyErrorPage, resetMidBody, sendBytes, sendEmptyBody, sendRedirect, stallMidBody } from './bodyfaults';
import type { CacheUse } from './caches';
import { useCache } from './caches';
import type { RequestContext } from './context';
import type { DirectiveEffects } from './directives';
import { activeEffects, DirectiveError, findDirectives } from './directives';
import { faultReply, modelNotFound, quotaReply, reply } from './errors';
import { callResponse, functionTurn } from './functioncalls';
import { JSON_TYPE, sendJson, sendReply } from './http';
import type { CatalogueModel } from './models';
import { findModel, supportsMethod, thinksFor } from './models';
import type { Answer, UsageTotals } from './responses';
import { answerFor, blockedResponse, computeTotals, generateResponse, THOUGHT_TEXT, thoughtSignature, usageMetadata } from './responses';
import { decorateChunks, partsFor } from './parts';
import { buildChunks, SLOW_INTERVAL_MS, writeStream, type MidEventCut } from './sse';
import { countPrompt } from './tokens';
import type { GenerateContentRequest, GenerateContentResponse, Part, ServiceTier } from './types';
import { checkFileRefs } from './mediaChecks';
import { validateGenerate } from './validation';
import { toGeminiBody, trafficTypeFor, withTrafficType } from './vertex';

/** Texts of the user messages: where directives are looked for. */
export function userTexts(request: GenerateContentRequest): string[] {
	return (request.contents ?? [])
		.filter((content) => content.role !== 'model')
		.flatMap((content) => (content.parts ?? []).map((part) => (typeof part.text === 'string' ? part.text : '')));
}

/** What a request is answered with, before it is sent whole or as a stream. */
export interface Prepared {
	answer: Answer;
	totals: UsageTotals;
	thinking: boolean;
	includeThoughts: boolean;
	/** Adds grounding, code, media, calls… (parts.ts) to the answer's chunks. */
	decorate: (chunks: GenerateContentResponse[]) => void;
}

/** `cache`: the count of a stored cache the request reads (its content is already in `request`). */
export function prepareAnswer(model: CatalogueModel, request: GenerateContentRequest, effects: DirectiveEffects, cache?: CacheUse['cached']): Prepared {
	const config = request.generationConfig ?? {};
	const thinking = thinksFor(model, config.thinkingConfig?.thinkingBudget);
	const includeThoughts = thinking && config.thinkingConfig?.includeThoughts === true;
	const halved = cache === undefined && typeof request.cachedContent === 'string' && request.cachedContent !== '';
	const counted = countPrompt(request.contents ?? [], request.systemInstruction, halved);
	const prompt = cache ? { ...counted, cached: cache.total, cacheDetails: cache.details } : counted;
	const parts = partsFor(request, effects.parts);
	// An answer that calls a function has no text (as real ones), unless `answer=` gives some.
	const answer = parts.functionCall && effects.answer === undefined ? { text: '', finishReason: 'STOP' as const } : answerFor(request, effects);
	// Gemini 3 signs its answers (and the images and calls in them); see buildResponse.
	const signs = thinking && model.id.startsWith('gemini-3');
	const decorate = (chunks: GenerateContentResponse[]) => decorateChunks(chunks, parts, request, answer.text, signs);
	return { answer, totals: computeTotals(prompt, answer.text, thinking, effects.usage), thinking, includeThoughts, decorate };
}

/**
 * The whole (non-streamed) GenerateContentResponse, blocked or not. Shared with the Batch API,
 * which passes `tier` undefined: batch usage carries no serviceTier.
 */
export function buildResponse(
	model: CatalogueModel,
	prepared: Prepared,
	effects: DirectiveEffects,
	tier: ServiceTier | undefined,
	responseId: string,
): GenerateContentResponse {
	const { answer, totals, includeThoughts } = prepared;
	if (effects.blockReason) return blockedResponse(effects.blockReason, totals, tier, model.id, responseId);
	// Gemini 3 signs its thinking on the answer part itself (recorded real answers, test/fixtures/gemini-recordings).
	const signed = prepared.thinking && model.id.startsWith('gemini-3');
	const answerPart: Part = signed ? { text: answer.text, thoughtSignature: thoughtSignature(responseId) } : { text: answer.text };
	const parts: Part[] = includeThoughts ? [{ text: THOUGHT_TEXT, thought: true }, answerPart] : [answerPart];
	const response = generateResponse({ parts, finishReason: answer.finishReason, usage: usageMetadata(totals, tier), modelVersion: model.id, responseId });
	prepared.decorate([response]);
	return response;
}

/** The HTTP status the directives fail a request with: a status token, `fail` (500), or `retryDelay`/`retryAfter` alone (429). */
export function faultStatus(effects: DirectiveEffects): number | undefined {
	const retryOnly = !effects.flexOverload && (effects.retryDelay !== undefined || effects.retryAfterSeconds !== undefined);
	return effects.status ?? (effects.fail ? 500 : retryOnly || effects.quota ? 429 : undefined);
}

/** Applies the error-type effects; true when the request has been answered (or dropped). */
function answeredByFault(ctx: RequestContext, effects: DirectiveEffects, tier: ServiceTier, model: string): boolean {
	if (effects.drop) {
		ctx.req.socket.destroy();
		return true;
	}
	if (effects.echoKey) {
		const key = String(ctx.req.headers['x-goog-api-key'] ?? '');
		sendReply(ctx.res, reply(400, `Request rejected for API key ${key}: the request contains an invalid argument.`));
		return true;
	}
	if (effects.redirect) {
		sendRedirect(ctx.res);
		return true;
	}
	if (effects.emptyBody) {
		sendEmptyBody(ctx.res);
		return true;
	}
	const status = faultStatus(effects);
	const retry = { model, retryDelay: effects.retryDelay, retryAfterSeconds: effects.retryAfterSeconds };
	if (effects.html) {
		const page = status === undefined ? PROXY_LOGIN_PAGE : proxyErrorPage(status);
		sendBytes(ctx.res, status ?? 200, Buffer.from(page), { 'content-type': HTML_TYPE });
		return true;
	}
	if (status === 429 && effects.quota) {
		sendReply(ctx.res, quotaReply(effects.quota, model, effects.retryDelay));
		return true;
	}
	if (status !== undefined) {
		sendReply(ctx.res, faultReply(status, retry));
		return true;
	}
	if (effects.flexOverload && tier === 'flex') {
		sendReply(ctx.res, faultReply(503, retry));
		return true;
	}
	return false;
}

export async function handleGenerate(ctx: RequestContext, modelId: string, stream: boolean): Promise<void> {
	const method = stream ? 'streamGenerateContent' : 'generateContent';
	const model = findModel(modelId);
	if (!supportsMethod(model, 'generateContent')) return sendReply(ctx.res, modelNotFound(modelId, method));
	const vertexBody = ctx.vertex ? toGeminiBody(ctx) : { body: ctx.body };
	if ('error' in vertexBody) return sendReply(ctx.res, vertexBody.error);
	const checked = validateGenerate(vertexBody.body, model);
	if (!checked.ok) return sendReply(ctx.res, checked.error);
	const { tier } = checked.value;
	const fileError = checkFileRefs(checked.value.request, ctx.state.files);
	if (fileError) return sendReply(ctx.res, fileError);
	const cacheUse = useCache(ctx, checked.value.request, model.id);
	if (cacheUse && 'status' in cacheUse) return sendReply(ctx.res, cacheUse);
	const request = cacheUse?.request ?? checked.value.request;

	let effects: DirectiveEffects;
	try {
		effects = activeEffects(model.id, findDirectives(userTexts(request)), ctx.state.counter);
	} catch (error) {
		if (error instanceof DirectiveError) return sendReply(ctx.res, reply(400, error.message));
		throw error;
	}
	await ctx.state.sleep(ctx.state.latencyMs + (effects.delayMs ?? 0), ctx.res);
	if (ctx.res.destroyed || answeredByFault(ctx, effects, tier, model.id)) return;

	const served: ServiceTier = tier === 'priority' && effects.downgrade ? 'standard' : tier;
	// Vertex names the tier in usageMetadata.trafficType only; the Gemini API also in a header.
	const traffic = ctx.vertex ? trafficTypeFor(served, effects.traffic) : undefined;
	const headers: Record<string, string> = traffic ? {} : { 'x-gemini-service-tier': served };
	const onApi = <T extends GenerateContentResponse>(body: T): T => (traffic ? withTrafficType(body, traffic) : body);
	const responseId = ctx.state.nextResponseId();
	const turn = functionTurn(model, request, effects, thoughtSignature(responseId));
	if (turn?.kind === 'error') return sendReply(ctx.res, turn.error);
	// The answer (or the call's JSON, which its token count follows) replaces the echo.
	if (turn) effects = { ...effects, answer: turn.text };
	const prepared = prepareAnswer(model, request, effects, cacheUse?.cached);
	if (turn?.kind === 'call') {
		const body = onApi(callResponse(turn.part, prepared.totals, served, model.id, responseId));
		return stream ? startStream(ctx, headers, [body], effects, responseId) : sendAnswer(ctx.res, body, headers, effects);
	}
	if (!stream) return sendAnswer(ctx.res, withoutUsage(onApi(buildResponse(model, prepared, effects, served, responseId)), effects), headers, effects);
	if (effects.blockReason) {
		const blocked = onApi(blockedResponse(effects.blockReason, prepared.totals, served, model.id, responseId));
		return startStream(ctx, headers, [blocked], effects, responseId);
	}
	const { answer, totals, thinking, includeThoughts } = prepared;
	const chunks = buildChunks({ answer, totals, tier: served, thinking, includeThoughts, modelVersion: model.id, responseId });
	prepared.decorate(chunks);
	return startStream(ctx, headers, chunks.map(onApi), effects, responseId);
}

async function startStream(
	ctx: RequestContext,
	headers: Record<string, string>,
	chunks: unknown[],
	effects: DirectiveEffects,
	responseId: string,
): Promise<void> {
	if (effects.noUsage) chunks = chunks.map((chunk) => withoutUsage(chunk as GenerateContentResponse, effects));
	const sse = ctx.url.searchParams.get('alt') === 'sse';
	ctx.res.writeHead(200, {
		'content-type': sse ? 'text/event-stream' : JSON_TYPE,
		'cache-control': 'no-cache',
		...headers,
	});
	ctx.res.flushHeaders();
	await writeStream(ctx.res, chunks, {
		sse,
		intervalMs: effects.chunkIntervalMs ?? (effects.slow ? SLOW_INTERVAL_MS : 0),
		errorAfter: effects.streamErrorAfter,
		cutAfter: effects.streamCutAfter,
		midEvent: midEventCut(effects),
		invalidUtf8: effects.invalidUtf8,
		wholeFrames: effects.huge !== undefined,
		seed: responseId,
		sleep: (ms) => ctx.state.sleep(ms, ctx.res),
	});
}

/** `stream-cut-mid-event` / `stream-end-mid-event`; in a stream `reset-mid-body` and `malformed-json` cut the first event. */
function midEventCut(effects: DirectiveEffects): MidEventCut | undefined {
	if (effects.streamCutMidEvent !== undefined) return { after: effects.streamCutMidEvent, then: 'reset' };
	if (effects.streamEndMidEvent !== undefined) return { after: effects.streamEndMidEvent, then: 'end' };
	if (effects.resetMidBody) return { after: 0, then: 'reset' };
	if (effects.malformedJson) return { after: 0, then: 'end' };
	return undefined;
}

/** The whole JSON answer, or its bytes faulted: not UTF-8, cut off (`malformed-json`), reset or stalled half-way. */
function sendAnswer(res: ServerResponse, body: GenerateContentResponse, headers: Record<string, string>, effects: DirectiveEffects): void {
	if (!effects.invalidUtf8 && !effects.malformedJson && !effects.resetMidBody && !effects.stallMidBody) return sendJson(res, 200, body, headers);
	const text = Buffer.from(JSON.stringify(body, null, 2));
	const bytes = effects.invalidUtf8 ? corruptUtf8(text) : text;
	const withType = { 'content-type': JSON_TYPE, ...headers };
	if (effects.resetMidBody) return resetMidBody(res, 200, bytes, withType);
	if (effects.stallMidBody) return stallMidBody(res, 200, bytes, withType);
	sendBytes(res, 200, effects.malformedJson ? halfBody(bytes) : bytes, withType);
}

/** `no-usage`: the answer as a proxy or an older gateway might pass it on, without usageMetadata. */
function withoutUsage(body: GenerateContentResponse, effects: DirectiveEffects): GenerateContentResponse {
	if (!effects.noUsage) return body;
	const { usageMetadata: _dropped, ...rest } = body;
	return rest as GenerateContentResponse;
}

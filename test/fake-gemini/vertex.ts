/**
 * Vertex AI's forms of the same calls: `/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…`
 * with a bearer token (vertexauth.ts), the publisher model catalogue under `/v1beta1/publishers/google/models`,
 * the tier asked for in the `X-Vertex-AI-LLM-Shared-Request-Type` header and reported as
 * `usageMetadata.trafficType`, billing `labels` in the body. The fake is one host: the Host header
 * (a regional or multi-region host) is only recorded.
 */
import type { RequestContext, Route } from './context';
import { reply } from './errors';
import { sendJson, sendReply } from './http';
import { findModel, MODELS } from './models';
import type { GenerateContentResponse, ServiceTier } from './types';

export interface VertexTarget {
	project: string;
	location: string;
}

export const TRAFFIC_TYPES = ['ON_DEMAND', 'ON_DEMAND_FLEX', 'ON_DEMAND_PRIORITY', 'PROVISIONED_THROUGHPUT'] as const;
export type TrafficType = (typeof TRAFFIC_TYPES)[number];

const SCOPED_MODEL = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/** A project-scoped Vertex model call as the AI Studio path the routes know, with its project and location. */
export function vertexCall(path: string): { path: string; target: VertexTarget } | undefined {
	const match = SCOPED_MODEL.exec(path);
	if (!match) return undefined;
	return { path: `/v1beta/models/${match[3]}:${match[4]}`, target: { project: match[1], location: match[2] } };
}

/** Paths answered by Vertex's rules (bearer token), not the Gemini API's (API key). */
export function isVertexPath(path: string): boolean {
	return path.startsWith('/v1/') || path.startsWith('/v1beta1/');
}

function publisherModel(id: string): Record<string, unknown> | undefined {
	const model = findModel(id);
	if (!model) return undefined;
	return { name: `publishers/google/models/${model.id}`, versionId: model.wire.version ?? '001', openSourceCategory: 'PROPRIETARY', launchStage: 'GA' };
}

export const VERTEX_CATALOGUE_ROUTES: Route[] = [
	{
		method: 'GET',
		pattern: /^\/v1beta1\/publishers\/google\/models$/,
		handle: (ctx) => sendJson(ctx.res, 200, { publisherModels: MODELS.map((model) => publisherModel(model.id)) }),
	},
	{
		method: 'GET',
		pattern: /^\/v1beta1\/publishers\/google\/models\/([^/:]+)$/,
		handle: (ctx, [id]) => {
			const found = publisherModel(id);
			if (!found) return sendReply(ctx.res, reply(404, `Publisher Model \`publishers/google/models/${id}\` not found.`));
			sendJson(ctx.res, 200, found);
		},
	},
];

/**
 * Turns a Vertex generate body into the Gemini API form the handler validates: `serviceTier` is
 * refused (Vertex has no such field), the tier comes from the header, `labels` must be a string map.
 * Returns the error to send instead, if any.
 */
export function toGeminiBody(ctx: RequestContext): { body: unknown } | { error: ReturnType<typeof reply> } {
	const body = ctx.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return { body };
	const { labels, ...rest } = body as Record<string, unknown>;
	if ('serviceTier' in rest) return { error: reply(400, 'Invalid JSON payload received. Unknown name "serviceTier": Cannot find field.') };
	if (labels !== undefined && (typeof labels !== 'object' || labels === null || Object.values(labels).some((v) => typeof v !== 'string'))) {
		return { error: reply(400, 'Invalid JSON payload received. labels must be a map of strings.') };
	}
	const header = String(ctx.req.headers['x-vertex-ai-llm-shared-request-type'] ?? '').toLowerCase();
	const tier = header === 'flex' || header === 'priority' ? header : undefined;
	return { body: tier ? { ...rest, serviceTier: tier } : rest };
}

export function trafficTypeFor(served: ServiceTier, forced: TrafficType | undefined): TrafficType {
	if (forced) return forced;
	return served === 'flex' ? 'ON_DEMAND_FLEX' : served === 'priority' ? 'ON_DEMAND_PRIORITY' : 'ON_DEMAND';
}

/** Vertex reports the tier as `trafficType` and has no `serviceTier` in usage. */
export function withTrafficType<T extends GenerateContentResponse>(response: T, traffic: TrafficType): T {
	if (!response.usageMetadata) return response;
	const { serviceTier: _dropped, ...usage } = response.usageMetadata as Record<string, unknown>;
	return { ...response, usageMetadata: { ...usage, trafficType: traffic } };
}

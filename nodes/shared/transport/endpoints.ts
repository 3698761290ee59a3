import { GeminiApiError } from './googleError';

/**
 * Where a call goes, for either API. Callers name AI Studio's resource paths
 * (`models/{model}:generateContent`, `cachedContents/…`); the Vertex endpoint maps them onto
 * `projects/{p}/locations/{l}/publishers/google/models/{model}:…`, so no node knows which API it runs on.
 * AI Studio: https://ai.google.dev/api · Vertex AI: https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest
 */

export type ApiKind = 'aiStudio' | 'vertex';

export interface ApiEndpoint {
	readonly kind: ApiKind;
	/** Origin (and any gateway prefix) without the API version. */
	readonly baseUrl: string;
	/** Full URL for an AI Studio-style path; `prefix` is `/upload` or `/download` (Files API). */
	url(path: string, prefix?: string): string;
	/** The JSON body (and extra headers) this API wants for a call built in AI Studio's form. */
	adaptRequest(path: string, body: unknown, labels?: Record<string, string>): { body: unknown; headers: Record<string, string> };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Gemini API takes the body as built; it has no billing labels, so they are not sent. */
function sameRequest(_path: string, body: unknown): { body: unknown; headers: Record<string, string> } {
	return { body, headers: {} };
}

/** Vertex's request header for Flex and Priority PayGo (https://cloud.google.com/vertex-ai/generative-ai/docs/priority-paygo). */
export const VERTEX_TIER_HEADER = 'x-vertex-ai-llm-shared-request-type';

/**
 * A generateContent body for Vertex: the tier moves from the Gemini API's body field `serviceTier`
 * to Vertex's request-type header (standard: no header), and the billing labels join the body
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/add-labels-to-api-calls).
 */
export function vertexRequest(
	path: string,
	body: unknown,
	labels?: Record<string, string>,
	scope?: string,
): { body: unknown; headers: Record<string, string> } {
	if (!/:(stream)?generateContent(\?|$)/i.test(path) || !isPlainObject(body)) return { body, headers: {} };
	const { serviceTier, ...rest } = body;
	const headers: Record<string, string> = serviceTier === 'flex' || serviceTier === 'priority' ? { [VERTEX_TIER_HEADER]: serviceTier } : {};
	// Vertex names a cache by its full resource name; `cachedContents/{id}` is the Gemini API's short form.
	if (scope && typeof rest.cachedContent === 'string' && rest.cachedContent.startsWith('cachedContents/')) rest.cachedContent = `${scope}/${rest.cachedContent}`;
	const withLabels = labels && Object.keys(labels).length > 0 ? { ...rest, labels } : rest;
	return { body: withLabels, headers };
}

export const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const API_VERSION_PATH = '/v1beta';

/** Trailing slashes and a pasted API version are tolerated so users can paste either form. */
function trimBaseUrl(baseUrl: string | undefined, fallback: string, versions: RegExp): string {
	const trimmed = (baseUrl ?? '').trim().replace(/\/+$/, '');
	return (trimmed || fallback).replace(versions, '');
}

export function normalizeBaseUrl(baseUrl: string | undefined): string {
	return trimBaseUrl(baseUrl, DEFAULT_BASE_URL, /\/v1beta$/);
}

export function aiStudioEndpoint(baseUrl: string | undefined): ApiEndpoint {
	const base = normalizeBaseUrl(baseUrl);
	return { kind: 'aiStudio', baseUrl: base, url: (path, prefix = '') => `${base}${prefix}${API_VERSION_PATH}/${path}`, adaptRequest: sameRequest };
}

/**
 * The host for a Vertex location: `global` → aiplatform.googleapis.com, the multi-regions
 * `us`/`eu` → aiplatform.{us|eu}.rep.googleapis.com, a region → {region}-aiplatform.googleapis.com
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations).
 */
export function vertexHost(location: string): string {
	if (location === 'global') return 'aiplatform.googleapis.com';
	if (location === 'us' || location === 'eu') return `aiplatform.${location}.rep.googleapis.com`;
	return `${location}-aiplatform.googleapis.com`;
}

export interface VertexTarget {
	projectId: string;
	location: string;
	/** Overrides the host chosen from the location (Private Service Connect, a gateway, a test server). */
	apiEndpoint?: string;
}

const LOCATION = /^(global|[a-z]+(-[a-z0-9]+)*)$/;
const PROJECT = /^[a-z0-9][a-z0-9.:-]*$/i;

/** Features that exist only on the Gemini API: Vertex has other APIs for them (Cloud Storage, batchPredictionJobs). */
function aiStudioOnly(path: string, prefix: string): string | undefined {
	if (prefix !== '' || /^files(\/|\?|$)/.test(path)) return 'The Files API';
	if (/^batches(\/|\?|$)/.test(path) || /:batchGenerateContent$/.test(path)) return 'The Batch API';
	return undefined;
}

/** `projects/{p}/locations/{l}`, the parent of every project resource on Vertex. */
export function vertexScope(target: Pick<VertexTarget, 'projectId' | 'location'>): string {
	return `projects/${encodeURIComponent(target.projectId)}/locations/${target.location}`;
}

/** Maps an AI Studio-style path onto Vertex's resource names (API version included). */
export function vertexPath(path: string, target: Pick<VertexTarget, 'projectId' | 'location'>, prefix = ''): string {
	const unsupported = aiStudioOnly(path, prefix);
	if (unsupported) {
		throw new GeminiApiError({
			kind: 'http',
			message: `${unsupported} is only on the Gemini API (AI Studio), not on Vertex AI: use "Gemini API" credentials (Authentication: Gemini API) for this operation`,
		});
	}
	const scope = vertexScope(target);
	// Model metadata (get, list) is the publisher model catalogue, which Vertex serves in v1beta1.
	const modelInfo = /^models(\?.*)?$|^models\/[^:/?]+(\?.*)?$/.exec(path);
	if (modelInfo) return `v1beta1/publishers/google/${path}`;
	if (path.startsWith('models/')) return `v1/${scope}/publishers/google/${path}`;
	if (path.startsWith(`projects/`)) return `v1/${path}`;
	return `v1/${scope}/${path}`;
}

export function vertexEndpoint(target: VertexTarget): ApiEndpoint {
	const location = target.location.trim() || 'global';
	if (!LOCATION.test(location)) throw new GeminiApiError({ kind: 'http', message: `Location "${location.slice(0, 60)}" is not a Vertex AI location (e.g. global, us, eu, europe-west4)` });
	if (!PROJECT.test(target.projectId)) throw new GeminiApiError({ kind: 'http', message: 'Project ID is empty or not a Google Cloud project ID: set it in the Vertex AI credential (or use a key that names its project_id)' });
	const base = trimBaseUrl(target.apiEndpoint, `https://${vertexHost(location)}`, /\/v1(beta1)?$/);
	const withScheme = /^https?:\/\//.test(base) ? base : `https://${base}`;
	return {
		kind: 'vertex',
		baseUrl: withScheme,
		url: (path, prefix = '') => `${withScheme}/${vertexPath(path, { projectId: target.projectId, location }, prefix)}`,
		adaptRequest: (path, body, labels) => vertexRequest(path, body, labels, vertexScope({ projectId: target.projectId, location })),
	};
}

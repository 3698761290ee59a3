import type { GenerateContentResponse } from './schemas';

/**
 * A hand-written check of generateContentResponseSchema (schemas.ts) for the hot paths: a stream
 * sends dozens to thousands of small events, a batch result file one answer per request, and
 * zod's passthrough parse walks and copies each one. `isPlainResponse` accepts only what the
 * schema accepts (every field we read has the schema's type; unknown fields pass through), so an
 * answer it accepts can be used as it is; parseGenerateResponse (mapGenerateResponse.ts) hands
 * anything else to zod, which accepts it (a shape this check is too strict for) or throws the
 * error every caller gets for a malformed answer.
 */

type Wire = Record<string, unknown>;

/**
 * A plain object (JSON.parse's kind) without an own `__proto__` key: zod v3 leaves such a key out
 * of its copy (mergeObjectSync in https://github.com/colinhacks/zod), so an object carrying one
 * goes to zod to be treated exactly the same way.
 */
function isRecord(value: unknown): value is Wire {
	return (
		typeof value === 'object' &&
		value !== null &&
		Object.getPrototypeOf(value) === Object.prototype &&
		!Object.prototype.hasOwnProperty.call(value, '__proto__')
	);
}

const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
const optionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';
// z.number() refuses NaN.
const optionalNumber = (value: unknown) => value === undefined || (typeof value === 'number' && !Number.isNaN(value));

function optionalArrayOf(value: unknown, check: (element: unknown) => boolean): boolean {
	if (value === undefined) return true;
	if (!Array.isArray(value)) return false;
	for (let i = 0; i < value.length; i++) if (!check(value[i])) return false;
	return true;
}

function optionalRecord(value: unknown, check: (record: Wire) => boolean): boolean {
	return value === undefined || (isRecord(value) && check(value));
}

const isPart = (part: unknown) =>
	isRecord(part) && optionalString(part.text) && optionalBoolean(part.thought) && optionalString(part.thoughtSignature);

const isSafetyRating = (rating: unknown) =>
	isRecord(rating) && optionalString(rating.category) && optionalString(rating.probability) && optionalBoolean(rating.blocked);

const isContent = (content: Wire) => optionalString(content.role) && optionalArrayOf(content.parts, isPart);

const isCandidate = (candidate: unknown) =>
	isRecord(candidate) &&
	optionalRecord(candidate.content, isContent) &&
	optionalString(candidate.finishReason) &&
	optionalString(candidate.finishMessage) &&
	optionalArrayOf(candidate.safetyRatings, isSafetyRating);

const isPromptFeedback = (feedback: Wire) => optionalString(feedback.blockReason) && optionalArrayOf(feedback.safetyRatings, isSafetyRating);

const isTokenDetail = (detail: unknown) => isRecord(detail) && optionalString(detail.modality) && optionalNumber(detail.tokenCount);

const USAGE_COUNTS = ['promptTokenCount', 'cachedContentTokenCount', 'candidatesTokenCount', 'toolUsePromptTokenCount', 'thoughtsTokenCount', 'totalTokenCount'];
const USAGE_DETAILS = ['promptTokensDetails', 'cacheTokensDetails', 'candidatesTokensDetails'];

const isUsage = (usage: Wire) =>
	USAGE_COUNTS.every((key) => optionalNumber(usage[key])) &&
	USAGE_DETAILS.every((key) => optionalArrayOf(usage[key], isTokenDetail)) &&
	optionalString(usage.serviceTier) &&
	optionalString(usage.trafficType);

/** Whether zod's generateContentResponseSchema would accept `event` and hand back an equal copy. */
export function isPlainResponse(event: unknown): event is GenerateContentResponse {
	return (
		isRecord(event) &&
		optionalArrayOf(event.candidates, isCandidate) &&
		optionalRecord(event.promptFeedback, isPromptFeedback) &&
		optionalRecord(event.usageMetadata, isUsage) &&
		optionalString(event.modelVersion) &&
		optionalString(event.responseId)
	);
}

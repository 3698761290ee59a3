import type { GeminiApiError } from './googleError';

/** Statuses Google's own SDKs retry by default (HttpRetryOptions in https://github.com/googleapis/python-genai). */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Socket-level failures where the request may not have reached the model: safe to re-send. */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
	'UND_ERR_SOCKET',
	'UND_ERR_CLOSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN',
]);

export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Total time the retries may spend waiting; a wait that would pass it is not started. */
	maxTotalWaitMs: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 3,
	maxTotalWaitMs: 120_000,
	baseDelayMs: 1_000,
	maxDelayMs: 32_000,
};

/** "34.4s" (protobuf Duration as JSON) → 34400. */
export function parseDurationMs(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
	return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** A 429 carries its wait only in the body: `details[@type=…RetryInfo].retryDelay`. */
export function retryInfoDelayMs(details: readonly unknown[]): number | undefined {
	for (const detail of details) {
		if (
			detail &&
			typeof detail === 'object' &&
			String((detail as Record<string, unknown>)['@type'] ?? '').endsWith('google.rpc.RetryInfo')
		) {
			return parseDurationMs((detail as Record<string, unknown>).retryDelay);
		}
	}
	return undefined;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
	if (!header) return undefined;
	if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
	const at = Date.parse(header);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function isRetryableError(error: GeminiApiError): boolean {
	// A used-up daily quota or a zero limit answers every retry with the same 429.
	if (error.quota) return false;
	if (error.kind === 'http') return RETRYABLE_HTTP_STATUSES.has(error.httpStatus ?? 0);
	if (error.kind === 'network') return RETRYABLE_NETWORK_CODES.has(error.networkCode ?? '');
	return false;
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelayMs(retryIndex: number, settings: RetrySettings, random = Math.random): number {
	const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retryIndex);
	return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** The server's own hint wins over our backoff: RetryInfo first, then Retry-After. */
export function serverHintMs(error: GeminiApiError): number | undefined {
	return retryInfoDelayMs(error.details) ?? error.retryAfterMs;
}

export interface RetryDecisionInput {
	error: GeminiApiError;
	retryIndex: number;
	waitedMs: number;
	settings: RetrySettings;
	retryable?: (error: GeminiApiError) => boolean;
	random?: () => number;
}

/** How long to wait before the next attempt, or undefined to give up. */
export function nextRetryDelayMs(input: RetryDecisionInput): number | undefined {
	const { error, retryIndex, waitedMs, settings } = input;
	const retryable = input.retryable ?? isRetryableError;
	if (retryIndex >= settings.maxRetries || !retryable(error)) return undefined;
	const hint = serverHintMs(error);
	// A small jitter on top of the hint spreads a burst of items that were all told the same wait.
	const delay =
		hint !== undefined
			? hint + Math.round((input.random ?? Math.random)() * Math.min(250, hint * 0.1))
			: backoffDelayMs(retryIndex, settings, input.random);
	if (waitedMs + delay > settings.maxTotalWaitMs) return undefined;
	return delay;
}

import { describeQuotaExhaustion, quotaExhaustion, type QuotaExhaustion } from './quota';
import { retryInfoDelayMs } from './retryPolicy';

/**
 * Google's error body, `{ "error": { code, message, status, details[] } }`, as a transport-level
 * error. Knows nothing about n8n: execution/nodeErrors.ts turns it into a NodeApiError.
 */

export type GeminiErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'stream';

export interface GeminiErrorInit {
	kind: GeminiErrorKind;
	message: string;
	httpStatus?: number;
	googleStatus?: string;
	details?: unknown[];
	retryAfterMs?: number;
	networkCode?: string;
	quota?: QuotaExhaustion;
}

export class GeminiApiError extends Error {
	readonly kind: GeminiErrorKind;

	readonly httpStatus?: number;

	/** Google's canonical status, e.g. RESOURCE_EXHAUSTED. */
	readonly googleStatus?: string;

	readonly details: unknown[];

	/** From a Retry-After header, when the server sent one. */
	readonly retryAfterMs?: number;

	/** undici / socket error code for network failures, e.g. UND_ERR_SOCKET. */
	readonly networkCode?: string;

	/** A quota that retrying will not refill today (a per-day quota, or a limit of 0): never retried. */
	readonly quota?: QuotaExhaustion;

	/** How many HTTP attempts were made before giving up (set by the client). */
	attempts = 1;

	constructor(init: GeminiErrorInit) {
		super(init.message);
		this.name = 'GeminiApiError';
		this.kind = init.kind;
		this.httpStatus = init.httpStatus;
		this.googleStatus = init.googleStatus;
		this.details = init.details ?? [];
		this.retryAfterMs = init.retryAfterMs;
		this.networkCode = init.networkCode;
		this.quota = init.quota;
	}

	/** Plain JSON for NodeApiError and error items (already free of secrets). */
	toJSON(): Record<string, unknown> {
		return {
			code: this.httpStatus,
			status: this.googleStatus,
			message: this.message,
			details: this.details,
			...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
			...(this.quota ? { quota: this.quota as unknown as Record<string, unknown> } : {}),
		};
	}
}

const KEY_LIKE = /AIza[0-9A-Za-z_-]{20,}/g;
const KEY_QUERY = /([?&]key=)[^&\s"']+/gi;

/** Removes the API key (and anything shaped like a Google key) from text shown to users. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		// Short strings would redact ordinary words; real keys are long.
		if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
	}
	return out.replace(KEY_LIKE, '[redacted]').replace(KEY_QUERY, '$1[redacted]');
}

function redactDeep(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return redactSecrets(value, secrets);
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]),
		);
	}
	return value;
}

interface GoogleErrorBody {
	error?: { code?: number; message?: string; status?: string; details?: unknown[] };
}

/** Builds the error for a non-2xx response from its status and body text (JSON or not). */
export function parseGoogleError(
	httpStatus: number,
	bodyText: string,
	secrets: readonly string[],
	retryAfterMs?: number,
): GeminiApiError {
	let parsed: GoogleErrorBody | undefined;
	try {
		parsed = JSON.parse(bodyText) as GoogleErrorBody;
	} catch {
		parsed = undefined;
	}
	const inner = Array.isArray(parsed) ? (parsed[0] as GoogleErrorBody)?.error : parsed?.error;
	const googleMessage =
		inner?.message ?? (bodyText.trim().slice(0, 500) || `HTTP ${httpStatus} with an empty body`);
	const details = (redactDeep(inner?.details ?? [], secrets) as unknown[]) ?? [];
	const quota = quotaExhaustion(httpStatus, details, googleMessage);
	const message = quota
		? `${describeQuotaExhaustion(quota, retryInfoDelayMs(details) ?? retryAfterMs)} Google said: ${googleMessage}`
		: googleMessage;
	return new GeminiApiError({
		kind: 'http',
		httpStatus,
		googleStatus: inner?.status,
		message: redactSecrets(message, secrets),
		details,
		retryAfterMs,
		quota,
	});
}

/** An `{"error":…}` object that arrived inside an SSE stream after the 200 headers. */
export function streamErrorFromEvent(event: unknown, secrets: readonly string[]): GeminiApiError | undefined {
	if (!event || typeof event !== 'object' || !('error' in event)) return undefined;
	const inner = (event as GoogleErrorBody).error ?? {};
	return new GeminiApiError({
		kind: 'stream',
		httpStatus: inner.code,
		googleStatus: inner.status,
		message: redactSecrets(inner.message ?? 'The stream reported an error', secrets),
		details: redactDeep(inner.details ?? [], secrets) as unknown[],
	});
}

import { setTimeout as delay } from 'node:timers/promises';
import { errors as undiciErrors, request, type Dispatcher } from 'undici';

import { sharedDispatcher } from './agent';
import { apiKeyAuth, type RequestAuth } from './auth/apiKey';
import { aiStudioEndpoint, type ApiEndpoint } from './endpoints';
import { GeminiApiError, parseGoogleError, redactSecrets, streamErrorFromEvent } from './googleError';
import { DEFAULT_RETRY_SETTINGS, nextRetryDelayMs, parseRetryAfterMs, type RetrySettings } from './retryPolicy';

/**
 * The request lifecycle every call shares: credentials only in headers (auth/), one endpoint
 * layer for AI Studio and Vertex AI (endpoints.ts), per-request
 * timeouts and cancellation, retries with backoff that honour Google's RetryInfo and Retry-After,
 * and answers that are not Gemini's (an error status, a redirect) turned into GeminiApiErrors.
 * JSON, streams, uploads and downloads build on it (GeminiClient.ts, stream.ts, upload.ts,
 * download.ts).
 */

export { API_VERSION_PATH, DEFAULT_BASE_URL, normalizeBaseUrl } from './endpoints';

/** Flex requests may queue for minutes (https://ai.google.dev/gemini-api/docs/flex-inference), so the default wait is long. */
export const DEFAULT_TIMEOUT_MS = 900_000;

/** An AI Studio key and base URL, or any endpoint with its auth (Vertex AI: credentials.ts). */
export type GeminiConnection = { apiKey: string; baseUrl?: string } | { endpoint: ApiEndpoint; auth: RequestAuth };

export interface RetryEvent {
	attempt: number;
	delayMs: number;
	error: GeminiApiError;
}

export interface CallSettings {
	timeoutMs?: number;
	retry?: RetrySettings;
	/** The n8n execution's cancel signal: stopping the workflow aborts the request and any wait. */
	signal?: AbortSignal;
	/** Narrows which errors are retried (e.g. a Flex 503 the user wants to fail fast on). */
	retryable?: (error: GeminiApiError) => boolean;
	onRetry?: (event: RetryEvent) => void;
	/** Vertex AI billing labels, added to generateContent bodies on Vertex only (the Gemini API has no such field). */
	labels?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RawRequest {
	method: HttpMethod;
	headers: Record<string, string>;
	body?: string | Uint8Array;
}

export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** An error the retry policy will not retry (no retryable HTTP status, not a network error). */
export function protocolError(message: string, httpStatus?: number): GeminiApiError {
	return new GeminiApiError({ kind: 'http', httpStatus, message });
}

/** A redirect target for an error message: origin and path only (a query may carry a token). */
function shownLocation(location: string | undefined, base: string): string {
	if (!location) return 'no Location header';
	try {
		const url = new URL(location, `${base}/`);
		return `Location ${url.origin}${url.pathname}${url.search ? ' (query left out)' : ''}`;
	} catch {
		return 'an unreadable Location header';
	}
}

export class Transport {
	readonly baseUrl: string;

	readonly endpoint: ApiEndpoint;

	private readonly auth: RequestAuth;

	constructor(
		connection: GeminiConnection,
		// Why a default read now: the proxy environment is taken when the client is created.
		private readonly dispatcher: Dispatcher = sharedDispatcher(),
	) {
		if ('endpoint' in connection) {
			this.endpoint = connection.endpoint;
			this.auth = connection.auth;
		} else {
			this.endpoint = aiStudioEndpoint(connection.baseUrl);
			this.auth = apiKeyAuth(connection.apiKey);
		}
		this.baseUrl = this.endpoint.baseUrl;
	}

	/** `path` is AI Studio's, relative to the API version, e.g. `models/gemini-2.5-flash:generateContent`. */
	apiUrl(path: string, prefix = ''): string {
		return this.endpoint.url(path, prefix);
	}

	/** The auth headers, for this client's own origin only: another origin never gets the key or token. */
	async authHeaders(url: string = this.baseUrl): Promise<Record<string, string>> {
		// The API's own base URL (every call but uploads and downloads) needs no parsing to compare.
		return url === this.baseUrl || new URL(url).origin === new URL(this.baseUrl).origin ? await this.auth.headers() : {};
	}

	/** Text shown to users (an excerpt of a body, a network message) without the key or token. */
	redact(text: string): string {
		return redactSecrets(text, this.auth.secrets());
	}

	/** An `{"error":…}` object inside a stream, as a GeminiApiError without secrets; else undefined. */
	errorInEvent(event: unknown): GeminiApiError | undefined {
		return streamErrorFromEvent(event, this.auth.secrets());
	}

	/** What came back, for an error about an answer we cannot use: status, type and a short excerpt. */
	describeAnswer(response: Dispatcher.ResponseData, text: string): string {
		const type = headerValue(response.headers, 'content-type') ?? 'no content-type';
		const excerpt = text.trim() === '' ? 'an empty body' : `body: ${this.redact(text.slice(0, 200))}`;
		return `HTTP ${response.statusCode} (${type}), ${excerpt}`;
	}

	async withRetries<T>(settings: CallSettings, attempt: () => Promise<T>): Promise<{ result: T; attempts: number }> {
		const retry = settings.retry ?? DEFAULT_RETRY_SETTINGS;
		let waitedMs = 0;
		for (let retryIndex = 0; ; retryIndex++) {
			try {
				return { result: await attempt(), attempts: retryIndex + 1 };
			} catch (thrown) {
				// A body that stalls after the headers times out here, not in `send`: name the user's timeout.
				const error = this.toGeminiError(thrown, settings.timeoutMs);
				error.attempts = retryIndex + 1;
				const delayMs = nextRetryDelayMs({ error, retryIndex, waitedMs, settings: retry, retryable: settings.retryable });
				if (delayMs === undefined || settings.signal?.aborted) throw error;
				settings.onRetry?.({ attempt: retryIndex + 1, delayMs, error });
				await this.wait(delayMs, settings.signal);
				waitedMs += delayMs;
			}
		}
	}

	/** A wait that stopping the execution ends at once. */
	async wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
		try {
			await delay(ms, undefined, { signal });
		} catch {
			throw this.toGeminiError(signal?.reason ?? new Error('aborted'));
		}
	}

	toGeminiError(error: unknown, timeoutMs?: number): GeminiApiError {
		if (error instanceof GeminiApiError) return error;
		const err = error as { name?: string; code?: string; message?: string };
		// Why the message test: undici also reports a proxy that refused the tunnel as "aborted".
		const tunnelRefused = /when HTTP Tunneling/.test(err?.message ?? '');
		if (!tunnelRefused && (err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED' || error instanceof undiciErrors.RequestAbortedError)) {
			return new GeminiApiError({ kind: 'aborted', message: 'The request was cancelled because the execution was stopped' });
		}
		if (err?.code === 'UND_ERR_HEADERS_TIMEOUT' || err?.code === 'UND_ERR_BODY_TIMEOUT') {
			return new GeminiApiError({
				kind: 'timeout',
				networkCode: err.code,
				message: `Gemini did not answer within ${Math.round((timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s (option "Timeout")`,
			});
		}
		const cause = (error as { cause?: { code?: string } })?.cause;
		const networkCode = err?.code ?? cause?.code;
		return new GeminiApiError({
			kind: 'network',
			networkCode,
			message: this.redact(`Could not reach Gemini at ${this.baseUrl}: ${err?.message ?? String(error)}${networkCode ? ` (${networkCode})` : ''}`),
		});
	}

	/**
	 * One HTTP exchange. An error status becomes Google's error (parseGoogleError); a redirect,
	 * which undici does not follow, becomes an error naming where it pointed: a login page or a
	 * moved gateway is never read as Gemini's answer.
	 */
	async sendRaw(url: string, init: RawRequest, settings: CallSettings): Promise<Dispatcher.ResponseData> {
		const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		let response: Dispatcher.ResponseData;
		try {
			response = await request(url, {
				method: init.method,
				dispatcher: this.dispatcher,
				headers: init.headers,
				body: init.body,
				signal: settings.signal,
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
			});
		} catch (error) {
			throw this.toGeminiError(error, timeoutMs);
		}
		if (response.statusCode >= 400) {
			const text = await response.body.text().catch(() => '');
			throw parseGoogleError(response.statusCode, text, this.auth.secrets(), parseRetryAfterMs(headerValue(response.headers, 'retry-after')));
		}
		if (response.statusCode >= 300) {
			// Why no body excerpt: a redirect's page repeats its Location, query (and any token) included.
			await response.body.dump().catch(() => undefined);
			const type = headerValue(response.headers, 'content-type') ?? 'no content-type';
			const where = shownLocation(headerValue(response.headers, 'location'), this.baseUrl);
			throw protocolError(
				`Gemini's address answered with a redirect, which is not followed: HTTP ${response.statusCode} (${type}) to ${where}. Check the credential's Base URL and any proxy or login page in between.`,
				response.statusCode,
			);
		}
		return response;
	}

	/**
	 * `sendRaw` for an API path, with auth and JSON headers. A 401 gets one more try with fresh
	 * credentials (an access token that expired early): a refused request was not billed.
	 */
	async send(method: HttpMethod, path: string, body: unknown, settings: CallSettings): Promise<Dispatcher.ResponseData> {
		const url = this.apiUrl(path);
		const { body: sent, headers: apiHeaders } = this.endpoint.adaptRequest(path, body, settings.labels);
		const once = async () =>
			await this.sendRaw(
				url,
				{
					method,
					headers: {
						...(await this.authHeaders()),
						...apiHeaders,
						accept: path.includes('alt=sse') ? 'text/event-stream' : 'application/json',
						...(sent === undefined ? {} : { 'content-type': 'application/json' }),
					},
					body: sent === undefined ? undefined : JSON.stringify(sent),
				},
				settings,
			);
		const first = await once().then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('response' in first) return first.response;
		const unauthorized = first.error instanceof GeminiApiError && first.error.httpStatus === 401;
		if (!unauthorized || !this.auth.invalidate()) throw this.toGeminiError(first.error);
		return await once();
	}
}

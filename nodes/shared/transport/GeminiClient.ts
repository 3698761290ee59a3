import { setTimeout as delay } from 'node:timers/promises';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';

import { GeminiApiError, parseGoogleError, redactSecrets, streamErrorFromEvent } from './googleError';
import {
	DEFAULT_RETRY_SETTINGS,
	nextRetryDelayMs,
	parseRetryAfterMs,
	type RetrySettings,
} from './retryPolicy';
import { parseSseStream } from './sse';

/**
 * The only module that talks HTTP to Gemini. One keep-alive pool per process (undici Agent pools
 * per origin), the key only in the `x-goog-api-key` header, retries with backoff that honour
 * Google's RetryInfo and Retry-After, per-request timeouts and cancellation.
 */

export const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const API_VERSION_PATH = '/v1beta';

/** Flex requests may queue for minutes; the seed's own client allowed 900 s (seeds/002). */
export const DEFAULT_TIMEOUT_MS = 900_000;

export interface GeminiConnection {
	apiKey: string;
	baseUrl?: string;
}

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
}

export interface GeminiHttpResponse<T> {
	body: T;
	headers: Record<string, string>;
	statusCode: number;
	attempts: number;
}

export interface GeminiEventStream {
	headers: Record<string, string>;
	statusCode: number;
	attempts: number;
	events: AsyncGenerator<unknown, void, undefined>;
}

let sharedAgent: Agent | undefined;

/** Lazily created so that merely loading the node does not open anything. */
export function sharedDispatcher(): Dispatcher {
	sharedAgent ??= new Agent({
		keepAliveTimeout: 30_000,
		keepAliveMaxTimeout: 600_000,
		connections: 64,
		// Timeouts are per request (CallSettings.timeoutMs), not per pool.
		headersTimeout: 0,
		bodyTimeout: 0,
	});
	return sharedAgent;
}

/** Trailing slashes and a pasted `/v1beta` are tolerated so users can paste either form. */
export function normalizeBaseUrl(baseUrl: string | undefined): string {
	const trimmed = (baseUrl ?? '').trim().replace(/\/+$/, '');
	return (trimmed || DEFAULT_BASE_URL).replace(/\/v1beta$/, '');
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	if (!text) return {};
	try {
		return JSON.parse(text);
	} catch {
		return NOT_JSON;
	}
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

export class GeminiClient {
	readonly baseUrl: string;

	private readonly apiKey: string;

	constructor(
		connection: GeminiConnection,
		private readonly dispatcher: Dispatcher = sharedDispatcher(),
	) {
		this.apiKey = connection.apiKey;
		this.baseUrl = normalizeBaseUrl(connection.baseUrl);
	}

	/** `path` is relative to the API version, e.g. `models/gemini-2.5-flash:generateContent`. */
	async json<T>(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		body: unknown,
		settings: CallSettings = {},
	): Promise<GeminiHttpResponse<T>> {
		const { result, attempts } = await this.withRetries(settings, async () => {
			const response = await this.send(method, path, body, settings);
			const text = await response.body.text();
			const parsed = parseJson(text);
			if (parsed === NOT_JSON) {
				throw new GeminiApiError({
					kind: 'http',
					httpStatus: response.statusCode,
					message: `Gemini answered with a body that is not JSON: ${redactSecrets(text.slice(0, 200), [this.apiKey])}`,
				});
			}
			return { body: parsed as T, headers: flattenHeaders(response.headers), statusCode: response.statusCode };
		});
		return { ...result, attempts };
	}

	/**
	 * Opens `…:streamGenerateContent?alt=sse`. Retries happen only until the response headers
	 * arrive: once text has been streamed, re-sending would duplicate it.
	 */
	async stream(path: string, body: unknown, settings: CallSettings = {}): Promise<GeminiEventStream> {
		const { result: response, attempts } = await this.withRetries(settings, async () =>
			this.send('POST', path, body, settings),
		);
		return {
			headers: flattenHeaders(response.headers),
			statusCode: response.statusCode,
			attempts,
			events: this.readEvents(response.body),
		};
	}

	/** Events as they arrive; an `{"error":…}` event after the 200 headers becomes a thrown error. */
	private async *readEvents(body: Dispatcher.ResponseData['body']): AsyncGenerator<unknown, void, undefined> {
		let failure: unknown;
		try {
			for await (const event of parseSseStream(body)) {
				const streamError = streamErrorFromEvent(event, [this.apiKey]);
				if (streamError) {
					failure = streamError;
					break;
				}
				yield event;
			}
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			body.destroy();
			throw this.toGeminiError(failure);
		}
	}

	private async send(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		body: unknown,
		settings: CallSettings,
	): Promise<Dispatcher.ResponseData> {
		const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		let response: Dispatcher.ResponseData;
		try {
			response = await request(`${this.baseUrl}${API_VERSION_PATH}/${path}`, {
				method,
				dispatcher: this.dispatcher,
				headers: {
					'x-goog-api-key': this.apiKey,
					accept: path.includes('alt=sse') ? 'text/event-stream' : 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: settings.signal,
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
			});
		} catch (error) {
			throw this.toGeminiError(error, timeoutMs);
		}
		if (response.statusCode >= 400) {
			const text = await response.body.text().catch(() => '');
			const retryAfter = response.headers['retry-after'];
			throw parseGoogleError(
				response.statusCode,
				text,
				[this.apiKey],
				parseRetryAfterMs(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
			);
		}
		return response;
	}

	private async withRetries<T>(
		settings: CallSettings,
		attempt: () => Promise<T>,
	): Promise<{ result: T; attempts: number }> {
		const retry = settings.retry ?? DEFAULT_RETRY_SETTINGS;
		let waitedMs = 0;
		for (let retryIndex = 0; ; retryIndex++) {
			try {
				return { result: await attempt(), attempts: retryIndex + 1 };
			} catch (thrown) {
				const error = this.toGeminiError(thrown);
				error.attempts = retryIndex + 1;
				const delayMs = nextRetryDelayMs({
					error,
					retryIndex,
					waitedMs,
					settings: retry,
					retryable: settings.retryable,
				});
				if (delayMs === undefined || settings.signal?.aborted) throw error;
				settings.onRetry?.({ attempt: retryIndex + 1, delayMs, error });
				try {
					await delay(delayMs, undefined, { signal: settings.signal });
				} catch {
					throw this.toGeminiError(settings.signal?.reason ?? new Error('aborted'));
				}
				waitedMs += delayMs;
			}
		}
	}

	private toGeminiError(error: unknown, timeoutMs?: number): GeminiApiError {
		if (error instanceof GeminiApiError) return error;
		const err = error as { name?: string; code?: string; message?: string };
		if (err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED' || error instanceof undiciErrors.RequestAbortedError) {
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
			message: redactSecrets(
				`Could not reach Gemini at ${this.baseUrl}: ${err?.message ?? String(error)}${networkCode ? ` (${networkCode})` : ''}`,
				[this.apiKey],
			),
		});
	}
}

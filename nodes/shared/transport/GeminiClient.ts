import { setTimeout as delay } from 'node:timers/promises';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { z } from 'zod';

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

/** Google's resumable protocol wants every chunk but the last to be a multiple of 256 KiB. */
export const UPLOAD_CHUNK_GRANULARITY = 256 * 1024;
/** The chunk size Google's own SDK uses. */
export const DEFAULT_UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

/** int64 fields arrive as JSON strings ("1234"); numbers are tolerated too. */
const int64Schema = z
	.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
	.transform((value) => Number(value));

/** The `file` object of the Files API (gemini-api.md §5); unknown fields pass through. */
export const uploadedFileSchema = z
	.object({
		name: z.string().min(1),
		displayName: z.string().optional(),
		mimeType: z.string().optional(),
		sizeBytes: int64Schema.optional(),
		createTime: z.string().optional(),
		updateTime: z.string().optional(),
		expirationTime: z.string().optional(),
		sha256Hash: z.string().optional(),
		uri: z.string().optional(),
		state: z.string().optional(),
		error: z
			.object({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() })
			.passthrough()
			.optional(),
	})
	.passthrough();

export type UploadedFile = z.infer<typeof uploadedFileSchema>;

export interface UploadFileInput {
	displayName: string;
	mimeType: string;
	/** Exact byte count `body()` yields; sent up front as X-Goog-Upload-Header-Content-Length. */
	sizeBytes: number;
	/** Called once per upload session: a restarted upload reads the bytes again from the start. */
	body: () => AsyncIterable<Uint8Array>;
	/** Default 8 MiB; must be a multiple of 256 KiB. */
	chunkBytes?: number;
}

interface UploadSession {
	url: string;
	/** The key header, or nothing when the upload URL points at another origin. */
	authHeaders: Record<string, string>;
}

interface UploadChunk {
	/** A view into a buffer that is reused for the next chunk: send it before pulling the next. */
	bytes: Uint8Array;
	offset: number;
	last: boolean;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

function checkedChunkBytes(input: UploadFileInput): number {
	const chunkBytes = input.chunkBytes ?? DEFAULT_UPLOAD_CHUNK_BYTES;
	if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0 || chunkBytes % UPLOAD_CHUNK_GRANULARITY !== 0) {
		throw new RangeError(`chunkBytes must be a positive multiple of 256 KiB (${UPLOAD_CHUNK_GRANULARITY}), got ${chunkBytes}`);
	}
	if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 0) {
		throw new RangeError(`sizeBytes must be a non-negative integer, got ${input.sizeBytes}`);
	}
	return chunkBytes;
}

function sizeMismatch(expected: number, atLeast: number, exact: boolean): Error {
	const got = exact ? `${atLeast}` : `more than ${expected}`;
	return new Error(`The upload body produced ${got} bytes, but sizeBytes is ${expected}`);
}

/**
 * Regroups the caller's pieces into protocol chunks of exactly `chunkBytes` (the last one shorter),
 * copying into one reused buffer so that at most one chunk is ever held. The last chunk is only
 * yielded once the source has ended, so that a body longer than `totalBytes` is caught before
 * `finalize` is sent.
 */
async function* fixedSizeChunks(
	source: AsyncIterable<Uint8Array>,
	chunkBytes: number,
	totalBytes: number,
): AsyncGenerator<UploadChunk, void, undefined> {
	const buffer = new Uint8Array(Math.min(chunkBytes, totalBytes));
	let offset = 0;
	let filled = 0;
	const chunkLength = () => Math.min(chunkBytes, totalBytes - offset);
	for await (const piece of source) {
		let at = 0;
		while (at < piece.length) {
			const room = chunkLength() - filled;
			if (room === 0) throw sizeMismatch(totalBytes, totalBytes, false);
			const take = Math.min(room, piece.length - at);
			buffer.set(piece.subarray(at, at + take), filled);
			filled += take;
			at += take;
			if (filled === chunkLength() && offset + filled < totalBytes) {
				yield { bytes: buffer.subarray(0, filled), offset, last: false };
				offset += filled;
				filled = 0;
			}
		}
	}
	if (offset + filled !== totalBytes) throw sizeMismatch(totalBytes, offset + filled, true);
	yield { bytes: buffer.subarray(0, filled), offset, last: true };
}

/** The upload URL from the start call, resolved against the base URL; undefined if unusable. */
function resolveUploadUrl(raw: string | undefined, baseUrl: string): URL | undefined {
	if (!raw) return undefined;
	try {
		const url = new URL(raw, `${baseUrl}/`);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
	} catch {
		return undefined;
	}
}

/** `files/abc` → `files/abc:download?alt=media`; a path that already has a query is kept. */
function downloadPath(path: string): string {
	const trimmed = path.replace(/^\/+/, '');
	if (trimmed.includes('?')) return trimmed;
	return `${trimmed.endsWith(':download') ? trimmed : `${trimmed}:download`}?alt=media`;
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** An error the retry policy will not retry (no retryable HTTP status, not a network error). */
function protocolError(message: string, httpStatus?: number): GeminiApiError {
	return new GeminiApiError({ kind: 'http', httpStatus, message });
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
		const { result: response, attempts } = await this.withRetries(settings, async () => {
			const opened = await this.send('POST', path, body, settings);
			// A proxy's HTML page (a login, an error) with status 200 holds no events: without this
			// check it would pass as an empty answer.
			const type = headerValue(opened.headers, 'content-type');
			if (type !== undefined && !type.includes('event-stream')) {
				const text = await opened.body.text().catch(() => '');
				const excerpt = redactSecrets(text.slice(0, 200), [this.apiKey]);
				throw protocolError(`Gemini answered with ${type} instead of an event stream: ${excerpt}`, opened.statusCode);
			}
			return opened;
		});
		return {
			headers: flattenHeaders(response.headers),
			statusCode: response.statusCode,
			attempts,
			events: this.readEvents(response.body, settings.timeoutMs),
		};
	}

	/** Events as they arrive; an `{"error":…}` event after the 200 headers becomes a thrown error. */
	private async *readEvents(
		body: Dispatcher.ResponseData['body'],
		timeoutMs: number | undefined,
	): AsyncGenerator<unknown, void, undefined> {
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
			throw this.toGeminiError(failure, timeoutMs);
		}
	}

	private async send(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		body: unknown,
		settings: CallSettings,
	): Promise<Dispatcher.ResponseData> {
		return await this.sendRaw(
			`${this.baseUrl}${API_VERSION_PATH}/${path}`,
			{
				method,
				headers: {
					'x-goog-api-key': this.apiKey,
					accept: path.includes('alt=sse') ? 'text/event-stream' : 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			},
			settings,
		);
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
				// A body that stalls after the headers times out here, not in `send`: name the user's timeout.
				const error = this.toGeminiError(thrown, settings.timeoutMs);
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

	/**
	 * Uploads bytes with the Files API's resumable protocol (gemini-api.md §5): a `start` call
	 * that returns the session URL, then chunks of `chunkBytes` (`upload`, the last
	 * `upload, finalize`), read lazily from `body()` so only one chunk is ever in memory.
	 *
	 * Failures: the start call is retried with the usual policy (a session whose answer was lost
	 * holds no bytes and never becomes a file: starting another creates nothing twice). A failed
	 * chunk is retried with the same policy; before each re-send the session is asked (`query`)
	 * how many bytes it holds and only the rest is sent. When the retries of a chunk are used up,
	 * the session is asked once more before anything is started again: still active, the upload
	 * goes on in it from the bytes it holds; otherwise, if the failed chunk was the last one (its
	 * finalize may have created the file), nothing is started again and the error says the file
	 * may exist (the caller can look for it by its display name); else the whole upload restarts
	 * once, with a new session and a fresh `body()`. Errors thrown by `body()` and a byte count
	 * that does not match `sizeBytes` are not retried.
	 */
	async uploadFile(input: UploadFileInput, settings: CallSettings = {}): Promise<UploadedFile> {
		const chunkBytes = checkedChunkBytes(input);
		const first = await settle(this.uploadSession(input, chunkBytes, settings));
		if (first.ok) return this.uploadedFileFrom(first.value);
		const { error } = first;
		// A start call that failed already had its retries; a caller's body error would recur.
		if (!(error instanceof UploadChunkFailure) || error.cause.kind === 'aborted' || settings.signal?.aborted) {
			throw unwrapUploadFailure(error);
		}
		settings.onRetry?.({ attempt: error.cause.attempts, delayMs: 0, error: error.cause });
		const held = await settle(this.sessionProgress(error.session, settings));
		const resume = held.ok && held.value !== undefined ? { session: error.session, received: held.value } : undefined;
		if (!resume && error.last) {
			throw protocolError(
				`The upload's last chunk (finalize) got no usable answer (${error.cause.message}); the file "${input.displayName}" may have been created, so the upload was not started again`,
			);
		}
		const second = await settle(this.uploadSession(input, chunkBytes, settings, resume));
		if (second.ok) return this.uploadedFileFrom(second.value);
		throw unwrapUploadFailure(second.error);
	}

	/**
	 * Streams `GET /download/v1beta/{files/…}:download?alt=media`. Retries happen only until the
	 * response headers arrive; a failure while reading the body is thrown from the iterator.
	 */
	async download(path: string, settings: CallSettings = {}): Promise<AsyncIterable<Uint8Array>> {
		const url = `${this.baseUrl}/download${API_VERSION_PATH}/${downloadPath(path)}`;
		const { result: response } = await this.withRetries(settings, async () =>
			this.sendRaw(url, { method: 'GET', headers: { 'x-goog-api-key': this.apiKey, accept: '*/*' } }, settings),
		);
		return this.readBytes(response.body, settings.timeoutMs);
	}

	/**
	 * One session: start (or `resume` one that holds `received` bytes), then every chunk not
	 * already held. Chunk-phase failures are marked for the restart.
	 */
	private async uploadSession(
		input: UploadFileInput,
		chunkBytes: number,
		settings: CallSettings,
		resume?: { session: UploadSession; received: number },
	): Promise<unknown> {
		const session = resume?.session ?? (await this.startUpload(input, settings));
		const received = resume?.received ?? 0;
		let finalBody: unknown;
		for await (const chunk of fixedSizeChunks(input.body(), chunkBytes, input.sizeBytes)) {
			if (!chunk.last && chunk.offset + chunk.bytes.length <= received) continue;
			const answer = await settle(this.sendChunk(session, chunk, settings, Math.max(chunk.offset, received)));
			if (!answer.ok) throw new UploadChunkFailure(this.toGeminiError(answer.error), session, chunk.last);
			finalBody = answer.value;
		}
		return finalBody;
	}

	/** Bytes an active session holds (`query`); undefined when it is not active or cannot say. */
	private async sessionProgress(session: UploadSession, settings: CallSettings): Promise<number | undefined> {
		const response = await this.sendRaw(session.url, { method: 'POST', headers: { ...session.authHeaders, 'x-goog-upload-command': 'query' } }, settings);
		await response.body.dump();
		const received = Number(headerValue(response.headers, 'x-goog-upload-size-received'));
		const active = headerValue(response.headers, 'x-goog-upload-status') === 'active';
		return active && Number.isSafeInteger(received) && received >= 0 ? received : undefined;
	}

	private async startUpload(input: UploadFileInput, settings: CallSettings): Promise<UploadSession> {
		const { result: url } = await this.withRetries(settings, async () => {
			const response = await this.sendRaw(
				`${this.baseUrl}/upload${API_VERSION_PATH}/files`,
				{
					method: 'POST',
					headers: {
						'x-goog-api-key': this.apiKey,
						'x-goog-upload-protocol': 'resumable',
						'x-goog-upload-command': 'start',
						'x-goog-upload-header-content-length': String(input.sizeBytes),
						'x-goog-upload-header-content-type': input.mimeType,
						'content-type': 'application/json',
					},
					body: JSON.stringify({ file: { displayName: input.displayName } }),
				},
				settings,
			);
			await response.body.dump();
			const resolved = resolveUploadUrl(headerValue(response.headers, 'x-goog-upload-url'), this.baseUrl);
			if (!resolved) {
				throw protocolError('The Files API did not return a usable upload URL (x-goog-upload-url)', response.statusCode);
			}
			return resolved;
		});
		// Why: the upload URL is the server's to choose; the key goes only to the origin it is for.
		const sameOrigin = url.origin === new URL(this.baseUrl).origin;
		return { url: url.href, authHeaders: sameOrigin ? { 'x-goog-api-key': this.apiKey } : {} };
	}

	/** Sends one chunk with retries; the finalize answer's JSON for the last chunk. */
	private async sendChunk(session: UploadSession, chunk: UploadChunk, settings: CallSettings, firstFrom = chunk.offset): Promise<unknown> {
		let tries = 0;
		const { result } = await this.withRetries(settings, async () => {
			// Why: after a failure the server may hold part or all of the chunk; ask before re-sending.
			const from = tries++ === 0 ? firstFrom : await this.receivedOffset(session, chunk, settings);
			return this.postChunk(session, chunk, from, settings);
		});
		return result;
	}

	/** `X-Goog-Upload-Command: query` → how many bytes the session holds, within this chunk. */
	private async receivedOffset(session: UploadSession, chunk: UploadChunk, settings: CallSettings): Promise<number> {
		const response = await this.sendRaw(
			session.url,
			{ method: 'POST', headers: { ...session.authHeaders, 'x-goog-upload-command': 'query' } },
			settings,
		);
		await response.body.dump();
		const status = headerValue(response.headers, 'x-goog-upload-status');
		const received = Number(headerValue(response.headers, 'x-goog-upload-size-received'));
		if (status !== 'active') {
			throw protocolError(`The upload session is "${status ?? 'unknown'}" after a failed chunk`, response.statusCode);
		}
		if (!Number.isSafeInteger(received) || received < chunk.offset || received > chunk.offset + chunk.bytes.length) {
			throw protocolError(`The upload session holds ${received} bytes, outside the chunk at ${chunk.offset}`);
		}
		return received;
	}

	private async postChunk(
		session: UploadSession,
		chunk: UploadChunk,
		from: number,
		settings: CallSettings,
	): Promise<unknown> {
		const bytes = chunk.bytes.subarray(from - chunk.offset);
		if (bytes.length === 0 && !chunk.last) return undefined;
		const response = await this.sendRaw(
			session.url,
			{
				method: 'POST',
				headers: {
					...session.authHeaders,
					'x-goog-upload-command': chunk.last ? 'upload, finalize' : 'upload',
					'x-goog-upload-offset': String(from),
					'content-type': 'application/octet-stream',
				},
				body: bytes,
			},
			settings,
		);
		const text = await response.body.text();
		const status = headerValue(response.headers, 'x-goog-upload-status');
		const expected = chunk.last ? 'final' : 'active';
		if (status !== undefined && status !== expected) {
			throw protocolError(`The upload session is "${status}" after a chunk, expected "${expected}"`, response.statusCode);
		}
		if (!chunk.last) return undefined;
		const parsed = parseJson(text);
		if (parsed === NOT_JSON) {
			const excerpt = redactSecrets(text.slice(0, 200), [this.apiKey]);
			throw protocolError(`The finalized upload answered with a body that is not JSON: ${excerpt}`, response.statusCode);
		}
		return parsed;
	}

	/** `{ "file": {…} }` → the validated file object. */
	private uploadedFileFrom(body: unknown): UploadedFile {
		const file = body && typeof body === 'object' && 'file' in body ? (body as { file: unknown }).file : body;
		const parsed = uploadedFileSchema.safeParse(file);
		if (!parsed.success) {
			const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
			throw protocolError(`The finalized upload did not return a valid file object (${issues.join('; ')})`);
		}
		return parsed.data;
	}

	/** Bytes as they arrive; a transport failure mid-body becomes a GeminiApiError. */
	private async *readBytes(
		body: Dispatcher.ResponseData['body'],
		timeoutMs: number | undefined,
	): AsyncGenerator<Uint8Array, void, undefined> {
		let failure: unknown;
		try {
			for await (const chunk of body) yield chunk as Uint8Array;
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			body.destroy();
			throw this.toGeminiError(failure, timeoutMs);
		}
	}

	/** Like `send`, for a full URL with raw headers and body (uploads, downloads). */
	private async sendRaw(
		url: string,
		init: { method: 'GET' | 'POST' | 'DELETE'; headers: Record<string, string>; body?: string | Uint8Array },
		settings: CallSettings,
	): Promise<Dispatcher.ResponseData> {
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
			throw parseGoogleError(
				response.statusCode,
				text,
				[this.apiKey],
				parseRetryAfterMs(headerValue(response.headers, 'retry-after')),
			);
		}
		return response;
	}
}

/** Marks a failure in the chunk phase: the one case where the whole upload is restarted. */
class UploadChunkFailure extends Error {
	constructor(
		readonly cause: GeminiApiError,
		/** The session the chunk was sent to: asked before anything is started again. */
		readonly session: UploadSession,
		/** The failed chunk was the last one: its finalize may have created the file. */
		readonly last: boolean,
	) {
		super(cause.message);
		this.name = 'UploadChunkFailure';
	}
}

function unwrapUploadFailure(error: unknown): unknown {
	return error instanceof UploadChunkFailure ? error.cause : error;
}

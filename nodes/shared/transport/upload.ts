import { z } from 'zod';

import { headerValue, protocolError, type CallSettings, type Transport } from './client';
import type { GeminiApiError } from './googleError';

/**
 * Uploads with the Files API's resumable protocol (https://ai.google.dev/api/files): a `start`
 * call that returns the session URL, then chunks (`upload`, the last `upload, finalize`).
 */

/** Google's resumable protocol wants every chunk but the last to be a multiple of 256 KiB. */
export const UPLOAD_CHUNK_GRANULARITY = 256 * 1024;
/** The chunk size Google's own SDK uses. */
export const DEFAULT_UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

/** int64 fields arrive as JSON strings ("1234"); numbers are tolerated too. */
const int64Schema = z
	.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
	.transform((value) => Number(value));

/** The `file` object of the Files API; unknown fields pass through. */
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

/**
 * Uploads `input.body()`, read lazily so only one chunk is ever in memory.
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
export async function uploadFile(t: Transport, input: UploadFileInput, settings: CallSettings): Promise<UploadedFile> {
	const chunkBytes = checkedChunkBytes(input);
	const first = await settle(uploadSession(t, input, chunkBytes, settings));
	if (first.ok) return uploadedFileFrom(first.value);
	const { error } = first;
	// A start call that failed already had its retries; a caller's body error would recur.
	if (!(error instanceof UploadChunkFailure) || error.cause.kind === 'aborted' || settings.signal?.aborted) {
		throw unwrapUploadFailure(error);
	}
	settings.onRetry?.({ attempt: error.cause.attempts, delayMs: 0, error: error.cause });
	const held = await settle(querySession(t, error.session, settings));
	const resume =
		held.ok && held.value.status === 'active' && Number.isSafeInteger(held.value.received)
			? { session: error.session, received: held.value.received }
			: undefined;
	if (!resume && error.last) {
		throw protocolError(
			`The upload's last chunk (finalize) got no usable answer (${error.cause.message}); the file "${input.displayName}" may have been created, so the upload was not started again`,
		);
	}
	const second = await settle(uploadSession(t, input, chunkBytes, settings, resume));
	if (second.ok) return uploadedFileFrom(second.value);
	throw unwrapUploadFailure(second.error);
}

/**
 * One session: start (or `resume` one that holds `received` bytes), then every chunk not
 * already held. Chunk-phase failures are marked for the restart.
 */
async function uploadSession(
	t: Transport,
	input: UploadFileInput,
	chunkBytes: number,
	settings: CallSettings,
	resume?: { session: UploadSession; received: number },
): Promise<unknown> {
	const session = resume?.session ?? (await startUpload(t, input, settings));
	const received = resume?.received ?? 0;
	let finalBody: unknown;
	for await (const chunk of fixedSizeChunks(input.body(), chunkBytes, input.sizeBytes)) {
		if (!chunk.last && chunk.offset + chunk.bytes.length <= received) continue;
		const answer = await settle(sendChunk(t, session, chunk, settings, Math.max(chunk.offset, received)));
		if (!answer.ok) throw new UploadChunkFailure(t.toGeminiError(answer.error), session, chunk.last);
		finalBody = answer.value;
	}
	return finalBody;
}

async function startUpload(t: Transport, input: UploadFileInput, settings: CallSettings): Promise<UploadSession> {
	const { result: url } = await t.withRetries(settings, async () => {
		const response = await t.sendRaw(
			t.apiUrl('files', '/upload'),
			{
				method: 'POST',
				headers: {
					...(await t.authHeaders()),
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
		const resolved = resolveUploadUrl(headerValue(response.headers, 'x-goog-upload-url'), t.baseUrl);
		if (!resolved) {
			throw protocolError('The Files API did not return a usable upload URL (x-goog-upload-url)', response.statusCode);
		}
		return resolved;
	});
	// Why: the upload URL is the server's to choose; the key goes only to the origin it is for.
	return { url: url.href, authHeaders: await t.authHeaders(url.href) };
}

/** Sends one chunk with retries; the finalize answer's JSON for the last chunk. */
async function sendChunk(t: Transport, session: UploadSession, chunk: UploadChunk, settings: CallSettings, firstFrom = chunk.offset): Promise<unknown> {
	let tries = 0;
	const { result } = await t.withRetries(settings, async () => {
		// Why: after a failure the server may hold part or all of the chunk; ask before re-sending.
		const from = tries++ === 0 ? firstFrom : await receivedOffset(t, session, chunk, settings);
		return postChunk(t, session, chunk, from, settings);
	});
	return result;
}

/** `X-Goog-Upload-Command: query` → the session's status and how many bytes it holds. */
async function querySession(t: Transport, session: UploadSession, settings: CallSettings): Promise<{ status?: string; received: number; httpStatus: number }> {
	const response = await t.sendRaw(session.url, { method: 'POST', headers: { ...session.authHeaders, 'x-goog-upload-command': 'query' } }, settings);
	await response.body.dump();
	const received = Number(headerValue(response.headers, 'x-goog-upload-size-received'));
	return {
		status: headerValue(response.headers, 'x-goog-upload-status'),
		received: Number.isSafeInteger(received) && received >= 0 ? received : NaN,
		httpStatus: response.statusCode,
	};
}

/** How many bytes the session holds, within this chunk (for re-sending the rest of it). */
async function receivedOffset(t: Transport, session: UploadSession, chunk: UploadChunk, settings: CallSettings): Promise<number> {
	const { status, received, httpStatus } = await querySession(t, session, settings);
	if (status !== 'active') {
		throw protocolError(`The upload session is "${status ?? 'unknown'}" after a failed chunk`, httpStatus);
	}
	if (!Number.isSafeInteger(received) || received < chunk.offset || received > chunk.offset + chunk.bytes.length) {
		throw protocolError(`The upload session holds ${received} bytes, outside the chunk at ${chunk.offset}`);
	}
	return received;
}

async function postChunk(t: Transport, session: UploadSession, chunk: UploadChunk, from: number, settings: CallSettings): Promise<unknown> {
	const bytes = chunk.bytes.subarray(from - chunk.offset);
	if (bytes.length === 0 && !chunk.last) return undefined;
	const response = await t.sendRaw(
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
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw protocolError(`The finalized upload did not answer with JSON: ${t.describeAnswer(response, text)}`, response.statusCode);
	}
}

/** `{ "file": {…} }` → the validated file object. */
function uploadedFileFrom(body: unknown): UploadedFile {
	const file = body && typeof body === 'object' && 'file' in body ? (body as { file: unknown }).file : body;
	const parsed = uploadedFileSchema.safeParse(file);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
		throw protocolError(`The finalized upload did not return a valid file object (${issues.join('; ')})`);
	}
	return parsed.data;
}

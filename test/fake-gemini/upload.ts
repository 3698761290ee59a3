/**
 * The Files API resumable upload protocol on `POST /upload/v1beta/files`:
 *   start   → `x-goog-upload-url` (this same path with `?upload_id=…&upload_protocol=resumable`)
 *   upload  → bytes at `X-Goog-Upload-Offset`, appended to a file on disk (streamed, never buffered)
 *   upload, finalize → the last bytes; the answer is `{"file":{…}}` with `x-goog-upload-status: final`
 * Also `query` (bytes received so far) and `cancel`.
 */
import { createWriteStream, truncateSync } from 'node:fs';
import type { Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream';
import type { RequestContext } from './context';
import { reply } from './errors';
import type { UploadSession } from './filestore';
import { MAX_FILE_BYTES, wireFile } from './filestore';
import { baseUrlOf, drain, parseBody, readLimited, sendEmpty, sendJson, sendReply } from './http';
import { isRecord } from './types';

/** The real service asks for chunks in multiples of 8 MiB (all but the last). */
const CHUNK_GRANULARITY = String(8 * 1024 * 1024);
const START_BODY_LIMIT = 1024 * 1024;

function header(ctx: RequestContext, name: string): string | undefined {
	const value = ctx.req.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

function commands(ctx: RequestContext): Set<string> {
	return new Set((header(ctx, 'x-goog-upload-command') ?? '').split(',').map((part) => part.trim().toLowerCase()).filter(Boolean));
}

function nonNegativeInt(value: string | undefined): number | undefined {
	if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
	const parsed = Number(value);
	return Number.isSafeInteger(parsed) ? parsed : undefined;
}

export async function handleUpload(ctx: RequestContext): Promise<void> {
	const uploadId = ctx.url.searchParams.get('upload_id');
	if (uploadId === null) return startUpload(ctx);
	return receiveChunk(ctx, uploadId);
}

async function startUpload(ctx: RequestContext): Promise<void> {
	const raw = await readLimited(ctx.req, START_BODY_LIMIT);
	if (raw === undefined) return sendReply(ctx.res, reply(400, 'The start request of a resumable upload carries only the file metadata.'));
	const body = parseBody(raw);
	ctx.recorded.body = body;
	if (typeof body === 'string') return sendReply(ctx.res, reply(400, `Invalid JSON payload received. Unexpected token.\n${body.slice(0, 40)}\n^`));
	if ((header(ctx, 'x-goog-upload-protocol') ?? '').toLowerCase() !== 'resumable') {
		return sendReply(ctx.res, reply(400, 'The fake supports only X-Goog-Upload-Protocol: resumable.'));
	}
	if (!commands(ctx).has('start')) return sendReply(ctx.res, reply(400, 'The first request of a resumable upload needs X-Goog-Upload-Command: start.'));
	const declared = nonNegativeInt(header(ctx, 'x-goog-upload-header-content-length'));
	if (declared === undefined) return sendReply(ctx.res, reply(400, 'X-Goog-Upload-Header-Content-Length must give the file size in bytes.'));
	if (declared > MAX_FILE_BYTES) return sendReply(ctx.res, reply(400, `File too large: ${declared} bytes; the limit is ${MAX_FILE_BYTES}.`));
	const file = isRecord(body) && isRecord(body.file) ? body.file : {};
	const displayName = typeof file.displayName === 'string' ? file.displayName : undefined;
	const mimeType = header(ctx, 'x-goog-upload-header-content-type') ?? (typeof file.mimeType === 'string' ? file.mimeType : undefined) ?? 'application/octet-stream';
	const session = ctx.state.files.startUpload({ displayName, mimeType, declared });
	const base = baseUrlOf(ctx.req, ctx.state.baseUrl);
	sendEmpty(ctx.res, 200, {
		'x-goog-upload-url': `${base}/upload/v1beta/files?upload_id=${session.id}&upload_protocol=resumable`,
		'x-goog-upload-status': 'active',
		'x-goog-upload-chunk-granularity': CHUNK_GRANULARITY,
	});
}

async function receiveChunk(ctx: RequestContext, uploadId: string): Promise<void> {
	const session = ctx.state.files.upload(uploadId);
	const fail = async (status: number, message: string): Promise<void> => {
		ctx.recorded.bodyBytes = await drain(ctx.req);
		sendReply(ctx.res, { ...reply(status, message), headers: session ? progress(session, 'active') : {} });
	};
	if (!session) return fail(404, `Upload session ${uploadId} not found.`);
	const command = commands(ctx);
	if (command.has('query')) {
		await drain(ctx.req);
		return sendEmpty(ctx.res, 200, progress(session, 'active'));
	}
	if (command.has('cancel')) {
		ctx.state.files.cancelUpload(session);
		await drain(ctx.req);
		return sendEmpty(ctx.res, 200, { 'x-goog-upload-status': 'cancelled' });
	}
	const upload = command.has('upload');
	const finalize = command.has('finalize');
	if (!upload && !finalize) return fail(400, `Unsupported X-Goog-Upload-Command "${[...command].join(', ')}": use upload, "upload, finalize", finalize, query or cancel.`);
	const offset = nonNegativeInt(header(ctx, 'x-goog-upload-offset'));
	if (offset === undefined) return fail(400, 'X-Goog-Upload-Offset is required.');
	if (offset !== session.received) return fail(400, `Invalid X-Goog-Upload-Offset ${offset}: ${session.received} bytes have been received.`);
	if (session.busy) return fail(409, 'Another chunk of this upload is still being received.');

	session.busy = true;
	let chunk: Chunk;
	try {
		chunk = upload ? await appendChunk(ctx.req, session) : { status: 'ok', bytes: await drain(ctx.req), hash: session.hash };
	} finally {
		session.busy = false;
	}
	ctx.recorded.bodyBytes = chunk.bytes;
	if (chunk.status !== 'ok') {
		// Throw the partial chunk away: the next attempt starts again at the old offset.
		truncateSync(session.path, session.received);
		if (chunk.status === 'overflow') {
			return sendReply(ctx.res, { ...reply(400, `The upload is longer than the declared ${session.declared} bytes.`), headers: progress(session, 'active') });
		}
		if (chunk.status === 'error') return sendReply(ctx.res, reply(500, 'fake-gemini could not write the upload to disk.'));
		return; // The client went away: nobody to answer.
	}
	if (upload) {
		session.received += chunk.bytes;
		session.hash = chunk.hash;
	}
	if (!finalize) return sendEmpty(ctx.res, 200, progress(session, 'active'));
	if (session.received !== session.declared) {
		return sendReply(ctx.res, {
			...reply(400, `Finalized after ${session.received} bytes, but X-Goog-Upload-Header-Content-Length declared ${session.declared}.`),
			headers: progress(session, 'active'),
		});
	}
	const record = ctx.state.files.finalize(session);
	sendJson(ctx.res, 200, { file: wireFile(record, baseUrlOf(ctx.req, ctx.state.baseUrl)) }, { 'x-goog-upload-status': 'final' });
}

function progress(session: UploadSession, status: string): Record<string, string> {
	return { 'x-goog-upload-status': status, 'x-goog-upload-size-received': String(session.received) };
}

interface Chunk {
	status: 'ok' | 'overflow' | 'aborted' | 'error';
	bytes: number;
	/** The session's hash advanced by this chunk (adopted only when the chunk is accepted). */
	hash: Hash;
}

/** Streams the request body onto the end of the session's file, with backpressure. */
function appendChunk(req: IncomingMessage, session: UploadSession): Promise<Chunk> {
	const hash = session.hash.copy();
	const out = createWriteStream(session.path, { flags: 'a' });
	let bytes = 0;
	let overflow = false;
	let failed = false;
	return new Promise((resolve) => {
		let settled = false;
		const settle = (status: Chunk['status']): void => {
			if (settled) return;
			settled = true;
			out.end();
			finished(out, () => resolve({ status: failed && status !== 'aborted' ? 'error' : status, bytes, hash }));
		};
		out.on('error', () => {
			failed = true;
			req.resume();
		});
		req.on('data', (data: Buffer) => {
			bytes += data.length;
			if (overflow || failed) return;
			if (session.received + bytes > session.declared) {
				overflow = true; // keep reading (and discarding) so that the 400 can be sent
				return;
			}
			hash.update(data);
			if (!out.write(data)) {
				req.pause();
				out.once('drain', () => req.resume());
			}
		});
		req.once('end', () => settle(overflow ? 'overflow' : 'ok'));
		req.once('close', () => settle(req.readableEnded ? (overflow ? 'overflow' : 'ok') : 'aborted'));
		req.once('error', () => settle('aborted'));
	});
}

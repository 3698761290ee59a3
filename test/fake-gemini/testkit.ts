/** Helpers shared by the Batch API and Files API tests (not a test file itself). */
import type { FakeGemini } from './server';

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: Record<string, unknown>;
}

async function toReply(response: Response): Promise<Reply> {
	const text = await response.text();
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		// Empty upload answers and media downloads are read through `text`.
	}
	return { status: response.status, headers: response.headers, text, json };
}

export function keyHeader(fake: FakeGemini): Record<string, string> {
	return { 'x-goog-api-key': fake.apiKey };
}

/** A JSON call to `<fake.url><path>` (path from the root, e.g. `/v1beta/batches`). */
export async function call(fake: FakeGemini, method: string, path: string, body?: unknown, headers = keyHeader(fake)): Promise<Reply> {
	const response = await fetch(`${fake.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return toReply(response);
}

export async function startUpload(
	fake: FakeGemini,
	size: number,
	options: { displayName?: string; mimeType?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
	const response = await fetch(`${fake.url}/upload/v1beta/files`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-goog-upload-protocol': 'resumable',
			'x-goog-upload-command': 'start',
			'x-goog-upload-header-content-length': String(size),
			'x-goog-upload-header-content-type': options.mimeType ?? 'application/octet-stream',
			...(options.headers ?? keyHeader(fake)),
		},
		body: JSON.stringify({ file: { displayName: options.displayName ?? 'test file' } }),
	});
	return toReply(response);
}

export async function sendChunk(
	fake: FakeGemini,
	uploadUrl: string,
	bytes: Uint8Array,
	offset: number,
	command: string,
	headers = keyHeader(fake),
): Promise<Reply> {
	const response = await fetch(uploadUrl, {
		method: 'POST',
		headers: { 'x-goog-upload-command': command, 'x-goog-upload-offset': String(offset), ...headers },
		body: bytes,
	});
	return toReply(response);
}

/** Uploads `bytes` in chunks of `chunkSize`; returns the finalize answer's `file`. */
export async function uploadFile(
	fake: FakeGemini,
	bytes: Uint8Array,
	options: { chunkSize?: number; displayName?: string; mimeType?: string } = {},
): Promise<Record<string, unknown>> {
	const start = await startUpload(fake, bytes.length, options);
	expect(start.status).toBe(200);
	const url = start.headers.get('x-goog-upload-url') ?? '';
	const chunkSize = options.chunkSize ?? Math.max(bytes.length, 1);
	let offset = 0;
	for (;;) {
		const end = Math.min(offset + chunkSize, bytes.length);
		const last = end === bytes.length;
		const reply = await sendChunk(fake, url, bytes.subarray(offset, end), offset, last ? 'upload, finalize' : 'upload');
		expect(reply.status).toBe(200);
		if (last) return reply.json.file as Record<string, unknown>;
		offset = end;
	}
}

export async function download(
	fake: FakeGemini,
	fileName: string,
	headers: Record<string, string> = {},
): Promise<{ status: number; bytes: Buffer; type: string | null; contentRange: string | null }> {
	const id = fileName.replace(/^files\//, '');
	const response = await fetch(`${fake.url}/download/v1beta/files/${id}:download?alt=media`, { headers: { ...keyHeader(fake), ...headers } });
	return {
		status: response.status,
		bytes: Buffer.from(await response.arrayBuffer()),
		type: response.headers.get('content-type'),
		contentRange: response.headers.get('content-range'),
	};
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Bodies for `POST models/{m}:batchGenerateContent` and the JSONL input file
 * (https://ai.google.dev/gemini-api/docs/batch-mode). Pure: encoding only, no I/O.
 */

export interface BatchEntry {
	key: string;
	request: object;
}

/**
 * Inline requests must total under 20 MB (https://ai.google.dev/gemini-api/docs/batch-mode, "Inline total under 20 MB");
 * larger batches go through a JSONL file (up to 2 GB).
 */
export const INLINE_LIMIT_BYTES = 20 * 1024 * 1024;

/** One line of the JSONL input file: `{"key":…,"request":{…}}` and a newline. */
export function batchRequestLine(key: string, request: object): string {
	// JSON.stringify escapes every newline inside strings, so the line cannot break.
	return `${JSON.stringify({ key, request })}\n`;
}

/** Inline batch: note the doubled `requests.requests` and the key under `metadata`. */
export function inlineBatchBody(displayName: string, entries: readonly BatchEntry[]): object {
	return {
		batch: {
			displayName,
			inputConfig: {
				requests: {
					requests: entries.map(({ key, request }) => ({ request, metadata: { key } })),
				},
			},
		},
	};
}

/** File batch: `fileName` is the uploaded JSONL's resource name, e.g. `files/abc`. */
export function fileBatchBody(displayName: string, fileName: string): object {
	return { batch: { displayName, inputConfig: { fileName } } };
}

/** Bytes and lines of the JSONL file, without building it: the Content-Length for the upload. */
export async function measureJsonl(entries: Iterable<BatchEntry> | AsyncIterable<BatchEntry>): Promise<{ bytes: number; lines: number }> {
	let bytes = 0;
	let lines = 0;
	for await (const { key, request } of entries) {
		bytes += Buffer.byteLength(batchRequestLine(key, request), 'utf8');
		lines++;
	}
	return { bytes, lines };
}

function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
	if (parts.length === 1) return parts[0];
	const out = new Uint8Array(length);
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/**
 * The JSONL file as byte chunks of about `targetBytes` (whole lines; a longer line is a chunk
 * of its own), encoded only as they are pulled so the whole file never exists in memory.
 * Yields exactly `(await measureJsonl(entries)).bytes` bytes for the same entries.
 */
export async function* jsonlChunks(
	entries: Iterable<BatchEntry> | AsyncIterable<BatchEntry>,
	targetBytes = 256 * 1024,
): AsyncGenerator<Uint8Array, void, undefined> {
	const encoder = new TextEncoder();
	let parts: Uint8Array[] = [];
	let length = 0;
	for await (const { key, request } of entries) {
		const line = encoder.encode(batchRequestLine(key, request));
		parts.push(line);
		length += line.length;
		if (length >= targetBytes) {
			yield concatBytes(parts, length);
			parts = [];
			length = 0;
		}
	}
	if (length > 0) yield concatBytes(parts, length);
}

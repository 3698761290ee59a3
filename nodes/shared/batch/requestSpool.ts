import type { BatchEntry } from './requests';

/**
 * A job's requests encoded once, as the lines of its JSONL input file
 * (https://ai.google.dev/gemini-api/docs/batch-mode), in compact byte chunks outside V8's heap:
 * the upload sends the chunks as they are, the size is known without a measuring pass, and an
 * inline job or a token count decodes the lines back. Pure: no I/O.
 */

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export class RequestSpool {
	private readonly sealed: Buffer[] = [];
	private current = Buffer.allocUnsafe(CHUNK_BYTES);
	private used = 0;
	private byteCount = 0;
	private lineCount = 0;

	/**
	 * Adds one line `{"key":…,"request":…}`. `requestJson` is the request already encoded with
	 * JSON.stringify, so the line is byte for byte `batchRequestLine(key, request)`.
	 */
	add(key: string, requestJson: string): void {
		const line = `{"key":${JSON.stringify(key)},"request":${requestJson}}\n`;
		const length = Buffer.byteLength(line, 'utf8');
		if (length > this.current.length - this.used) {
			this.seal();
			if (length > this.current.length) this.current = Buffer.allocUnsafe(length);
		}
		this.used += this.current.write(line, this.used, 'utf8');
		this.byteCount += length;
		this.lineCount++;
	}

	/** Bytes and lines of the JSONL file (the upload's Content-Length). */
	get size(): { bytes: number; lines: number } {
		return { bytes: this.byteCount, lines: this.lineCount };
	}

	/** The JSONL file's bytes, whole lines per chunk; may be read any number of times. */
	async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
		for (const chunk of this.sealed) yield chunk;
		if (this.used > 0) yield this.current.subarray(0, this.used);
	}

	/** The entries decoded back, in order, one at a time. */
	async *entries(): AsyncGenerator<BatchEntry, void, undefined> {
		for await (const chunk of this.chunks()) {
			let start = 0;
			for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
				yield JSON.parse(Buffer.from(chunk.buffer, chunk.byteOffset + start, end - start).toString('utf8')) as BatchEntry;
				start = end + 1;
			}
		}
	}

	private seal(): void {
		if (this.used > 0) this.sealed.push(this.current.subarray(0, this.used));
		this.current = Buffer.allocUnsafe(CHUNK_BYTES);
		this.used = 0;
	}
}

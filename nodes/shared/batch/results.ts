import { isRecord, toItemError, type BatchItemError } from './itemError';

/**
 * The JSONL results file of a batch (https://ai.google.dev/gemini-api/docs/batch-mode): one `{"key":…,"response":{…}}` or
 * `{"key":…,"error":{…}}` per line, in no guaranteed order. Parsed line by line as the
 * bytes arrive, holding only the line being assembled.
 */

export interface BatchResultLine {
	key?: string;
	response?: unknown;
	error?: BatchItemError;
	/** 1-based line number in the file (blank lines count), to find a bad line. */
	line: number;
}

function resultFromLine(text: string, line: number): BatchResultLine {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { line, error: { message: `line ${line} is not valid JSON` } };
	}
	if (!isRecord(parsed)) return { line, error: { message: `line ${line} is not a JSON object` } };
	const result: BatchResultLine = { line };
	if (typeof parsed.key === 'string' || typeof parsed.key === 'number') result.key = String(parsed.key);
	if (parsed.response !== undefined) result.response = parsed.response;
	const error = toItemError(parsed.error);
	if (error) result.error = error;
	return result;
}

/** Parses one complete line (without its \n); blank lines give nothing. */
function parseLine(raw: string, line: number): BatchResultLine | undefined {
	const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
	return text.trim() === '' ? undefined : resultFromLine(text, line);
}

export async function* parseJsonlStream(
	body: AsyncIterable<Uint8Array>,
): AsyncGenerator<BatchResultLine, void, undefined> {
	// stream: true keeps a multi-byte character split across chunks for the next decode.
	const decoder = new TextDecoder('utf-8');
	// Pieces of the unfinished line: joined once the newline arrives, so a long line costs O(n).
	let pending: string[] = [];
	let line = 0;
	for await (const chunk of body) {
		const text = decoder.decode(chunk, { stream: true });
		let start = 0;
		let newline: number;
		while ((newline = text.indexOf('\n', start)) !== -1) {
			pending.push(text.slice(start, newline));
			line++;
			const result = parseLine(pending.join(''), line);
			pending = [];
			start = newline + 1;
			if (result) yield result;
		}
		if (start < text.length) pending.push(text.slice(start));
	}
	pending.push(decoder.decode());
	const last = parseLine(pending.join(''), line + 1);
	if (last) yield last;
}

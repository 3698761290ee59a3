import { GeminiApiError } from './googleError';

// An event ends with a blank line; Google's server frames with CRLF, others with LF or CR
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
const EVENT_BOUNDARY = '\r\n\r\n|\n\n|\r\r';
/** A boundary is at most 4 characters: one that began in the last 3 characters read may end in the next read. */
const BOUNDARY_TAIL = 3;

/** The `data:` lines of one event joined with \n (per the SSE spec), or undefined without any. */
function dataOf(block: string): string | undefined {
	// Gemini's events are a single `data: <json>` line: no need to split it into lines.
	if (block.startsWith('data: ') && !block.includes('\n') && !block.includes('\r')) return block.slice(6);
	const data: string[] = [];
	for (const line of block.split(/\r\n|\r|\n/)) {
		if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
		// Other fields (event:, id:, retry:) and comments (":…") carry nothing Gemini uses.
	}
	return data.length === 0 ? undefined : data.join('\n');
}

/** The JSON in one event's `data:` lines, or undefined. */
export function parseSseEvent(block: string): unknown {
	const payload = dataOf(block);
	if (payload === undefined || payload.trim() === '[DONE]') return undefined;
	const event = parseJsonPayload(payload);
	if (event === NOT_JSON) {
		throw new GeminiApiError({
			kind: 'stream',
			message: `The stream sent an event that is not JSON: ${payload.slice(0, 200)}`,
		});
	}
	return event;
}

const NOT_JSON = Symbol('not JSON');

function parseJsonPayload(payload: string): unknown {
	try {
		return JSON.parse(payload);
	} catch {
		return NOT_JSON;
	}
}

/**
 * Turns a `text/event-stream` body into the JSON objects of its events, as they arrive.
 * Gemini sends one complete GenerateContentResponse per event and ends by closing the stream.
 */
export async function* parseSseStream(
	body: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<unknown, void, undefined> {
	const decoder = new TextDecoder();
	// One per stream: a global RegExp keeps its position (lastIndex), and streams interleave.
	const boundary = new RegExp(EVENT_BOUNDARY, 'g');
	let buffer = '';
	for await (const chunk of body) {
		// The text before the last few characters holds no boundary (it was searched already):
		// search only the new text, and cut the buffer once per read rather than once per event.
		boundary.lastIndex = Math.max(0, buffer.length - BOUNDARY_TAIL);
		buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let start = 0;
		let match: RegExpExecArray | null;
		while ((match = boundary.exec(buffer)) !== null) {
			const event = parseSseEvent(buffer.slice(start, match.index));
			start = boundary.lastIndex;
			if (event !== undefined) yield event;
		}
		if (start > 0) buffer = buffer.slice(start);
	}
	buffer += decoder.decode();
	const last = parseSseEvent(buffer);
	if (last !== undefined) yield last;
}

import { GeminiApiError } from './googleError';

// An event ends with a blank line; Google's server frames with CRLF, others with LF or CR.
const EVENT_BOUNDARY = /\r\n\r\n|\n\n|\r\r/;

/** The JSON in one event's `data:` lines (joined with \n per the SSE spec), or undefined. */
export function parseSseEvent(block: string): unknown {
	const data: string[] = [];
	for (const line of block.split(/\r\n|\r|\n/)) {
		if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
		// Other fields (event:, id:, retry:) and comments (":…") carry nothing Gemini uses.
	}
	if (data.length === 0) return undefined;
	const payload = data.join('\n');
	if (payload.trim() === '[DONE]') return undefined;
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
	let buffer = '';
	for await (const chunk of body) {
		buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let match: RegExpExecArray | null;
		while ((match = EVENT_BOUNDARY.exec(buffer)) !== null) {
			const block = buffer.slice(0, match.index);
			buffer = buffer.slice(match.index + match[0].length);
			const event = parseSseEvent(block);
			if (event !== undefined) yield event;
		}
	}
	buffer += decoder.decode();
	const last = parseSseEvent(buffer);
	if (last !== undefined) yield last;
}

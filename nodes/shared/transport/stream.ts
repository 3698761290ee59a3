import type { Dispatcher } from 'undici';

import { flattenHeaders, headerValue, protocolError, type CallSettings, type Transport } from './client';
import { parseSseStream } from './sse';

/** `…:streamGenerateContent?alt=sse` bodies: events as they arrive (the parser, sse.ts, is pure). */

export interface GeminiEventStream {
	headers: Record<string, string>;
	statusCode: number;
	attempts: number;
	events: AsyncGenerator<unknown, void, undefined>;
}

/**
 * Opens the stream. Retries happen only until the response headers arrive: once text has been
 * streamed, re-sending would duplicate it.
 */
export async function openEventStream(transport: Transport, path: string, body: unknown, settings: CallSettings): Promise<GeminiEventStream> {
	const { result: response, attempts } = await transport.withRetries(settings, async () => {
		const opened = await transport.send('POST', path, body, settings);
		// A proxy's HTML page (a login, an error) with status 200 holds no events: without this
		// check it would pass as an empty answer.
		const type = headerValue(opened.headers, 'content-type');
		if (type === undefined || !type.includes('event-stream')) {
			const text = await opened.body.text().catch(() => '');
			throw protocolError(`Gemini answered with something other than an event stream: ${transport.describeAnswer(opened, text)}`, opened.statusCode);
		}
		return opened;
	});
	return {
		headers: flattenHeaders(response.headers),
		statusCode: response.statusCode,
		attempts,
		events: readEvents(transport, response.body, settings.timeoutMs),
	};
}

/** Events as they arrive; an `{"error":…}` event after the 200 headers becomes a thrown error. */
async function* readEvents(
	transport: Transport,
	body: Dispatcher.ResponseData['body'],
	timeoutMs: number | undefined,
): AsyncGenerator<unknown, void, undefined> {
	let failure: unknown;
	let events = 0;
	try {
		for await (const event of parseSseStream(body)) {
			const streamError = transport.errorInEvent(event);
			if (streamError) {
				failure = streamError;
				break;
			}
			events += 1;
			yield event;
		}
		// An event stream with no event at all is an empty body, not an empty answer.
		if (failure === undefined && events === 0) failure = protocolError('Gemini answered with an event stream that ended without a single event (an empty body)', 200);
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		body.destroy();
		throw transport.toGeminiError(failure, timeoutMs);
	}
}

/**
 * The SSE bench's contenders. Each reads the same pre-cut slices through a fresh ReadableStream and
 * returns what it read (events, the last running total, answer characters), checked every run.
 *
 * Parser alone:
 * - parser: our `parseSseStream` (splits events, JSON.parses each).
 * - sdkParse: the SDK's SSE layer alone (`ApiClient.processStreamResponse`, reached through the
 *   client's `apiClient` field), then `.json()` on each event: the JSON-level equivalent.
 * Whole path (bytes in → validated events accumulated into the answer):
 * - path: what Gemini Stream does per event (streamStages.ts): the parser, the error-event check
 *   of transport/stream.ts, `parseGenerateResponse` (its hand-written check) and `StreamAccumulator.add`.
 * - pathZod: the same with zod's `parseResponseWithSchema` on every event (the path before
 *   the hand-written check).
 * - sdk: the SDK's public path, `ai.models.generateContentStream(...)` with `globalThis.fetch`
 *   answering from the stream, each chunk's `.text` collected. On top of splitting and parsing,
 *   the SDK tries `JSON.parse` on every raw read, wraps each event in a `Response` and an
 *   `HttpResponse`, converts it field by field (`generateContentResponseFromMldev`) into a
 *   `GenerateContentResponse` class instance, behind two async generators.
 * - drain: reading the stream and doing nothing (the source's own cost, the floor).
 */
import { GoogleGenAI } from '@google/genai';

import { mapGenerateResponse, parseGenerateResponse, parseResponseWithSchema } from '../nodes/shared/response/mapGenerateResponse';
import type { GenerateContentResponse } from '../nodes/shared/response/schemas';
import { StreamAccumulator } from '../nodes/shared/response/streamAccumulator';
import { streamErrorFromEvent } from '../nodes/shared/transport/googleError';
import { parseSseStream } from '../nodes/shared/transport/sse';
import { MODEL, streamOf } from './sseBody';

export interface Outcome {
	events: number;
	lastTotal: number;
	answerChars: number;
}

export type Contender = (slices: Uint8Array[]) => Promise<Outcome>;

type UsageHolder = { usageMetadata?: { totalTokenCount?: number } } | undefined;

const totalOf = (last: unknown) => (last as UsageHolder)?.usageMetadata?.totalTokenCount ?? 0;

async function drain(slices: Uint8Array[]): Promise<Outcome> {
	let bytes = 0;
	for await (const slice of streamOf(slices)) bytes += slice.length;
	return { events: bytes > 0 ? 0 : -1, lastTotal: 0, answerChars: 0 };
}

async function parser(slices: Uint8Array[]): Promise<Outcome> {
	let events = 0;
	let last: unknown;
	for await (const event of parseSseStream(streamOf(slices))) {
		events += 1;
		last = event;
	}
	return { events, lastTotal: totalOf(last), answerChars: 0 };
}

/** Gemini Stream's per-event work with `validate` as the chunk check; the answer as the node maps it. */
function wholePath(validate: (event: unknown) => GenerateContentResponse): Contender {
	return async (slices) => {
		const accumulator = new StreamAccumulator();
		for await (const event of parseSseStream(streamOf(slices))) {
			const streamError = streamErrorFromEvent(event, []);
			if (streamError) throw streamError;
			accumulator.add(validate(event));
		}
		const response = accumulator.toResponse();
		return { events: accumulator.chunks, lastTotal: totalOf(response), answerChars: mapGenerateResponse(response).text.length };
	};
}

interface SdkHttpResponse {
	json(): Promise<unknown>;
}

interface SdkApiClient {
	processStreamResponse(response: Response): AsyncGenerator<SdkHttpResponse>;
}

export function newSdkClient(): GoogleGenAI {
	return new GoogleGenAI({ apiKey: 'bench-key', vertexai: false, httpOptions: { baseUrl: 'http://bench.invalid' } });
}

function sseResponse(slices: Uint8Array[]): Response {
	// Node's ReadableStream type and the DOM-ish one `Response` expects differ only in typing.
	return new Response(streamOf(slices) as unknown as ConstructorParameters<typeof Response>[0], { headers: { 'content-type': 'text/event-stream' } });
}

async function sdkParse(slices: Uint8Array[]): Promise<Outcome> {
	const apiClient = (newSdkClient() as unknown as { apiClient: SdkApiClient }).apiClient;
	let events = 0;
	let last: unknown;
	for await (const event of apiClient.processStreamResponse(sseResponse(slices))) {
		last = await event.json();
		events += 1;
	}
	return { events, lastTotal: totalOf(last), answerChars: 0 };
}

async function sdk(slices: Uint8Array[]): Promise<Outcome> {
	const realFetch = globalThis.fetch;
	globalThis.fetch = async () => sseResponse(slices);
	try {
		const stream = await newSdkClient().models.generateContentStream({ model: MODEL, contents: 'bench' });
		const texts: string[] = [];
		let last: UsageHolder;
		for await (const chunk of stream) {
			texts.push(chunk.text ?? '');
			last = chunk;
		}
		return { events: texts.length, lastTotal: totalOf(last), answerChars: texts.join('').length };
	} finally {
		globalThis.fetch = realFetch;
	}
}

export const CONTENDERS = {
	drain,
	parser,
	sdkParse,
	path: wholePath(parseGenerateResponse),
	pathZod: wholePath(parseResponseWithSchema),
	sdk,
} satisfies Record<string, Contender>;

export type ContenderName = keyof typeof CONTENDERS;

/**
 * SSE parsing throughput: our `parseSseStream` next to `@google/genai`'s own stream parsing, on
 * the same bytes cut into the same irregular slices, without a network.
 *
 * The body: 2,000 GenerateContentResponse chunks (the fake server's shapes, running usage totals,
 * text with multi-byte characters, quotes and newlines), framed `data: <json>\r\n\r\n`.
 *
 * Every contender reads a fresh `ReadableStream` that hands out the pre-cut slices, so the source
 * costs the same for all; `drain` (reading the stream and doing nothing) shows that floor.
 *
 * - ours: `parseSseStream` over the stream (async iterable): splits events, JSON.parses each.
 * - sdk-parse: the SDK's SSE layer alone (`ApiClient.processStreamResponse`, reached through the
 *   client's `apiClient` field), then `.json()` on each event: the JSON-level equivalent of ours.
 * - sdk: the public path, `ai.models.generateContentStream(...)` with `globalThis.fetch` swapped for
 *   one returning the stream. On top of splitting and parsing, the SDK tries `JSON.parse` on every
 *   raw read (to spot a bare error object, so each SSE read throws and catches a SyntaxError),
 *   looks for each of `\n\n`, `\r\r`, `\r\n\r\n` from the buffer start, wraps each event in a
 *   `Response` (copying the headers) and an `HttpResponse`, reads it back with `.json()`, converts
 *   it field by field (`generateContentResponseFromMldev`) and copies it into a
 *   `GenerateContentResponse` class instance, all behind two async generators (stream + AFC loop).
 *
 * Two slicings: `tiny` is the fake server's (1–64 bytes, cuts inside characters and boundaries);
 * `network` is irregular 1–16 KiB pieces, closer to what a socket read returns.
 */
import { performance } from 'node:perf_hooks';
import { ReadableStream } from 'node:stream/web';

import { GoogleGenAI } from '@google/genai';

import { parseSseStream } from '../nodes/shared/transport/sse';
import { generateResponse, usageMetadata } from '../test/fake-gemini/responses';
import type { UsageTotals } from '../test/fake-gemini/responses';
import { seededRandom, Slicer } from '../test/fake-gemini/slices';
import { median } from './stats';

const EVENTS = 2_000;
const WARMUP_RUNS = 3;
const MEASURED_RUNS = 9;
const MODEL = 'gemini-2.5-flash';
const RESPONSE_ID = 'bench-sse-Xq3v9kPz1Lm7a';

const SENTENCES = [
	'The quick brown fox jumps over the lazy dog. ',
	'Grüße aus Köln — 東京 🚀 naïve café. ',
	'He said "stream it", and the parser agreed.\n',
	'- item with `code` and a path C:\\temp\\out.txt\n',
	'Cost: ½ € per 1,000 tokens ✓ (not really). ',
	'## Heading\n\nMarkdown with **bold** and _italic_ text. ',
	'Ελληνικά, русский, 日本語 and 한국어 in one line. ',
	'Numbers 3.14159, 2.71828 and 1.41421 go here. ',
];

export interface ParserNumbers {
	medianMs: number;
	mbPerSecond: number;
	usPerEvent: number;
	runsMs: number[];
}

export interface SseProfileResult {
	slicing: 'tiny' | 'network';
	slices: number;
	drain: ParserNumbers;
	ours: ParserNumbers;
	sdkParse: ParserNumbers;
	sdk: ParserNumbers;
	/** SDK median / ours median: above 1 means ours is faster. */
	sdkOverOurs: number;
	sdkParseOverOurs: number;
}

export interface SseBenchResult {
	sdkVersion: string;
	events: number;
	bytes: number;
	profiles: SseProfileResult[];
}

/* ---- The body ---- */

function chunkText(random: () => number): string {
	let text = '';
	const sentences = 4 + Math.floor(random() * 8);
	for (let i = 0; i < sentences; i++) text += SENTENCES[Math.floor(random() * SENTENCES.length)];
	return text;
}

/** The CRLF-framed SSE body of one long answer: running usage, finishReason only on the last. */
export function buildSseBody(events = EVENTS): { bytes: Uint8Array; lastTotal: number } {
	const random = seededRandom('bench-sse-body');
	const texts = Array.from({ length: events }, () => chunkText(random));
	const answerChars = texts.reduce((sum, text) => sum + text.length, 0);
	const totals: UsageTotals = {
		prompt: 812,
		candidates: Math.ceil(answerChars / 4),
		thoughts: 0,
		cached: 0,
		toolUse: 0,
		promptDetails: [{ modality: 'TEXT', tokenCount: 812 }],
		cacheDetails: [],
	};
	let sent = 0;
	const frames = texts.map((text, index) => {
		sent += text.length;
		const last = index === events - 1;
		const body = generateResponse({
			parts: [{ text }],
			finishReason: last ? 'STOP' : undefined,
			usage: usageMetadata(totals, 'standard', last ? totals.candidates : Math.ceil(sent / 4)),
			modelVersion: MODEL,
			responseId: RESPONSE_ID,
		});
		return `data: ${JSON.stringify(body)}\r\n\r\n`;
	});
	return { bytes: Buffer.from(frames.join(''), 'utf8'), lastTotal: totals.prompt + totals.candidates };
}

/* ---- Slicing ---- */

/** The fake server's slicing: 1–64 bytes, cuts inside characters and `\r\n\r\n`. */
function tinySlices(bytes: Uint8Array): Uint8Array[] {
	const slicer = new Slicer(RESPONSE_ID);
	const slices: Uint8Array[] = [];
	let start = 0;
	// Cut per event, as the server does.
	for (let end = indexOfEventEnd(bytes, start); end > 0; end = indexOfEventEnd(bytes, start)) {
		slices.push(...slicer.cut(bytes.subarray(start, end)));
		start = end;
	}
	return slices;
}

function indexOfEventEnd(bytes: Uint8Array, from: number): number {
	const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('\r\n\r\n', from);
	return at < 0 ? -1 : at + 4;
}

/** Irregular 1–16 KiB pieces, regardless of event boundaries. */
function networkSlices(bytes: Uint8Array): Uint8Array[] {
	const random = seededRandom('bench-sse-network');
	const slices: Uint8Array[] = [];
	for (let start = 0; start < bytes.length; ) {
		const end = Math.min(bytes.length, start + 1 + Math.floor(random() * 16_384));
		slices.push(bytes.subarray(start, end));
		start = end;
	}
	return slices;
}

/** A fresh stream over the slices (copies, so that no reader can see another's buffers). */
function streamOf(slices: Uint8Array[]): ReadableStream<Uint8Array> {
	let next = 0;
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			if (next < slices.length) controller.enqueue(slices[next++].slice());
			else controller.close();
		},
	});
}

/* ---- Contenders: each returns the number of events and the last running total ---- */

interface Outcome {
	events: number;
	lastTotal: number;
}

type UsageHolder = { usageMetadata?: { totalTokenCount?: number } } | undefined;

async function drain(slices: Uint8Array[]): Promise<Outcome> {
	let bytes = 0;
	for await (const slice of streamOf(slices)) bytes += slice.length;
	return { events: bytes > 0 ? 0 : -1, lastTotal: 0 };
}

async function ours(slices: Uint8Array[]): Promise<Outcome> {
	let events = 0;
	let last: unknown;
	for await (const event of parseSseStream(streamOf(slices))) {
		events += 1;
		last = event;
	}
	return { events, lastTotal: (last as UsageHolder)?.usageMetadata?.totalTokenCount ?? 0 };
}

interface SdkHttpResponse {
	json(): Promise<unknown>;
}

interface SdkApiClient {
	processStreamResponse(response: Response): AsyncGenerator<SdkHttpResponse>;
}

function newClient(): GoogleGenAI {
	return new GoogleGenAI({ apiKey: 'bench-key', vertexai: false, httpOptions: { baseUrl: 'http://bench.invalid' } });
}

function sseResponse(slices: Uint8Array[]): Response {
	// Node's ReadableStream type and the DOM-ish one `Response` expects differ only in typing.
	return new Response(streamOf(slices) as unknown as ConstructorParameters<typeof Response>[0], { headers: { 'content-type': 'text/event-stream' } });
}

/** The SDK's SSE layer without the request and the response conversion (a private field). */
async function sdkParse(slices: Uint8Array[]): Promise<Outcome> {
	const apiClient = (newClient() as unknown as { apiClient: SdkApiClient }).apiClient;
	let events = 0;
	let last: unknown;
	for await (const event of apiClient.processStreamResponse(sseResponse(slices))) {
		last = await event.json();
		events += 1;
	}
	return { events, lastTotal: (last as UsageHolder)?.usageMetadata?.totalTokenCount ?? 0 };
}

/** The SDK's public streaming path, with `fetch` answering from the slices. */
async function sdk(slices: Uint8Array[]): Promise<Outcome> {
	const realFetch = globalThis.fetch;
	globalThis.fetch = async () => sseResponse(slices);
	try {
		const stream = await newClient().models.generateContentStream({ model: MODEL, contents: 'bench' });
		let events = 0;
		let last: UsageHolder;
		for await (const chunk of stream) {
			events += 1;
			last = chunk;
		}
		return { events, lastTotal: last?.usageMetadata?.totalTokenCount ?? 0 };
	} finally {
		globalThis.fetch = realFetch;
	}
}

/* ---- Measuring ---- */

type Contender = (slices: Uint8Array[]) => Promise<Outcome>;

const CONTENDERS: Record<'drain' | 'ours' | 'sdkParse' | 'sdk', Contender> = { drain, ours, sdkParse, sdk };

async function timed(contender: Contender, slices: Uint8Array[], expected: Outcome | undefined): Promise<number> {
	const started = performance.now();
	const outcome = await contender(slices);
	const elapsed = performance.now() - started;
	// A contender that silently skipped events would look fast: check every run.
	if (expected && (outcome.events !== expected.events || outcome.lastTotal !== expected.lastTotal)) {
		throw new Error(`${contender.name} read ${outcome.events} events (last total ${outcome.lastTotal}), expected ${JSON.stringify(expected)}`);
	}
	return elapsed;
}

function numbers(runsMs: number[], bytes: number, events: number): ParserNumbers {
	const medianMs = median(runsMs);
	return {
		medianMs: +medianMs.toFixed(2),
		mbPerSecond: +(bytes / 1e6 / (medianMs / 1e3)).toFixed(1),
		usPerEvent: +((medianMs * 1e3) / events).toFixed(2),
		runsMs: runsMs.map((ms) => +ms.toFixed(1)),
	};
}

/** Warm-up runs for all, then measured runs interleaved so that drift hits everyone alike. */
async function measureProfile(
	slicing: SseProfileResult['slicing'],
	slices: Uint8Array[],
	bytes: number,
	expected: Outcome,
): Promise<SseProfileResult> {
	const names = Object.keys(CONTENDERS) as Array<keyof typeof CONTENDERS>;
	const runs: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
	for (let round = 0; round < WARMUP_RUNS + MEASURED_RUNS; round++) {
		for (const name of names) {
			const elapsed = await timed(CONTENDERS[name], slices, name === 'drain' ? undefined : expected);
			if (round >= WARMUP_RUNS) runs[name].push(elapsed);
		}
	}
	const result = (name: keyof typeof CONTENDERS): ParserNumbers => numbers(runs[name], bytes, expected.events);
	const ourMedian = median(runs.ours);
	return {
		slicing,
		slices: slices.length,
		drain: result('drain'),
		ours: result('ours'),
		sdkParse: result('sdkParse'),
		sdk: result('sdk'),
		sdkOverOurs: +(median(runs.sdk) / ourMedian).toFixed(2),
		sdkParseOverOurs: +(median(runs.sdkParse) / ourMedian).toFixed(2),
	};
}

function sdkVersion(): string {
	// The package's exports hide package.json; its user agent carries the version.
	const headers = (newClient() as unknown as { apiClient: { getDefaultHeaders(): Record<string, string> } }).apiClient.getDefaultHeaders();
	return /google-genai-sdk\/(\S+)/.exec(headers['x-goog-api-client'] ?? headers['User-Agent'] ?? '')?.[1] ?? 'unknown';
}

export async function benchSse(): Promise<SseBenchResult> {
	const { bytes, lastTotal } = buildSseBody();
	const expected: Outcome = { events: EVENTS, lastTotal };
	const profiles: SseProfileResult[] = [];
	profiles.push(await measureProfile('tiny', tinySlices(bytes), bytes.length, expected));
	profiles.push(await measureProfile('network', networkSlices(bytes), bytes.length, expected));
	return { sdkVersion: sdkVersion(), events: EVENTS, bytes: bytes.length, profiles };
}

/**
 * streamGenerateContent as a raw `node:http` client sees it: the body arrives in small irregular
 * slices (some ending inside a multi-byte character or inside `\r\n\r\n`), `slow` spreads it over
 * seconds, `stream-cut-after` ends it without a final event.
 */
import { request as httpRequest } from 'node:http';
import { MULTIBYTE_ANSWER, SLOW_ANSWER } from './responses';
import { startFakeGemini } from './server';
import type { FakeGemini } from './server';
import { endsInsideCharacter, MAX_SLICE } from './slices';
import type { GenerateContentResponse } from './types';

interface RawStream {
	status: number;
	/** Every `data` chunk as received, with its time in ms since the request was sent. */
	chunks: Array<{ bytes: Buffer; atMs: number }>;
	endedAtMs: number;
	/** The body ended normally (not aborted). */
	complete: boolean;
}

type StreamEvent = Partial<GenerateContentResponse> & { error?: { code: number; status: string } };

let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ port: 0 });
});

afterAll(async () => {
	await fake.close();
});

const user = (text: string) => ({ contents: [{ role: 'user', parts: [{ text }] }] });

function rawStream(model: string, prompt: string): Promise<RawStream> {
	const url = new URL(`${fake.url}/v1beta/models/${model}:streamGenerateContent?alt=sse`);
	const headers = { 'x-goog-api-key': fake.apiKey, 'content-type': 'application/json' };
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const req = httpRequest(url, { method: 'POST', headers }, (res) => {
			const chunks: RawStream['chunks'] = [];
			res.on('data', (bytes: Buffer) => chunks.push({ bytes, atMs: performance.now() - started }));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, chunks, endedAtMs: performance.now() - started, complete: res.complete }),
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(JSON.stringify(user(prompt)));
	});
}

const bodyOf = (stream: RawStream): Buffer => Buffer.concat(stream.chunks.map((chunk) => chunk.bytes));

/** The events of a body that must be exactly `data: <json>\r\n\r\n` frames. */
function framedEvents(body: Buffer): StreamEvent[] {
	const text = body.toString('utf8');
	expect(text.endsWith('\r\n\r\n')).toBe(true);
	const frames = text.split('\r\n\r\n').slice(0, -1);
	for (const frame of frames) expect(frame).toMatch(/^data: \{[^\r\n]*\}$/);
	return frames.map((frame) => JSON.parse(frame.slice('data: '.length)) as StreamEvent);
}

const finishOf = (event: StreamEvent): string | undefined => event.candidates?.[0]?.finishReason;
const textOf = (events: StreamEvent[]): string =>
	events.map((event) => (event.candidates?.[0]?.content.parts ?? []).map((part) => part.text ?? '').join('')).join('');

/** Byte offsets in the body where a received chunk ended. */
function chunkEnds(stream: RawStream): number[] {
	let offset = 0;
	return stream.chunks.map((chunk) => (offset += chunk.bytes.length));
}

describe('streams in small irregular slices', () => {
	let stream: RawStream;

	beforeAll(async () => {
		stream = await rawStream('gemini-2.5-flash', 'Greet me [[fake:multibyte]]');
	});

	it('arrives in many chunks of at most 64 bytes', () => {
		expect(stream.status).toBe(200);
		expect(stream.chunks.length).toBeGreaterThan(framedEvents(bodyOf(stream)).length * 5);
		expect(Math.max(...stream.chunks.map((chunk) => chunk.bytes.length))).toBeLessThanOrEqual(MAX_SLICE);
	});

	it('has received chunks that end inside a multi-byte character', () => {
		const fatal = new TextDecoder('utf-8', { fatal: true });
		const splitting = stream.chunks.filter((chunk) => endsInsideCharacter(chunk.bytes));

		expect(splitting.length).toBeGreaterThan(0);
		for (const chunk of splitting) expect(() => fatal.decode(chunk.bytes)).toThrow();
	});

	it('has received chunks that end inside the \\r\\n\\r\\n between events', () => {
		const body = bodyOf(stream);
		const insideBoundary = chunkEnds(stream).filter((end) =>
			[1, 2, 3].some((before) => body.subarray(end - before, end - before + 4).toString() === '\r\n\r\n'),
		);

		expect(insideBoundary.length).toBeGreaterThan(0);
	});

	it('concatenates to exactly the CRLF-framed events with running usage totals', async () => {
		const events = framedEvents(bodyOf(stream));
		const totals = events.map((event) => event.usageMetadata?.totalTokenCount ?? 0);

		expect(textOf(events)).toBe(MULTIBYTE_ANSWER);
		expect(totals).toEqual([...totals].sort((a, b) => a - b));
		expect(events.slice(0, -1).map(finishOf)).toEqual(events.slice(0, -1).map(() => undefined));
		expect(finishOf(events[events.length - 1])).toBe('STOP');
		const single = await fetch(`${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
			method: 'POST',
			headers: { 'x-goog-api-key': fake.apiKey, 'content-type': 'application/json' },
			body: JSON.stringify(user('Greet me [[fake:multibyte]]')),
		});
		const answer = (await single.json()) as GenerateContentResponse;

		expect(events[events.length - 1].usageMetadata).toEqual(answer.usageMetadata);
	});
});

describe('slow', () => {
	it('sends the first event at once and the rest over more than two seconds', async () => {
		const stream = await rawStream('gemini-1.5-flash-002', 'Tell me slowly [[fake:slow]]');
		const body = bodyOf(stream);
		const firstEventEnd = body.indexOf('\r\n\r\n') + 4;
		const firstEventAt = stream.chunks[chunkEnds(stream).findIndex((end) => end >= firstEventEnd)].atMs;
		const events = framedEvents(body);

		expect(events.length).toBeGreaterThanOrEqual(8);
		expect(textOf(events)).toBe(SLOW_ANSWER);
		expect(firstEventAt).toBeLessThan(500);
		expect(stream.endedAtMs).toBeGreaterThanOrEqual(1_500);
		expect(stream.endedAtMs - firstEventAt).toBeGreaterThanOrEqual(250 * (events.length - 1) - 50);
	});

	it('takes chunk-interval over its own default', async () => {
		const stream = await rawStream('gemini-1.5-flash-002', '[[fake:slow chunk-interval=0]]');

		expect(textOf(framedEvents(bodyOf(stream)))).toBe(SLOW_ANSWER);
		expect(stream.endedAtMs).toBeLessThan(1_000);
	});
});

describe('stream-cut-after', () => {
	it('ends the body cleanly after N events, without an error or a finishReason', async () => {
		const stream = await rawStream('gemini-2.5-flash', 'a b c d e f [[fake:stream-cut-after=3]]');
		const events = framedEvents(bodyOf(stream));

		expect(stream.complete).toBe(true);
		expect(events).toHaveLength(3);
		expect(events.map(finishOf)).toEqual([undefined, undefined, undefined]);
		expect(events.some((event) => event.error !== undefined)).toBe(false);
	});

	it('always holds back the final event, even when N is larger than the stream', async () => {
		const whole = framedEvents(bodyOf(await rawStream('gemini-2.5-flash', 'a b c')));
		const cut = framedEvents(bodyOf(await rawStream('gemini-2.5-flash', 'a b c [[fake:stream-cut-after=99]]')));

		expect(finishOf(whole[whole.length - 1])).toBe('STOP');
		expect(cut).toHaveLength(whole.length - 1);
		expect(cut.map(finishOf).filter(Boolean)).toEqual([]);
	});

	it('wins over stream-error-after when it comes first, and loses when it comes later', async () => {
		const cutFirst = framedEvents(bodyOf(await rawStream('gemini-2.5-flash', 'a b c d e f [[fake:stream-error-after=4 stream-cut-after=2]]')));
		const errorFirst = framedEvents(bodyOf(await rawStream('gemini-2.5-flash', 'a b c d e f [[fake:stream-error-after=1 stream-cut-after=3]]')));

		expect(cutFirst).toHaveLength(2);
		expect(cutFirst.some((event) => event.error !== undefined || finishOf(event) !== undefined)).toBe(false);
		expect(errorFirst).toHaveLength(2);
		expect(errorFirst[1].error).toEqual(expect.objectContaining({ code: 500, status: 'INTERNAL' }));
	});
});

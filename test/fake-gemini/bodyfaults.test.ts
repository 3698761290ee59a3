/**
 * Faults in the bytes of an answer, as a raw `node:http` client sees them: a reset half-way
 * through a body or an event, a body that is not JSON, bytes that are not UTF-8, a proxy's HTML,
 * a huge answer. And the two counters a test asserts "nothing left open" with.
 */
import { request as httpRequest } from 'node:http';
import { INVALID_UTF8_BYTES, INVALID_UTF8_DECODED } from './bodyfaults';
import { startFakeGemini } from './server';
import type { FakeGemini } from './server';
import type { GenerateContentResponse } from './types';

interface Raw {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	bytes: Buffer;
	/** The body ended normally; false when the socket went away first. */
	complete: boolean;
}

let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ port: 0 });
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => fake.reset());

const user = (text: string) => ({ contents: [{ role: 'user', parts: [{ text }] }] });
const GENERATE = 'models/gemini-2.5-flash:generateContent';
const STREAM = 'models/gemini-2.5-flash:streamGenerateContent?alt=sse';

/** Everything that arrived, also when the socket is destroyed mid-body. */
function raw(path: string, prompt: string, signal?: AbortSignal): Promise<Raw> {
	const url = new URL(`${fake.url}/v1beta/${path}`);
	const headers = { 'x-goog-api-key': fake.apiKey, 'content-type': 'application/json' };
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, { method: 'POST', headers, signal }, (res) => {
			const chunks: Buffer[] = [];
			let done = false;
			const finish = (): void => {
				if (done) return;
				done = true;
				resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks), complete: res.complete });
			};
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', finish);
			res.on('close', finish);
			res.on('error', () => finish());
		});
		req.on('error', reject);
		req.end(JSON.stringify(user(prompt)));
	});
}

const events = (text: string): GenerateContentResponse[] =>
	text
		.split('\r\n\r\n')
		.slice(0, -1)
		.map((frame) => JSON.parse(frame.slice('data: '.length)) as GenerateContentResponse);

const waitFor = async (check: () => boolean | Promise<boolean>, ms = 2000): Promise<boolean> => {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (await check()) return true;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	return check();
};

describe('generateContent body faults', () => {
	it('reset-mid-body: 200 headers announcing the whole body, half of it, then the socket is destroyed', async () => {
		const reply = await raw(GENERATE, 'hello [[fake:reset-mid-body]]');
		expect(reply.status).toBe(200);
		expect(reply.complete).toBe(false);
		const announced = Number(reply.headers['content-length']);
		expect(reply.bytes.length).toBe(Math.floor(announced / 2));
		expect(reply.bytes.toString('utf8')).toMatch(/^\{\n {2}"candidates"/);
	});

	it('malformed-json: a complete 200 whose body is the first half of the JSON', async () => {
		const reply = await raw(GENERATE, 'hello [[fake:malformed-json]]');
		expect(reply.status).toBe(200);
		expect(reply.complete).toBe(true);
		expect(reply.headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(Number(reply.headers['content-length'])).toBe(reply.bytes.length);
		expect(() => JSON.parse(reply.bytes.toString('utf8'))).toThrow(SyntaxError);
	});

	it('invalid-utf8: bytes that are not UTF-8 inside the answer text, replaced by U+FFFD when decoded', async () => {
		const reply = await raw(GENERATE, 'hello [[fake:invalid-utf8]]');
		expect(reply.status).toBe(200);
		expect(reply.bytes.includes(INVALID_UTF8_BYTES)).toBe(true);
		expect(Number(reply.headers['content-length'])).toBe(reply.bytes.length);
		const body = JSON.parse(new TextDecoder().decode(reply.bytes)) as GenerateContentResponse;
		expect(body.candidates?.[0].content.parts[0].text).toBe(`Bytes that are not UTF-8: ${INVALID_UTF8_DECODED} and the answer goes on.`);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(reply.bytes)).toThrow(/not valid/);
	});

	it('huge=N: an answer of exactly N characters with usage from its length', async () => {
		const reply = await raw(GENERATE, 'hello [[fake:huge=1000003]]');
		const body = JSON.parse(reply.bytes.toString('utf8')) as GenerateContentResponse;
		const text = body.candidates?.[0].content.parts[0].text ?? '';
		expect(text).toHaveLength(1_000_003);
		expect(text.startsWith('The quick brown fox')).toBe(true);
		// candidates = ceil(1000003 / 4); thoughts = 2 × candidates on a thinking model
		expect(body.usageMetadata).toMatchObject({ candidatesTokenCount: 250_001, thoughtsTokenCount: 500_002 });
	});

	it('refuses huge=0 and more than 50 million characters', async () => {
		for (const value of ['0', '50000001']) {
			const reply = await raw(GENERATE, `[[fake:huge=${value}]]`);
			expect(reply.status).toBe(400);
			expect(reply.bytes.toString('utf8')).toContain('fake directive \\"huge\\" takes 1 to 50000000 characters');
		}
	});

	it('html: a 200 login page alone, nginx’s error page with a status', async () => {
		const login = await raw(GENERATE, '[[fake:html]]');
		expect(login.status).toBe(200);
		expect(login.headers['content-type']).toBe('text/html; charset=UTF-8');
		expect(login.bytes.toString('utf8')).toContain('<title>Sign in to continue</title>');
		const proxy = await raw(GENERATE, '[[fake:503 html]]');
		expect(proxy.status).toBe(503);
		expect(proxy.bytes.toString('utf8')).toContain('<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>');
	});
});

describe('stream body faults', () => {
	it('stream-cut-mid-event=N: N whole events, half of the next, then the socket is destroyed', async () => {
		const reply = await raw(STREAM, 'one two three four five six [[fake:stream-cut-mid-event=2]]');
		expect(reply.status).toBe(200);
		expect(reply.complete).toBe(false);
		const text = reply.bytes.toString('utf8');
		const whole = events(text);
		expect(whole).toHaveLength(2);
		const rest = text.split('\r\n\r\n').at(-1) ?? '';
		expect(rest).toMatch(/^data: \{"candidates"/);
		expect(() => JSON.parse(rest.slice('data: '.length))).toThrow(SyntaxError);
	});

	it('stream-end-mid-event=N: the same cut, but the body ends cleanly', async () => {
		const reply = await raw(STREAM, 'one two three four five six [[fake:stream-end-mid-event=1]]');
		expect(reply.complete).toBe(true);
		const text = reply.bytes.toString('utf8');
		expect(events(text)).toHaveLength(1);
		expect(text.endsWith('\r\n\r\n')).toBe(false);
	});

	it('always has an event to cut: N past the end cuts the final event', async () => {
		const reply = await raw(STREAM, 'one two [[fake:stream-end-mid-event=99]]');
		const text = reply.bytes.toString('utf8');
		const whole = events(text);
		expect(whole.every((event) => event.candidates?.[0].finishReason === undefined)).toBe(true);
		expect(text.endsWith('\r\n\r\n')).toBe(false);
	});

	it('invalid-utf8 in an event, whose bytes may arrive split', async () => {
		const reply = await raw(STREAM, '[[fake:invalid-utf8]]');
		expect(reply.bytes.includes(INVALID_UTF8_BYTES)).toBe(true);
		const text = events(new TextDecoder().decode(reply.bytes))
			.map((event) => event.candidates?.[0].content.parts.map((part) => part.text ?? '').join(''))
			.join('');
		expect(text).toBe(`Bytes that are not UTF-8: ${INVALID_UTF8_DECODED} and the answer goes on.`);
	});

	it('streams a huge answer in whole events', async () => {
		const reply = await raw(STREAM, '[[fake:huge=2000000]]');
		const all = events(reply.bytes.toString('utf8'));
		expect(all.length).toBeLessThanOrEqual(25);
		expect(all.map((event) => event.candidates?.[0].content.parts[0].text ?? '').join('')).toHaveLength(2_000_000);
		expect(all.at(-1)?.usageMetadata.candidatesTokenCount).toBe(500_000);
	});
});

describe('queued body faults (enqueueFault)', () => {
	it('resetMidBody, malformedJson and html apply to any route', async () => {
		fake.enqueueFault({ resetMidBody: true });
		const reset = await raw(GENERATE, 'a');
		expect(reset.complete).toBe(false);
		expect(reset.bytes.length).toBe(Math.floor(Number(reset.headers['content-length']) / 2));
		fake.enqueueFault({ malformedJson: true });
		const malformed = await raw(GENERATE, 'a');
		expect(malformed.status).toBe(200);
		expect(() => JSON.parse(malformed.bytes.toString('utf8'))).toThrow(SyntaxError);
		fake.enqueueFault({ html: true, status: 502 });
		const html = await raw(GENERATE, 'a');
		expect(html.status).toBe(502);
		expect(html.bytes.toString('utf8')).toContain('502 Bad Gateway');
		expect((await raw(GENERATE, 'a')).status).toBe(200);
	});
});

describe('in-flight requests and open connections', () => {
	it('counts a request in flight until it is answered', async () => {
		const pending = raw(GENERATE, '[[fake:delay=300]]');
		expect(await waitFor(() => fake.inFlight() === 1)).toBe(true);
		expect(await fake.openConnections()).toBeGreaterThanOrEqual(1);
		expect((await pending).status).toBe(200);
		expect(await waitFor(() => fake.inFlight() === 0)).toBe(true);
	});

	it('ends a long delay as soon as its client goes away', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const pending = raw(GENERATE, '[[fake:delay=60000]]', controller.signal).catch((error: Error) => error);
		expect(await waitFor(() => fake.inFlight() === 1)).toBe(true);
		controller.abort();
		expect(await pending).toMatchObject({ name: 'AbortError' });
		expect(await waitFor(() => fake.inFlight() === 0, 1000)).toBe(true);
		expect(await waitFor(async () => (await fake.openConnections()) === 0, 1000)).toBe(true);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('ends a queued delay too, and a slow stream whose client went away', async () => {
		fake.enqueueFault({ delayMs: 60_000 });
		const controller = new AbortController();
		const first = raw(GENERATE, 'a', controller.signal).catch((error: Error) => error);
		expect(await waitFor(() => fake.inFlight() === 1)).toBe(true);
		controller.abort();
		await first;
		expect(await waitFor(() => fake.inFlight() === 0, 1000)).toBe(true);

		const streaming = new AbortController();
		const second = raw(STREAM, 'a b c d e f [[fake:chunk-interval=60000]]', streaming.signal);
		expect(await waitFor(() => fake.inFlight() === 1)).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 50));
		streaming.abort();
		await second.catch(() => undefined);
		expect(await waitFor(() => fake.inFlight() === 0, 1000)).toBe(true);
	});
});

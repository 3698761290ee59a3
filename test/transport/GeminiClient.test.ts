import { GeminiClient, normalizeBaseUrl } from '../../nodes/shared/transport/GeminiClient';
import type { RetrySettings } from '../../nodes/shared/transport/retryPolicy';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { failureOf } from './failure';
import { close, listen, sendJson, type LoggedRequest, type TestServer } from './localServer';

/** The wire client against the fake Gemini server: real sockets, real retries, real SSE. */

const API_KEY = 'client-test-key-91c2';
const FAST_RETRY: RetrySettings = { maxRetries: 3, maxTotalWaitMs: 10_000, baseDelayMs: 20, maxDelayMs: 100 };
const generate = { contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] };

let fake: FakeGemini;
let client: GeminiClient;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	client = new GeminiClient({ apiKey: API_KEY, baseUrl: `${fake.url}/` });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

describe('GeminiClient', () => {
	it('sends the key only in the x-goog-api-key header', async () => {
		const { body, statusCode, attempts } = await client.json<{ candidates: unknown[] }>(
			'POST',
			'models/gemini-2.5-flash:generateContent',
			generate,
			{ retry: FAST_RETRY },
		);
		expect(statusCode).toBe(200);
		expect(attempts).toBe(1);
		expect(body.candidates).toHaveLength(1);
		const [request] = fake.requests;
		expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
		expect(request.headers['x-goog-api-key']).toBe(API_KEY);
		expect(request.path).not.toContain(API_KEY);
	});

	it('returns response headers, including the served tier', async () => {
		const { headers } = await client.json('POST', 'models/gemini-2.5-flash:generateContent', { ...generate, serviceTier: 'flex' });
		expect(headers['x-gemini-service-tier']).toBe('flex');
	});

	it('retries 429 using RetryInfo.retryDelay from the body', async () => {
		fake.enqueueFault({ status: 429, retryDelay: '0.3s' });
		const started = Date.now();
		const retries: number[] = [];
		const { attempts } = await client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, {
			retry: FAST_RETRY,
			onRetry: (e) => retries.push(e.delayMs),
		});
		expect(attempts).toBe(2);
		expect(retries[0]).toBeGreaterThanOrEqual(300);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
	});

	it('retries using a Retry-After header', async () => {
		fake.enqueueFault({ status: 503, retryAfterSeconds: 1 });
		const retries: number[] = [];
		await client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, {
			retry: FAST_RETRY,
			onRetry: (e) => retries.push(e.delayMs),
		});
		expect(retries).toHaveLength(1);
		expect(retries[0]).toBeGreaterThanOrEqual(1000);
	});

	it.each([408, 500, 502, 503, 504])('retries HTTP %i with backoff', async (status) => {
		fake.enqueueFault({ status, times: 2 });
		const { attempts } = await client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, { retry: FAST_RETRY });
		expect(attempts).toBe(3);
	});

	it('retries a dropped connection', async () => {
		fake.enqueueFault({ drop: true });
		const { attempts } = await client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, { retry: FAST_RETRY });
		expect(attempts).toBe(2);
	});

	it.each([400, 403, 404])('does not retry HTTP %i', async (status) => {
		fake.enqueueFault({ status });
		const error = await failureOf(client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, { retry: FAST_RETRY }));
		expect(error.httpStatus).toBe(status);
		expect(error.attempts).toBe(1);
		expect(fake.requests).toHaveLength(1);
	});

	it('stops after maxRetries and keeps Google’s status and message', async () => {
		fake.enqueueFault({ status: 500, times: 10 });
		const error = await failureOf(
			client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, { retry: { ...FAST_RETRY, maxRetries: 2 } }),
		);
		expect(fake.requests).toHaveLength(3);
		expect(error.attempts).toBe(3);
		expect(error.googleStatus).toBe('INTERNAL');
		expect(error.message.length).toBeGreaterThan(0);
	});

	it('does not start a wait that would pass the total retry budget', async () => {
		fake.enqueueFault({ status: 429, retryDelay: '30s' });
		const started = Date.now();
		const error = await failureOf(
			client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, { retry: { ...FAST_RETRY, maxTotalWaitMs: 5_000 } }),
		);
		expect(error.httpStatus).toBe(429);
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('maps a bad key to Google’s INVALID_ARGUMENT without echoing the key', async () => {
		const wrong = new GeminiClient({ apiKey: 'wrong-key-123456', baseUrl: fake.url });
		const error = await failureOf(wrong.json('GET', 'models', undefined));
		expect(error.httpStatus).toBe(400);
		expect(error.googleStatus).toBe('INVALID_ARGUMENT');
		expect(error.message).toMatch(/API key not valid/);
		expect(JSON.stringify(error.toJSON())).not.toContain('wrong-key-123456');
	});

	it('times out a request that does not answer in time', async () => {
		fake.enqueueFault({ delayMs: 2_000 });
		const error = await failureOf(
			client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, { timeoutMs: 200, retry: FAST_RETRY }),
		);
		expect(error.kind).toBe('timeout');
		expect(error.message).toMatch(/did not answer within/);
	});

	it('aborts when the signal fires, also during a retry wait', async () => {
		fake.enqueueFault({ status: 429, retryDelay: '5s' });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 200);
		const started = Date.now();
		const error = await failureOf(
			client.json('POST', 'models/gemini-2.5-flash:generateContent', generate, { signal: controller.signal, retry: FAST_RETRY }),
		);
		expect(error.kind).toBe('aborted');
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('streams SSE events as they arrive, with usage as a running total', async () => {
		const stream = await client.stream('models/gemini-2.5-flash:streamGenerateContent?alt=sse', {
			contents: [{ role: 'user', parts: [{ text: 'one two three four five six seven eight' }] }],
		});
		expect(stream.statusCode).toBe(200);
		const events: Array<{ usageMetadata?: { totalTokenCount?: number }; candidates?: Array<{ finishReason?: string }> }> = [];
		for await (const event of stream.events) events.push(event as (typeof events)[number]);
		expect(events.length).toBeGreaterThan(1);
		expect(events.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
		expect(events.slice(0, -1).every((e) => e.candidates?.[0]?.finishReason === undefined)).toBe(true);
		const totals = events.map((e) => e.usageMetadata?.totalTokenCount ?? 0);
		expect([...totals].sort((a, b) => a - b)).toEqual(totals);
	});

	it('retries a stream that fails before its headers, not after', async () => {
		fake.enqueueFault({ status: 503 });
		const stream = await client.stream('models/gemini-2.5-flash:streamGenerateContent?alt=sse', generate, { retry: FAST_RETRY });
		expect(stream.attempts).toBe(2);
		for await (const _event of stream.events) void _event;
	});
});

describe('GeminiClient against a server that is not Gemini', () => {
	let server: TestServer;
	const log: LoggedRequest[] = [];
	beforeAll(async () => {
		server = await listen((req, res) => {
			log.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes: 0, port: 0 });
			const route = `${req.method} ${req.url}`;
			if (route === 'DELETE /v1beta/batches/b1') return sendJson(res, 200, {});
			if (route === 'POST /v1beta/batches/b1:cancel' || route === 'POST /v1beta/models/m:generateContent') {
				res.writeHead(200, { 'content-type': 'application/json' });
				return void res.end('');
			}
			if (route === 'GET /v1beta/models/moved') {
				res.writeHead(301, { location: '/elsewhere/v1beta/models/moved?session=abc123', 'content-type': 'text/plain' });
				return void res.end('Moved Permanently. Redirecting to /elsewhere/v1beta/models/moved?session=abc123');
			}
			res.writeHead(502, { 'content-type': 'text/html' });
			res.end('<html>Bad Gateway from a proxy</html>');
		});
	});
	afterAll(async () => {
		await close(server);
	});
	beforeEach(() => {
		log.length = 0;
	});
	const local = () => new GeminiClient({ apiKey: API_KEY, baseUrl: server.origin });
	const once = { retry: { ...FAST_RETRY, maxRetries: 0 } };

	it('reports a non-JSON error body with its status', async () => {
		const error = await failureOf(local().json('GET', 'models', undefined, once));
		expect(error.httpStatus).toBe(502);
		expect(error.message).toContain('Bad Gateway from a proxy');
	});

	it('an empty answer is {} for a DELETE or a :cancel (google.protobuf.Empty)', async () => {
		expect((await local().json('DELETE', 'batches/b1', undefined, once)).body).toEqual({});
		expect((await local().json('POST', 'batches/b1:cancel', undefined, once)).body).toEqual({});
		expect(log.map((entry) => `${entry.method} ${entry.url}`)).toEqual(['DELETE /v1beta/batches/b1', 'POST /v1beta/batches/b1:cancel']);
	});

	it('an empty 200 elsewhere is an error naming what came back, sent once', async () => {
		const error = await failureOf(local().json('POST', 'models/m:generateContent', generate, { retry: FAST_RETRY }));
		expect(error.message).toBe('Gemini answered with an empty body: HTTP 200 (application/json), an empty body');
		expect(error.httpStatus).toBe(200);
		expect(log).toHaveLength(1);
	});

	it('a redirect is not followed: the error names the status and the target without its query', async () => {
		const error = await failureOf(local().json('GET', 'models/moved', undefined, { retry: FAST_RETRY }));
		expect(error.httpStatus).toBe(301);
		expect(error.message).toBe(
			`Gemini's address answered with a redirect, which is not followed: HTTP 301 (text/plain) to Location ${server.origin}/elsewhere/v1beta/models/moved (query left out). Check the credential's Base URL and any proxy or login page in between.`,
		);
		expect(error.message).not.toContain('abc123');
		expect(log).toHaveLength(1);
	});
});

describe('normalizeBaseUrl', () => {
	it.each([
		['', 'https://generativelanguage.googleapis.com'],
		[undefined, 'https://generativelanguage.googleapis.com'],
		['http://localhost:8787/', 'http://localhost:8787'],
		['https://gw.example.com/gemini/v1beta', 'https://gw.example.com/gemini'],
		['https://gw.example.com/gemini/v1beta/', 'https://gw.example.com/gemini'],
	])('%p → %p', (input, expected) => {
		expect(normalizeBaseUrl(input)).toBe(expected);
	});
});

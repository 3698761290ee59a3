import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { GeminiClient } from '../../nodes/shared/transport/GeminiClient';
import { GeminiApiError } from '../../nodes/shared/transport/googleError';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { asAnswer, runItems } from '../faults/harness';
import { startForwardProxy, type ForwardProxy } from '../proxy/forwardProxy';

/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY are honoured for every request, read when a client is
 * created: through a local forwarding proxy that counts what it is asked.
 */

const API_KEY = 'proxy-test-key-7f3a';
const NO_RETRY = { maxRetries: 0, maxTotalWaitMs: 0, baseDelayMs: 1, maxDelayMs: 1 };
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

let fake: FakeGemini;
let proxy: ForwardProxy;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	for (const name of PROXY_VARIABLES) saved[name] = process.env[name];
});
afterAll(async () => {
	await fake.close();
});
beforeEach(async () => {
	fake.reset();
	for (const name of PROXY_VARIABLES) delete process.env[name];
	proxy = await startForwardProxy();
});
afterEach(async () => {
	await proxy.close();
	for (const name of PROXY_VARIABLES) {
		if (saved[name] === undefined) delete process.env[name];
		else process.env[name] = saved[name];
	}
});

const generate = { contents: [{ role: 'user', parts: [{ text: 'through the proxy' }] }] };

describe('GeminiClient behind a proxy', () => {
	it('HTTP_PROXY: a request to an http base URL goes through the proxy as an absolute URI, the key only in its forwarded header', async () => {
		process.env.HTTP_PROXY = proxy.url;
		const client = new GeminiClient({ apiKey: API_KEY, baseUrl: fake.url });
		const { body } = await client.json<{ candidates: unknown[] }>('POST', 'models/gemini-2.5-flash:generateContent', generate, { retry: NO_RETRY });
		expect(body.candidates).toHaveLength(1);
		expect(proxy.forwards()).toBe(1);
		expect(proxy.connects()).toBe(0);
		expect(proxy.log[0]).toMatchObject({ method: 'POST', target: `${fake.url}/v1beta/models/gemini-2.5-flash:generateContent` });
		expect(JSON.stringify(proxy.log)).not.toContain(API_KEY);
		expect(proxy.forwardedHeaders[0]['x-goog-api-key']).toBe(API_KEY);
		expect(fake.requests).toHaveLength(1);
	});

	it('every kind of request goes through it: JSON, stream, upload and download', async () => {
		process.env.http_proxy = proxy.url;
		const client = new GeminiClient({ apiKey: API_KEY, baseUrl: fake.url });
		await client.json('GET', 'models', undefined, { retry: NO_RETRY });
		const stream = await client.stream('models/gemini-2.5-flash:streamGenerateContent?alt=sse', generate, { retry: NO_RETRY });
		for await (const _event of stream.events) void _event;
		const bytes = Buffer.from('{"key":"a"}\n');
		const file = await client.uploadFile(
			{ displayName: 'through the proxy', mimeType: 'application/jsonl', sizeBytes: bytes.length, body: async function* () { yield bytes; } },
			{ retry: NO_RETRY },
		);
		const pieces: Uint8Array[] = [];
		for await (const piece of await client.download(file.name, { retry: NO_RETRY })) pieces.push(piece);
		expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
		expect(proxy.log.map((entry) => new URL(entry.target).pathname)).toEqual([
			'/v1beta/models',
			'/v1beta/models/gemini-2.5-flash:streamGenerateContent',
			'/upload/v1beta/files',
			'/upload/v1beta/files',
			`/download/v1beta/${file.name}:download`,
		]);
		expect(proxy.connects()).toBe(0);
	});

	it('NO_PROXY: a listed host is reached directly', async () => {
		process.env.HTTP_PROXY = proxy.url;
		process.env.NO_PROXY = 'localhost,127.0.0.1';
		const client = new GeminiClient({ apiKey: API_KEY, baseUrl: fake.url });
		await client.json('GET', 'models', undefined, { retry: NO_RETRY });
		expect(proxy.log).toHaveLength(0);
		expect(fake.requests).toHaveLength(1);
	});

	it('without proxy variables nothing goes to the proxy', async () => {
		const client = new GeminiClient({ apiKey: API_KEY, baseUrl: fake.url });
		await client.json('GET', 'models', undefined, { retry: NO_RETRY });
		expect(proxy.log).toHaveLength(0);
	});

	it('HTTPS_PROXY: Google’s https address is asked for as a CONNECT tunnel (the proxy sees only the host); a refusal is a clear network error', async () => {
		process.env.HTTPS_PROXY = proxy.url;
		const client = new GeminiClient({ apiKey: API_KEY });
		const error = await client.json('GET', 'models', undefined, { retry: NO_RETRY }).catch((thrown: unknown) => thrown);
		expect(proxy.log).toEqual([expect.objectContaining({ method: 'CONNECT', target: 'generativelanguage.googleapis.com:443' })]);
		expect(JSON.stringify(proxy.log)).not.toContain(API_KEY);
		expect(error).toBeInstanceOf(GeminiApiError);
		expect(error).toMatchObject({ kind: 'network' });
		expect((error as GeminiApiError).message).toMatch(/^Could not reach Gemini at https:\/\/generativelanguage\.googleapis\.com: Proxy response \(403\)/);
	});

	it('a Gemini Generate node run in n8n sends every item through the proxy set in the environment', async () => {
		process.env.HTTP_PROXY = proxy.url;
		const result = await runItems({ fake, apiKey: API_KEY, nodeType: new GeminiGenerate(), prompts: ['one', 'two', 'three'] });
		expect(result.items.map((item) => asAnswer(item).text)).toEqual(['Echo: one', 'Echo: two', 'Echo: three']);
		expect(proxy.forwards()).toBe(3);
		expect(proxy.log.every((entry) => entry.target === `${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`)).toBe(true);
		expect(JSON.stringify(proxy.log)).not.toContain(API_KEY);
		expect(JSON.stringify(result.items)).not.toContain(API_KEY);
	});
});

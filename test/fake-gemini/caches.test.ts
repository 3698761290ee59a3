import { startFakeGemini } from './server';
import type { FakeGemini } from './server';
import { call } from './testkit';

let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ port: 0 });
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => fake.reset());

/** A text of exactly `tokens` fake tokens (4 characters each). */
const textOf = (tokens: number): string => 'abcd'.repeat(tokens);
const doc = (tokens: number) => [{ role: 'user', parts: [{ text: textOf(tokens) }] }];
const errorOf = (json: Record<string, unknown>) => json.error as { code: number; status: string; message: string };

async function create(body: Record<string, unknown>) {
	return call(fake, 'POST', '/v1beta/cachedContents', body);
}

describe('cachedContents', () => {
	it('creates a cache with its token count, TTL and display name, and lists, gets, patches and deletes it', async () => {
		const before = Date.now();
		const created = await create({ model: 'models/gemini-2.5-flash', contents: doc(2000), systemInstruction: { parts: [{ text: textOf(10) }] }, ttl: '300s', displayName: 'contract' });
		expect(created.status).toBe(200);
		const name = created.json.name as string;
		expect(name).toMatch(/^cachedContents\/[a-z0-9]+$/);
		expect(created.json).toMatchObject({ model: 'models/gemini-2.5-flash', displayName: 'contract', usageMetadata: { totalTokenCount: 2010 } });
		const expires = Date.parse(created.json.expireTime as string);
		expect(expires).toBeGreaterThanOrEqual(before + 300_000);
		expect(expires).toBeLessThanOrEqual(Date.now() + 300_000);
		expect(created.json.contents).toBeUndefined();

		const listed = await call(fake, 'GET', '/v1beta/cachedContents');
		expect((listed.json.cachedContents as unknown[]).length).toBe(1);
		expect((await call(fake, 'GET', `/v1beta/${name}`)).json).toEqual(created.json);

		const patched = await call(fake, 'PATCH', `/v1beta/${name}?updateMask=ttl`, { ttl: '7200s' });
		expect(patched.status).toBe(200);
		expect(Date.parse(patched.json.expireTime as string)).toBeGreaterThanOrEqual(expires + 6_900_000);
		expect(fake.caches()).toEqual([expect.objectContaining({ name, totalTokenCount: 2010, expireTime: patched.json.expireTime })]);

		expect((await call(fake, 'DELETE', `/v1beta/${name}`)).json).toEqual({});
		expect(fake.caches()).toEqual([]);
		const gone = await call(fake, 'GET', `/v1beta/${name}`);
		expect(gone.status).toBe(403);
		expect((await call(fake, 'GET', '/v1beta/cachedContents')).json).toEqual({});
	});

	it('refuses a cache under the model minimum with the API wording, and keeps nothing', async () => {
		const small = await create({ model: 'models/gemini-2.5-flash', contents: doc(1006) });
		expect(small.status).toBe(400);
		expect(errorOf(small.json).message).toBe('Cached content is too small. total_token_count=1006, min_total_token_count=1024');
		const lite = await create({ model: 'models/gemini-2.5-flash-lite', contents: doc(2010) });
		expect(errorOf(lite.json).message).toContain('min_total_token_count=2048');
		expect((await create({ model: 'models/gemini-2.5-pro', contents: doc(4095) })).status).toBe(400);
		expect((await create({ model: 'models/gemini-2.5-pro', contents: doc(4096) })).status).toBe(200);
		expect(fake.caches()).toHaveLength(1);
	});

	it('expires by the clock: a cache whose expire time has passed is gone everywhere', async () => {
		const created = await create({ model: 'models/gemini-2.5-flash', contents: doc(1024), ttl: '0.2s' });
		expect(created.status).toBe(200);
		expect(fake.caches()).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 250));
		expect(fake.caches()).toEqual([]);
		expect((await call(fake, 'GET', `/v1beta/${created.json.name as string}`)).status).toBe(403);
	});

	it('takes an expire time instead of a TTL, not both, and refuses unknown fields', async () => {
		const at = new Date(Date.now() + 600_000).toISOString();
		const created = await create({ model: 'models/gemini-2.5-flash', contents: doc(1024), expireTime: at });
		expect(created.json.expireTime).toBe(at);
		expect((await create({ model: 'models/gemini-2.5-flash', contents: doc(1024), expireTime: at, ttl: '60s' })).status).toBe(400);
		expect((await create({ model: 'models/gemini-2.5-flash', contents: doc(1024), colour: 'red' })).status).toBe(400);
		expect((await create({ model: 'models/gemini-embedding-001', contents: doc(5000) })).status).toBe(404);
	});

	it('answers with cachedContentTokenCount = the cache, counts it in the prompt, and refuses a wrong model or a system instruction', async () => {
		const created = await create({ model: 'models/gemini-2.5-flash', contents: doc(3000), systemInstruction: { parts: [{ text: textOf(100) }] } });
		const name = created.json.name as string;
		const question = { contents: [{ role: 'user', parts: [{ text: 'What is the term?' }] }], cachedContent: name };
		const answer = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:generateContent', question);
		expect(answer.status).toBe(200);
		const usage = answer.json.usageMetadata as Record<string, unknown>;
		expect(usage.cachedContentTokenCount).toBe(3100);
		expect(usage.cacheTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: 3100 }]);
		// 3100 cached + ceil(17 / 4) = 5 for the question.
		expect(usage.promptTokenCount).toBe(3105);
		expect(JSON.stringify(answer.json.candidates)).toContain('Echo: What is the term?');

		const other = await call(fake, 'POST', '/v1beta/models/gemini-2.5-pro:generateContent', question);
		expect(errorOf(other.json).message).toContain('has to be the same');
		const withSystem = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:generateContent', { ...question, systemInstruction: { parts: [{ text: 'x' }] } });
		expect(withSystem.status).toBe(400);
		await call(fake, 'DELETE', `/v1beta/${name}`);
		const afterDelete = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:generateContent', question);
		expect(afterDelete.status).toBe(403);
	});

	it('creates the cache and then loses the answer on reset-after-create / 503-after-create', async () => {
		const lost = await create({ model: 'models/gemini-2.5-flash', contents: doc(1024), displayName: 'x [[fake:503-after-create]]' });
		expect(lost.status).toBe(503);
		expect(fake.caches()).toEqual([expect.objectContaining({ displayName: 'x [[fake:503-after-create]]' })]);
	});
});

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiCache } from '../../nodes/GeminiCache/GeminiCache.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from './engine';

/** Gemini Cache executed by n8n's engine against the fake server's cachedContents. */

const API_KEY = 'cache-secret-key-41a7';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

/** 100,000 fake tokens (4 characters each). */
const DOCUMENT = 'abcd'.repeat(100_000);

async function cacheNode(parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) {
	return await runNode({
		nodeType: new GeminiCache(),
		parameters,
		items,
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		continueOnFail,
	});
}

type CacheJson = { name: string; displayName: string; cachedTokens: number; expiresInSeconds: number; expireTime: string };

describe('Gemini Cache in n8n’s execution engine', () => {
	it('creates a cache with its storage cost and break-even, lists it, extends it and deletes it', async () => {
		const created = await cacheNode({
			operation: 'create',
			model: 'gemini-2.5-flash',
			text: '={{ $json.document }}',
			ttlSeconds: 3600,
			options: { displayName: 'contract' },
		}, [{ json: { document: DOCUMENT } }]);
		expect(created.error).toBeUndefined();
		const json = created.items[0].json as { cache: CacheJson; cost: IDataObject; submission: IDataObject };
		expect(json.cache.displayName).toMatch(/^contract \(n8n [0-9a-f]{8}\)$/);
		expect(json.cache.cachedTokens).toBe(100_000);
		// Hand calculation (2.5 Flash): creation 100k × $0.30/1M = $0.03; storage $1.00 per 1M
		// tokens per hour → $0.10 per hour, $0.10 for the hour asked; the 5th request pays (see economics.test.ts).
		expect(json.cost).toMatchObject({ creation: 0.03, storagePerHour: 0.1, readPerRequest: 0.003, uncachedPerRequest: 0.03, breakEvenRequests: 5 });
		expect(json.cost.storageHours as number).toBeCloseTo(1, 3);
		expect(json.cost.total as number).toBeCloseTo(0.13, 5);
		expect(json.submission).toMatchObject({ attempts: 1, foundExisting: false });
		expect(fake.caches()).toHaveLength(1);

		const listed = await cacheNode({ operation: 'list' });
		expect(listed.items.map((item) => (item.json.cache as CacheJson).name)).toEqual([json.cache.name]);

		const extended = await cacheNode({ operation: 'updateTtl', cacheName: json.cache.name, ttlSeconds: 7200 });
		expect(extended.error).toBeUndefined();
		const after = extended.items[0].json as { cache: CacheJson; cost: IDataObject };
		expect(after.cache.expiresInSeconds).toBeGreaterThan(7100);
		expect(after.cost.storageUntilExpiry as number).toBeCloseTo(0.2, 3);
		expect(fake.caches()[0].expireTime).toBe(after.cache.expireTime);

		const got = await cacheNode({ operation: 'get', cacheName: json.cache.name });
		expect((got.items[0].json.cache as CacheJson).cachedTokens).toBe(100_000);

		const deleted = await cacheNode({ operation: 'delete', cacheName: json.cache.name });
		expect(deleted.items[0].json).toEqual({ cache: { name: json.cache.name }, deleted: true });
		expect(fake.caches()).toEqual([]);
	});

	it('caches binary files inline with a system instruction', async () => {
		const pdf = Buffer.from('%PDF-1.4 fake').toString('base64');
		const created = await cacheNode(
			{ operation: 'create', model: 'gemini-2.5-flash', text: 'abcd'.repeat(1100), binaryProperties: 'data', options: { systemInstruction: 'Answer from the contract.' } },
			[{ json: {}, binary: { data: { data: pdf, mimeType: 'application/pdf', fileName: 'c.pdf' } } }],
		);
		expect(created.error).toBeUndefined();
		const create = fake.requests.find((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents')!;
		const body = create.body as { contents: Array<{ parts: IDataObject[] }>; systemInstruction: IDataObject; ttl: string };
		expect(body.contents[0].parts[1]).toEqual({ inlineData: { mimeType: 'application/pdf', data: pdf } });
		expect(body.systemInstruction).toEqual({ parts: [{ text: 'Answer from the contract.' }] });
		expect(body.ttl).toBe('3600s');
	});

	it('uploads files too large to go inline (over 20 MB once base64-encoded) through the Files API and caches them by URI', async () => {
		const video = Buffer.alloc(16 * 1024 * 1024, 7).toString('base64');
		const created = await cacheNode(
			{ operation: 'create', model: 'gemini-2.5-flash', text: 'abcd'.repeat(1100), binaryProperties: 'data' },
			[{ json: {}, binary: { data: { data: video, mimeType: 'video/mp4', fileName: 'talk.mp4' } } }],
		);
		expect(created.error).toBeUndefined();
		const create = fake.requests.find((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents')!;
		const parts = (create.body as { contents: Array<{ parts: IDataObject[] }> }).contents[0].parts;
		expect(parts[1]).toEqual({ fileData: { mimeType: 'video/mp4', fileUri: expect.stringMatching(/\/v1beta\/files\/[a-z0-9]+$/) } });
		expect(fake.requests.some((r) => r.path.startsWith('/upload/v1beta/files'))).toBe(true);
		// 1,100 text tokens + 258 for the video part.
		expect((created.items[0].json.cache as CacheJson).cachedTokens).toBe(1358);
	});

	it('does not send a create again when its answer was lost: finds the cache by its unique name', async () => {
		const created = await cacheNode({ operation: 'create', model: 'gemini-2.5-flash', text: 'abcd'.repeat(2000), options: { displayName: 'lost [[fake:503-after-create]]' } });
		expect(created.error).toBeUndefined();
		const creates = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents');
		expect(creates).toHaveLength(1);
		expect(fake.caches()).toHaveLength(1);
		expect(created.items[0].json.submission).toMatchObject({ attempts: 1, foundExisting: true });
	});

	it('a content under the model minimum fails with Google’s message; under Continue On Fail the item is an error item', async () => {
		const small = await cacheNode({ operation: 'create', model: 'gemini-2.5-flash', text: 'too short' }, [{ json: {} }], true);
		expect(String(small.items[0].json.error)).toMatch(/too small|Cached content/);
		expect(fake.caches()).toEqual([]);
		const empty = await cacheNode({ operation: 'create', model: 'gemini-2.5-flash', text: '' });
		expect(empty.error?.message).toContain('Nothing to cache');
	});
});

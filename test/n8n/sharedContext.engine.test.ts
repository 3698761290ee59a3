import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiExtract } from '../../nodes/GeminiExtract/GeminiExtract.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode, type RunNodeOptions } from './engine';

/** Shared Context on Gemini Generate and Extract, run by n8n's engine against the fake's caches. */

const API_KEY = 'shared-context-key-7c1e';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

/** 400,000 characters: 100,000 fake tokens. */
const DOCUMENT = 'abcd'.repeat(100_000);
/** 38 characters each: with the document, ceil(400,038 / 4) = 100,010 prompt tokens. */
const question = (i: number) => `Question ${String(i).padStart(2, '0')}: what does the clause say?`;
const questions = (n: number, make = question): INodeExecutionData[] =>
	Array.from({ length: n }, (_, i) => ({ json: i === 0 ? { question: make(i), document: DOCUMENT } : { question: make(i) } }));

async function generate(options: IDataObject, items: INodeExecutionData[], extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new GeminiGenerate(),
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.question }}', options },
		items,
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		...extra,
	});
}

const SHARED = { sharedContext: '={{ $json.document }}' };
type Caching = { source: string; cache: string; cachedTokens: number; cacheReadCost: number; uncachedTotal: number; runOneOff?: { creation: number; storage: number; storageHours: number; total: number }; deleted: boolean };
const costOf = (item: INodeExecutionData) => item.json.cost as { total: number; cachedInput: number; input: number; output: number };
const cachingOf = (item: INodeExecutionData) => item.json.caching as Caching;
async function until(done: () => boolean, timeoutMs: number): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!done() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('Shared Context in n8n’s execution engine', () => {
	it('20 questions about a 100k-token document: one cache, 20 reads, true run cost on the items, ≥ 60% saved, no cache left', async () => {
		const result = await generate(SHARED, questions(20));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(20);
		const creates = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents');
		expect(creates).toHaveLength(1);
		expect(fake.caches()).toEqual([]);
		expect(fake.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/v1beta/cachedContents/'))).toHaveLength(1);

		for (const item of result.items) {
			expect(item.json.usage).toMatchObject({ promptTokens: 100_010, cachedTokens: 100_000, outputTokens: 11, thoughtsTokens: 22 });
			expect(cachingOf(item)).toMatchObject({ source: 'sharedContext', cachedTokens: 100_000, deleted: true });
		}
		// Hand calculation, Gemini 2.5 Flash standard (input $0.30, cache read $0.03, output $2.50,
		// storage $1.00 per 1M tokens per hour). Per item: 10 uncached prompt tokens $0.000003 +
		// 100,000 cached $0.003 + 33 output (the 44-character echo: 11, + 22 thinking) $0.0000825 = $0.0030855.
		const first = cachingOf(result.items[0]).runOneOff!;
		expect(first.creation).toBe(0.03);
		expect(first.storage).toBeCloseTo(0.1 * first.storageHours, 12);
		expect(first.storageHours).toBeGreaterThan(0);
		expect(first.storageHours).toBeLessThan(0.05);
		for (const item of result.items.slice(1)) {
			expect(costOf(item).total).toBeCloseTo(0.0030855, 12);
			expect(cachingOf(item).runOneOff).toBeUndefined();
		}
		expect(costOf(result.items[0]).total).toBeCloseTo(0.0030855 + 0.03 + first.storage, 12);
		const runTotal = sum(result.items.map((item) => costOf(item).total));
		expect(runTotal).toBeCloseTo(20 * 0.0030855 + 0.03 + first.storage, 12);

		// Without the option: each item sends the document uncached, 100,010 × $0.30 + 33 × $2.50 per 1M = $0.0300855.
		const uncachedTotals = sum(result.items.map((item) => cachingOf(item).uncachedTotal));
		expect(uncachedTotals).toBeCloseTo(20 * 0.0300855, 12);
		expect(runTotal).toBeLessThan(0.4 * uncachedTotals);
	});

	it('without the option each item pays the full input price for the document, as uncachedTotal assumes', async () => {
		const withDocument = Array.from({ length: 3 }, (_, i) => ({ json: { question: question(i) } }));
		const plain = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: 'gemini-2.5-flash', prompt: `=${DOCUMENT}{{ $json.question }}` },
			items: withDocument,
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(plain.error).toBeUndefined();
		// One turn holding document + question: 100,010 prompt tokens, none cached: $0.030003 of input.
		expect(plain.items[0].json.usage).toMatchObject({ promptTokens: 100_010, cachedTokens: 0 });
		expect((plain.items[0].json.cost as IDataObject).input).toBe(0.030003);
		expect(plain.items[0].json.caching).toBeUndefined();
	});

	it('deletes the cache when the node fails half-way', async () => {
		const items = questions(20, (i) => (i === 10 ? `${question(i)} [[fake:400]]` : question(i)));
		const result = await generate(SHARED, items);
		expect(result.error).toBeDefined();
		expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents')).toHaveLength(1);
		expect(fake.caches()).toEqual([]);
	});

	it('deletes the cache when the execution is stopped', async () => {
		const items = questions(6, (i) => `${question(i)} [[fake:delay=3000]]`);
		const result = await generate(SHARED, items, { cancelAfterMs: 600 });
		expect(result.items.length).toBeLessThan(6);
		expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents')).toHaveLength(1);
		// The engine reports the stop at once; the node's delete follows within moments.
		await until(() => fake.caches().length === 0, 5000);
		expect(fake.caches()).toEqual([]);
	});

	it('a stop while the create’s lost answer is being waited on: the cache it made is found by name and deleted', async () => {
		// The cache is created, its answer replaced by a 503: the node waits before looking for it, and is stopped then.
		fake.enqueueFault({ after: 503, match: (r) => r.method === 'POST' && r.path === '/v1beta/cachedContents' });
		const result = await generate(SHARED, questions(6), { cancelAfterMs: 400 });
		expect(result.items).toHaveLength(0);
		expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents')).toHaveLength(1);
		await until(() => fake.caches().length === 0, 5000);
		expect(fake.caches()).toEqual([]);
		expect(fake.requests.some((r) => r.method === 'GET' && r.path.startsWith('/v1beta/cachedContents?'))).toBe(true);
	});

	it('does not cache when it would not pay: 3 items of a 2,000-token context send it uncached, and say why', async () => {
		const items = Array.from({ length: 3 }, (_, i) => ({ json: { question: question(i) } }));
		const result = await generate({ sharedContext: 'abcd'.repeat(2000) }, items);
		expect(result.error).toBeUndefined();
		expect(fake.requests.some((r) => r.path === '/v1beta/cachedContents')).toBe(false);
		const caching = cachingOf(result.items[0]);
		expect(caching).toMatchObject({ cached: false, cache: null, cachedTokens: 0 });
		expect(String((caching as unknown as IDataObject).note)).toMatch(/pays from \d+ requests \(storage counted for the cache's whole TTL\); this run has 3/);
		expect(result.items[0].json.usage).toMatchObject({ promptTokens: 2010 });
	});

	it('leaves the cache to expire with a warning on the items when deleting it fails', async () => {
		fake.enqueueFault({ status: 503, times: 10, match: (r) => r.method === 'DELETE' });
		const result = await generate(SHARED, questions(6));
		expect(result.error).toBeUndefined();
		const warnings = result.items[0].json.warnings as string[];
		expect(warnings.some((w) => /left to expire at/.test(w))).toBe(true);
		const oneOff = cachingOf(result.items[0]).runOneOff!;
		// Storage billed until the cache's expiry: an hour (its TTL).
		expect(oneOff.storageHours).toBeCloseTo(1, 2);
		expect(fake.caches()).toHaveLength(1);
	});

	it('works on Extract too: every item reads the cache, which is gone afterwards', async () => {
		const result = await runNode({
			nodeType: new GeminiExtract(),
			parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.question }}', schemaSource: 'example', example: '{"answer":"x"}', options: SHARED },
			items: questions(8),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		// Extract's instruction is the system instruction, so it is cached with the document.
		const cached = result.items.map((item) => (item.json.usage as IDataObject).cachedTokens as number);
		expect(cached[0]).toBeGreaterThan(100_000);
		expect(new Set(cached).size).toBe(1);
		expect(fake.caches()).toEqual([]);
	});
});

describe('Implicit caching', () => {
	it('an answer with cached tokens and no cache named says the discount came from implicit caching', async () => {
		const result = await generate({}, [{ json: { question: 'Hello [[fake:usage prompt=5000 cached=4000 output=10]]' } }]);
		expect(result.items[0].json.caching).toMatchObject({ source: 'implicit', cachedTokens: 4000 });
	});
});

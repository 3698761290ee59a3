import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode, type RunNodeOptions } from './engine';

/** Gemini Batch executed by n8n's engine against the fake server's Batch and Files APIs. */

const API_KEY = 'batch-secret-key-8d2c';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 50, runningMs: 150 } });
});
afterAll(async () => {
	await fake.close();
});

const USAGE = '[[fake:usage prompt=1000 output=200 thoughts=0]]';
const prompts = (n: number, make = (i: number) => `Question ${i} ${USAGE}`) =>
	Array.from({ length: n }, (_, i): INodeExecutionData => ({ json: { prompt: make(i) } }));

async function batch(parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }], extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new GeminiBatch(),
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', ...parameters },
		items,
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		...extra,
	});
}

type Result = IDataObject & { key: string; cost: IDataObject; usage: IDataObject; batch: IDataObject; serviceTier: IDataObject };

describe('Gemini Batch in n8n’s execution engine', () => {
	it('submits all items as one inline job and returns the job, paired with every input', async () => {
		const result = await batch({ operation: 'submit', options: { displayName: 'engine-submit' } }, prompts(3));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const job = result.items[0].json.batch as IDataObject;
		expect(job).toMatchObject({ displayName: expect.stringMatching(/^engine-submit \(n8n [0-9a-f]{8}\)$/), state: 'PENDING', input: 'inline', model: 'gemini-2.5-flash' });
		expect(String(job.name)).toMatch(/^batches\//);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const create = fake.requests.find((r) => r.path.endsWith(':batchGenerateContent'))!;
		const requests = (create.body as { batch: { inputConfig: { requests: { requests: Array<{ metadata: { key: string } }> } } } }).batch
			.inputConfig.requests.requests;
		expect(requests.map((r) => r.metadata.key)).toEqual(['0', '1', '2']);
	});

	it('estimates the input cost at the batch price from counted tokens when asked', async () => {
		const before = fake.requests.length;
		const result = await batch({ operation: 'submit', options: { estimateCost: true } }, prompts(3));
		const counted = fake.requests.slice(before).filter((r) => r.path.endsWith(':countTokens'));
		expect(counted).toHaveLength(3);
		const estimate = result.items[0].json.estimatedCost as { inputTokens: number; inputUsd: number };
		expect(estimate.inputTokens).toBeGreaterThan(0);
		expect(estimate.inputUsd).toBeCloseTo((estimate.inputTokens * 0.15) / 1e6, 15); // batch input 0.15 per 1M
	});

	it('estimates per request: 1,000 requests of 1,000 tokens on 2.5 Pro (batch) cost $0.625, not the long-context $1.25', async () => {
		// The fake counts ceil(characters / 4) tokens: 4,000 characters are 1,000 tokens.
		const items = Array.from({ length: 1000 }, (_, i): INodeExecutionData => ({ json: { prompt: `${String(i).padStart(4, '0')}${'abcd'.repeat(999)}` } }));
		const result = await batch({ model: 'gemini-2.5-pro', operation: 'submit', options: { estimateCost: true } }, items);
		expect(result.error).toBeUndefined();
		const estimate = result.items[0].json.estimatedCost as IDataObject;
		// Per request 1,000 × 0.625 / 1e6 = 0.000625 (batch, ≤ 200k); × 1,000 = 0.625. All prompts as one: 1,000,000 × 1.25 / 1e6 = 1.25.
		expect(estimate).toMatchObject({ requests: 1000, inputTokens: 1_000_000, inputUsd: 0.625, longContextRequests: 0 });
	});

	it('submits and waits: one result per request, paired by key, at the batch price; a failed request is one error item', async () => {
		const items = prompts(20, (i) => (i === 7 ? `Broken ${i} [[fake:fail]]` : `Question ${i} ${USAGE}`));
		const result = await batch({ operation: 'submitAndWait', options: { pollIntervalSeconds: 0.1, maxWaitMinutes: 1 } }, items);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(20);
		result.items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		for (const [i, item] of result.items.entries()) {
			if (i === 7) continue;
			const json = item.json as Result;
			expect(json.key).toBe(String(i));
			expect(json.serviceTier).toEqual({ requested: 'batch', served: 'batch' });
			// batch 2.5 Flash: 1000 × 0.15 / 1e6 = 0.00015; 200 × 1.25 / 1e6 = 0.00025
			expect(json.cost).toMatchObject({ input: 0.00015, output: 0.00025, total: 0.0004, pricing: expect.objectContaining({ tier: 'batch' }) });
			expect(json.batch).toMatchObject({ state: 'SUCCEEDED' });
		}
		const failed = result.items[7].json as { error: string; details: IDataObject };
		expect(failed.error).toMatch(/Batch request 7 failed/);
		expect(failed.details).toMatchObject({ key: '7' });
	});

	it('gets status and results of a job in later runs, and refuses results before the job is done', async () => {
		const submitted = await batch({ operation: 'submit' }, prompts(2));
		const name = String((submitted.items[0].json.batch as IDataObject).name);
		const early = await batch({ operation: 'getResults', batchName: name });
		expect(early.error?.message).toMatch(/is not done yet \(state (PENDING|RUNNING)\)/);
		await new Promise((r) => setTimeout(r, 300));
		const status = await batch({ operation: 'getStatus', batchName: name });
		expect(status.items[0].json.batch).toMatchObject({ name, state: 'SUCCEEDED', counts: { requests: 2, succeeded: 2 } });
		const results = await batch({ operation: 'getResults', batchName: name });
		expect(results.items.map((i) => (i.json as Result).key)).toEqual(['0', '1']);
		expect(results.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('cancels, lists and deletes jobs', async () => {
		const submitted = await batch({ operation: 'submit', options: { displayName: 'to-cancel [[fake:batch-pending=60000]]' } }, prompts(1));
		const name = String((submitted.items[0].json.batch as IDataObject).name);
		const cancelled = await batch({ operation: 'cancel', batchName: name });
		expect(cancelled.items[0].json).toMatchObject({ cancelled: true, batch: { state: 'CANCELLED' } });
		const listed = await batch({ operation: 'list', returnAll: true });
		expect(listed.items.map((i) => (i.json.batch as IDataObject).name)).toContain(name);
		const deleted = await batch({ operation: 'delete', batchName: name });
		expect(deleted.items[0].json).toMatchObject({ deleted: true });
		const gone = await batch({ operation: 'getStatus', batchName: name }, [{ json: {} }], { continueOnFail: true });
		expect(String(gone.items[0].json.error)).toMatch(/404 NOT_FOUND/);
	});

	it('uploads a JSONL file when the job is over the 20 MB inline limit', async () => {
		const big = 'x'.repeat(10_500);
		const items = prompts(2_000, (i) => `${i} ${big}`);
		const result = await batch({ operation: 'submit' }, items);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.batch).toMatchObject({ input: 'file', file: expect.stringMatching(/^files\//) });
		const chunks = fake.requests.filter((r) => r.path.includes('upload_id='));
		expect(chunks.length).toBeGreaterThanOrEqual(3); // 8 MiB chunks for ~21 MB
	});

	it('refuses duplicate request keys and mixed models, naming the item', async () => {
		const dup = await batch({ operation: 'submit', requestKey: '={{ $json.key }}' }, [
			{ json: { prompt: 'a', key: 'k1' } },
			{ json: { prompt: 'b', key: 'k1' } },
		]);
		expect(dup.error?.message).toMatch(/Request Key \(requestKey\) "k1" is used by item 0 too.*\[item 1\]/);
		const mixed = await batch({ operation: 'submit', model: '={{ $json.model }}' }, [
			{ json: { prompt: 'a', model: 'gemini-2.5-flash' } },
			{ json: { prompt: 'b', model: 'gemini-2.5-pro' } },
		]);
		expect(mixed.error?.message).toMatch(/one batch job uses one model \[item 1\]/);
	});

	it('runs the requests now on Flex and returns the same result items, at the flex price', async () => {
		const result = await batch({ operation: 'submit', serviceTier: 'flex' }, prompts(3));
		expect(result.items).toHaveLength(3);
		const first = result.items[0].json as Result;
		expect(first).toMatchObject({ key: '0', batch: null, serviceTier: { requested: 'flex', served: 'flex' } });
		expect(first.cost).toMatchObject({ total: 0.0004 }); // flex = batch price for 2.5 Flash
	});
});

describe('Gemini Batch against an API that spells states JOB_STATE_*', () => {
	let sdkStyle: FakeGemini;
	beforeAll(async () => {
		sdkStyle = await startFakeGemini({ apiKey: API_KEY, batchStatePrefix: 'JOB_STATE_', batchTiming: { pendingMs: 20, runningMs: 50 } });
	});
	afterAll(async () => {
		await sdkStyle.close();
	});

	it('understands the states and returns the results', async () => {
		const result = await runNode({
			nodeType: new GeminiBatch(),
			parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', operation: 'submitAndWait', options: { pollIntervalSeconds: 0.1 } },
			items: prompts(2),
			credentials: { apiKey: API_KEY, baseUrl: sdkStyle.url },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json as Result).batch)).toEqual([
			expect.objectContaining({ state: 'SUCCEEDED' }),
			expect.objectContaining({ state: 'SUCCEEDED' }),
		]);
	});
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from './engine';

/**
 * A user's price table (the credentials' "Price Table (JSON)" field, the GEMINI_METER_PRICE_TABLE
 * file) reaches every cost a node computes, run by n8n's engine against the fake server.
 */

const API_KEY = 'price-table-secret-key-5e1b';
const USAGE = '[[fake:usage prompt=1000 output=200 thoughts=0]]';
// The user's own 2.5 Flash prices, unlike the built-in 0.30 / 2.50 (batch 0.15 / 1.25).
const TABLE = {
	version: 'acme-7',
	currency: 'USD',
	unit: 'per 1M tokens',
	models: [{ id: 'gemini-2.5-flash', source: 'our contract', standard: { input: 1, output: 2 }, batch: { input: 0.5, output: 1 } }],
};

let fake: FakeGemini;
let dir: string;
beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 20, runningMs: 50 } });
	dir = mkdtempSync(join(tmpdir(), 'engine-prices-'));
});
afterAll(async () => {
	await fake.close();
	rmSync(dir, { recursive: true, force: true });
	delete process.env.GEMINI_METER_PRICE_TABLE;
});

async function run(nodeType: INodeType, priceTable: string | undefined, parameters: IDataObject = {}, count = 1) {
	return await runNode({
		nodeType,
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', ...parameters },
		items: Array.from({ length: count }, (): INodeExecutionData => ({ json: { prompt: `Hi ${USAGE}` } })),
		credentials: { apiKey: API_KEY, baseUrl: fake.url, ...(priceTable === undefined ? {} : { priceTable }) },
	});
}

const costOf = (item: INodeExecutionData) => item.json.cost as IDataObject & { pricing: IDataObject };

describe('a user price table in n8n’s engine', () => {
	it.each([
		['Gemini Generate', () => new GeminiGenerate()],
		['Gemini Stream', () => new GeminiStream()],
	])('%s prices with the credentials’ table', async (_name, make) => {
		const result = await run(make(), JSON.stringify(TABLE));
		expect(result.error).toBeUndefined();
		// 1000 × 1 + 200 × 2 = 1,400 µ$
		expect(costOf(result.items[0])).toMatchObject({ input: 0.001, output: 0.0004, tools: 0, total: 0.0014, pricing: { table: '2026-11-29+user:acme-7' } });
	});

	it('Gemini Batch prices its results and its estimate with the credentials’ table', async () => {
		const result = await run(new GeminiBatch(), JSON.stringify(TABLE), { operation: 'submitAndWait', options: { pollIntervalSeconds: 0.05, maxWaitMinutes: 1 } }, 2);
		expect(result.error).toBeUndefined();
		// batch: 1000 × 0.5 + 200 × 1 = 700 µ$
		for (const item of result.items) expect(costOf(item)).toMatchObject({ total: 0.0007, pricing: { table: '2026-11-29+user:acme-7', tier: 'batch' } });

		const submitted = await run(new GeminiBatch(), JSON.stringify(TABLE), { operation: 'submit', options: { estimateCost: true } });
		const estimate = submitted.items[0].json.estimatedCost as { inputTokens: number; inputUsd: number; pricing: IDataObject };
		expect(estimate.inputUsd).toBeCloseTo((estimate.inputTokens * 0.5) / 1e6, 15);
		expect(estimate.pricing).toMatchObject({ table: '2026-11-29+user:acme-7' });
	});

	it('reads the GEMINI_METER_PRICE_TABLE file', async () => {
		const file = join(dir, 'prices.json');
		writeFileSync(file, JSON.stringify({ ...TABLE, version: 'file-1' }));
		process.env.GEMINI_METER_PRICE_TABLE = file;
		try {
			const result = await run(new GeminiGenerate(), undefined);
			expect(costOf(result.items[0])).toMatchObject({ total: 0.0014, pricing: { table: '2026-11-29+user:file-1' } });
		} finally {
			delete process.env.GEMINI_METER_PRICE_TABLE;
		}
	});

	it('a bad table stops the node with one error naming the field and the JSON path, before any request', async () => {
		const before = fake.requests.length;
		const bad = { ...TABLE, models: [{ id: 'gemini-2.5-flash', standard: { input: '1' } }] };
		const result = await run(new GeminiGenerate(), JSON.stringify(bad));
		expect(result.error?.message).toMatch(/"Price Table \(JSON\)" field of the Gemini API credentials is not a valid price table at \$\.models\[0\]\.standard\.input/);
		expect(fake.requests.length).toBe(before);
	});
});

import type { BatchJob } from '../../../nodes/shared/batch';
import { batchPricedAt, batchResultItem } from '../../../nodes/shared/execution/batchJobs';
import { meterCall } from '../../../nodes/shared/execution/itemCall';
import { PRICE_TABLE, type PriceTable } from '../../../nodes/shared/pricing';
import { mergePriceTables, validatePriceTable } from '../../../nodes/shared/pricing/userTable';
import { settingsFixture } from '../settingsFixture';

// The meter as the nodes call it: the response's modelVersion and grounding, the execution's table.

const userTable: PriceTable = mergePriceTables(
	PRICE_TABLE,
	validatePriceTable({ version: 'acme-1', currency: 'USD', unit: 'per 1M tokens', models: [{ id: 'acme-5', standard: { input: 1, output: 2 }, batch: { input: 0.5, output: 1 } }] }, 'test'),
);

const groundedAnswer = {
	candidates: [{ content: { parts: [{ text: 'Sunny.' }] }, finishReason: 'STOP', groundingMetadata: { webSearchQueries: ['weather', 'forecast'] } }],
	usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 100, totalTokenCount: 1100 },
	modelVersion: 'gemini-3.1-flash-lite',
};

describe('meterCall (Generate, Stream, Extract)', () => {
	it('prices an alias by the modelVersion and bills the search queries the answer reports', () => {
		const settings = settingsFixture({ model: 'gemini-flash-lite-latest', modelPath: 'models/gemini-flash-lite-latest' });
		const metered = meterCall(settings, groundedAnswer, {}, { contents: [] }, PRICE_TABLE);
		// 1000 × 0.25 + 100 × 1.50 = 250 + 150 µ$ = $0.0004; 2 queries × $0.014 = $0.028.
		expect([metered.cost.input, metered.cost.output, metered.cost.tools, metered.cost.total]).toEqual([0.00025, 0.00015, 0.028, 0.0284]);
		expect(metered.cost.pricing).toMatchObject({ table: '2026-11-29', pricedAs: 'gemini-3.1-flash-lite', resolvedFrom: 'modelVersion', known: true });
	});

	it('uses the execution\'s table', () => {
		const settings = settingsFixture({ model: 'acme-5', modelPath: 'models/acme-5' });
		const answer = { ...groundedAnswer, candidates: [{ finishReason: 'STOP' }], modelVersion: 'acme-5' };
		const metered = meterCall(settings, answer, {}, { contents: [] }, userTable);
		expect(metered.cost.total).toBe(0.0012); // 1000 × 1 + 100 × 2 µ$
		expect(metered.cost.pricing.table).toBe('2026-11-29+user:acme-1');
	});
});

describe('batchResultItem (Batch, Batch Trigger)', () => {
	const job: BatchJob = {
		name: 'batches/1',
		model: 'models/acme-5',
		state: 'SUCCEEDED',
		rawState: 'BATCH_STATE_SUCCEEDED',
		done: true,
		createTime: '2026-11-29T10:00:00Z',
		counts: {},
	} as BatchJob;

	it('prices each result with the execution\'s table at the batch price', () => {
		const { json } = batchResultItem(job, { key: 'a', response: { ...groundedAnswer, candidates: [{ finishReason: 'STOP' }], modelVersion: 'acme-5' } }, { prices: userTable });
		expect(json.cost).toMatchObject({ total: 0.0006, tools: 0, pricing: { table: '2026-11-29+user:acme-1', tier: 'batch' } }); // 1000 × 0.5 + 100 × 1 µ$
	});

	it('prices a job when it was created', () => {
		expect(batchPricedAt(job).toISOString()).toBe('2026-11-29T10:00:00.000Z');
		const now = new Date('2027-03-01');
		expect(batchPricedAt({ ...job, createTime: undefined }, now)).toBe(now);
	});
});

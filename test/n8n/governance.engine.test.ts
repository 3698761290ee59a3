import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { GeminiExtract } from '../../nodes/GeminiExtract/GeminiExtract.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from './engine';

/**
 * Cost governance in n8n's engine against the fake server: Budget (requestOptions.budgetUsd /
 * budgetAction), Estimate Cost Only and Fallback Model. Costs by hand from the built-in table
 * (https://ai.google.dev/gemini-api/docs/pricing): 2.5 Flash $0.30 / $2.50, 2.5 Pro $1.25 / $10 per
 * 1M tokens. Each budget answer costs 1000 × $0.30 + 200 × $2.50 per 1M = $0.0008; each estimate is
 * the prompt's ceil(chars / 4) tokens at $0.30 plus Max Output Tokens (200) at $2.50.
 */

const API_KEY = 'governance-secret-key-91c2';
const PROMPT = 'Hi [[fake:usage prompt=1000 output=200 thoughts=0]]';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const inputs = (count: number): INodeExecutionData[] => Array.from({ length: count }, (_, n) => ({ json: { prompt: PROMPT, n } }));

async function generate(count: number, requestOptions: IDataObject, continueOnFail = false) {
	return await runNode({
		nodeType: new GeminiGenerate(),
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { maxOutputTokens: 200 }, requestOptions },
		items: inputs(count),
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		continueOnFail,
	});
}

const generateCalls = () => fake.requests.filter((r) => r.path.endsWith(':generateContent')).length;

describe('a budget on Gemini Generate', () => {
	it('skip: sends items while they fit, passes every later item through marked, paired', async () => {
		// Sequential: item 3 would make 3 × 0.0008 + its estimate (> 0.0005) pass 0.0025.
		const result = await generate(5, { budgetUsd: 0.0025, budgetAction: 'skip', concurrency: 1 });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(result.items.slice(0, 3).map((item) => (item.json.cost as IDataObject).total)).toEqual([0.0008, 0.0008, 0.0008]);
		for (const item of result.items.slice(3)) {
			expect(item.json).toMatchObject({ prompt: PROMPT, skipped: 'budget', budget: { ceilingUsd: 0.0025, spentUsd: 0.0024, limit: 'execution' } });
			expect(item.json.cost).toBeUndefined();
		}
		expect(result.items.slice(3).map((item) => item.json.n)).toEqual([3, 4]);
		expect(generateCalls()).toBe(3);
	});

	it('stop: fails the node at the right item with spend and ceiling in the message', async () => {
		const result = await generate(5, { budgetUsd: 0.0025, budgetAction: 'stop', concurrency: 1 });
		expect(result.error?.message).toMatch(/Budget reached at item 3: spent \$0\.0024 of this node’s budget .* of \$0\.0025/);
		expect(generateCalls()).toBe(3);
	});

	it('stop under Continue On Fail: answered items keep their cost, the rest are error items', async () => {
		const result = await generate(5, { budgetUsd: 0.0025, budgetAction: 'stop', concurrency: 1 }, true);
		expect(result.items).toHaveLength(5);
		expect(result.items.slice(0, 3).every((item) => (item.json.cost as IDataObject).total === 0.0008)).toBe(true);
		expect(result.items.slice(3).map((item) => String(item.json.error))).toEqual([expect.stringMatching(/item 3/), expect.stringMatching(/item 3/)]);
	});

	it('counts items in flight: with concurrency the estimates of sent items are committed', async () => {
		// 5 workers: items 0-3 fit as four estimates (≈ 0.000504 each), item 4 does not.
		const result = await generate(5, { budgetUsd: 0.0025, budgetAction: 'skip', concurrency: 5 });
		expect(result.items.map((item) => item.json.skipped ?? 'sent')).toEqual(['sent', 'sent', 'sent', 'sent', 'budget']);
		expect(result.items[4].json.budget).toMatchObject({ spentUsd: 0, inFlightUsd: expect.any(Number) });
		expect(generateCalls()).toBe(4);
	});

	it('reads a version 1 workflow’s budget under Options', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			typeVersion: 1,
			parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { maxOutputTokens: 200, budgetUsd: 0.001, budgetAction: 'skip', concurrency: 1 } },
			items: inputs(3),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.items.map((item) => item.json.skipped ?? 'sent')).toEqual(['sent', 'budget', 'budget']);
	});

	it('refuses a budget on a model the table cannot price, before sending', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: 'gemini-fake-experimental', prompt: '={{ $json.prompt }}', requestOptions: { budgetUsd: 1 } },
			items: inputs(1),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error?.message).toMatch(/Budget \(USD\) needs a priced model.*gemini-fake-experimental/);
		expect(generateCalls()).toBe(0);
	});
});

describe('a budget on Gemini Extract', () => {
	it('skips at the right item', async () => {
		const result = await runNode({
			nodeType: new GeminiExtract(),
			parameters: {
				prompt: `={{ $json.prompt }} [[fake:json='{"a":1}']]`,
				schemaSource: 'example',
				example: '{"a": 1}',
				model: 'gemini-2.5-flash',
				options: { maxOutputTokens: 200 },
				requestOptions: { budgetUsd: 0.0017, budgetAction: 'skip', concurrency: 1 },
			},
			items: inputs(3),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.skipped ?? (item.json.cost as IDataObject).total)).toEqual([0.0008, 0.0008, 'budget']);
	});
});

describe('a budget on Gemini Batch, on a tier sent now', () => {
	it('skips at the right item, results keyed as without a budget', async () => {
		const result = await runNode({
			nodeType: new GeminiBatch(),
			parameters: {
				operation: 'submit',
				model: 'gemini-2.5-flash',
				prompt: '={{ $json.prompt }}',
				serviceTier: 'standard',
				options: { maxOutputTokens: 200 },
				requestOptions: { budgetUsd: 0.0017, budgetAction: 'skip', concurrency: 1 },
			},
			items: inputs(3),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		// $0.0008 per answer: two fit under $0.0017, the third's estimate would not.
		expect(result.items.map((item) => item.json.skipped ?? (item.json.cost as IDataObject).total)).toEqual([0.0008, 0.0008, 'budget']);
		expect(result.items.slice(0, 2).map((item) => item.json.key)).toEqual(['0', '1']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('a budget on Gemini Stream', () => {
	it('stops at the right item', async () => {
		const result = await runNode({
			nodeType: new GeminiStream(),
			parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { maxOutputTokens: 200 }, requestOptions: { budgetUsd: 0.0017 } },
			items: inputs(3),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error?.message).toMatch(/Budget reached at item 2: spent \$0\.0016 of this node’s budget .* of \$0\.0017/);
		expect(fake.requests.filter((r) => r.path.includes(':streamGenerateContent'))).toHaveLength(2);
	});
});

describe('Estimate Cost Only on Gemini Generate', () => {
	it('counts each prompt with countTokens and prices it, generating nothing', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', serviceTier: '={{ $json.tier }}', options: { maxOutputTokens: 200 }, requestOptions: { estimateCostOnly: true } },
			// 4,000 characters: the fake counts 1,000 tokens, like Google's ~4 characters per token
			items: [{ json: { prompt: 'x'.repeat(4000), tier: 'standard' } }, { json: { prompt: 'x'.repeat(4000), tier: 'flex' } }],
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		expect(generateCalls()).toBe(0);
		expect(fake.requests.filter((r) => r.path.endsWith(':countTokens'))).toHaveLength(2);
		// 1000 × $0.30 / 1M = 0.0003; 200 × $2.50 / 1M = 0.0005; Flex at half
		expect(result.items[0].json).toMatchObject({ model: 'gemini-2.5-flash', estimate: { promptTokens: 1000, maxOutputTokens: 200, inputUsd: 0.0003, maxOutputUsd: 0.0005, maxTotalUsd: 0.0008 } });
		expect(result.items[1].json).toMatchObject({ estimate: { inputUsd: 0.00015, maxTotalUsd: 0.0004, pricing: expect.objectContaining({ tier: 'flex' }) } });
		expect(result.items[0].json.cost).toBeUndefined();
	});
});

const promptItems = (...prompts: string[]): INodeExecutionData[] => prompts.map((prompt) => ({ json: { prompt } }));
const callsTo = (model: string) => fake.requests.filter((r) => r.path.includes(`models/${model}:generateContent`)).length;
const FAST_RETRIES = { maxRetries: 1, maxRetryWaitSeconds: 5 };

describe('Gemini Generate with a fallback model', () => {
	it('answers with the fallback when the primary returns 503 on every attempt', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: {
				model: 'gemini-2.5-flash',
				prompt: '={{ $json.prompt }}',
				options: { fallbackModel: { __rl: true, mode: 'id', value: 'gemini-2.5-pro' } },
				requestOptions: FAST_RETRIES,
			},
			items: promptItems('Hi [[fake:503 model=gemini-2.5-flash]] [[fake:usage prompt=1000 output=200 thoughts=100]]', 'Fine [[fake:usage prompt=10 output=4 thoughts=0]]'),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		const [first, second] = result.items.map((item) => item.json as IDataObject & { cost: IDataObject; warnings: string[] });
		// 1 + 1 retry on Flash (and the second item's one call), then once on Pro
		expect(callsTo('gemini-2.5-flash')).toBe(2 + 1);
		expect(callsTo('gemini-2.5-pro')).toBe(1);
		expect(first.model).toBe('gemini-2.5-pro');
		// Pro: 1000 × 1.25 + 300 × 10 = 0.00125 + 0.003; the failed Flash calls were not billed
		expect(first.cost).toMatchObject({ input: 0.00125, output: 0.003, total: 0.00425, pricing: expect.objectContaining({ model: 'gemini-2.5-pro' }) });
		expect(first.warnings[0]).toMatch(/Model gemini-2\.5-flash failed this item \(503 UNAVAILABLE after 2 attempts.*answered by the fallback model gemini-2\.5-pro/);
		expect(second.model).toBe('gemini-2.5-flash');
		expect(second.warnings).toEqual([]);
	});

	it('does not fall back on a bad request, which would fail on any model', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { fallbackModel: 'gemini-2.5-pro' } },
			items: promptItems('Hi [[fake:400]]'),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error?.message).toMatch(/400/);
		expect(callsTo('gemini-2.5-pro')).toBe(0);
	});
});

describe('Gemini Extract with a fallback model', () => {
	it('tries the fallback once when no attempt matches the schema, and sums every billed attempt', async () => {
		const result = await runNode({
			nodeType: new GeminiExtract(),
			parameters: {
				prompt: '={{ $json.prompt }}',
				schemaSource: 'example',
				example: '{"a": 1}',
				model: 'gemini-2.5-flash',
				options: { maxAttempts: 2, fallbackModel: 'gemini-2.5-pro' },
			},
			items: promptItems(`Data [[fake:json-broken model=gemini-2.5-flash]] [[fake:json='{"a":7}']] [[fake:usage prompt=1000 output=200 thoughts=0]]`),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as IDataObject & { cost: IDataObject; usage: IDataObject; warnings: string[] };
		expect(item.data).toEqual({ a: 7 });
		expect(item.model).toBe('gemini-2.5-pro');
		expect(callsTo('gemini-2.5-flash')).toBe(2);
		expect(callsTo('gemini-2.5-pro')).toBe(1);
		// Two Flash attempts (2 × 0.0008) + one Pro attempt (0.00125 + 0.002)
		expect(item.cost.total).toBe(0.00485);
		expect(item.usage.promptTokens).toBe(3000);
		expect(item.warnings[0]).toMatch(/Model gemini-2\.5-flash failed this item \(Gemini's answer did not match the schema after 2 attempts.*fallback model gemini-2\.5-pro/);
	});
});

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiExtract } from '../../nodes/GeminiExtract/GeminiExtract.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from './engine';

/**
 * Fallback Model (options.fallbackModel) in n8n's engine against the fake server. Costs by hand
 * from the built-in table: 2.5 Flash $0.30 / $2.50, 2.5 Pro $1.25 / $10 per 1M tokens.
 */

const API_KEY = 'fallback-secret-key-3d8e';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const inputs = (...prompts: string[]): INodeExecutionData[] => prompts.map((prompt) => ({ json: { prompt } }));
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
			items: inputs('Hi [[fake:503 model=gemini-2.5-flash]] [[fake:usage prompt=1000 output=200 thoughts=100]]', 'Fine [[fake:usage prompt=10 output=4 thoughts=0]]'),
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
			items: inputs('Hi [[fake:400]]'),
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
			items: inputs(`Data [[fake:json-broken model=gemini-2.5-flash]] [[fake:json='{"a":7}']] [[fake:usage prompt=1000 output=200 thoughts=0]]`),
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

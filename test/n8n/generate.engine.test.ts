import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { logged, runNode, type RunNodeOptions } from './engine';

/**
 * Gemini Generate executed by n8n's own engine against the fake Gemini server. Expected costs are
 * computed by hand from the built-in price table (USD per 1M tokens, https://ai.google.dev/gemini-api/docs/pricing).
 */

const API_KEY = 'test-secret-key-7f3a9c';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const items = (...prompts: string[]): INodeExecutionData[] => prompts.map((prompt) => ({ json: { prompt } }));

async function generate(
	prompts: string[],
	parameters: IDataObject = {},
	extra: Partial<RunNodeOptions> = {},
) {
	return await runNode({
		nodeType: new GeminiGenerate(),
		parameters: {
			model: { __rl: true, mode: 'list', value: 'gemini-2.5-flash' },
			prompt: '={{ $json.prompt }}',
			...parameters,
		},
		items: items(...prompts),
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		...extra,
	});
}

const json = (item: INodeExecutionData | undefined) => item?.json as IDataObject & {
	usage: IDataObject;
	cost: IDataObject & { pricing: IDataObject };
	serviceTier: IDataObject;
	safety: IDataObject;
	warnings: string[];
};

const generateCalls = () => fake.requests.filter((r) => r.path.includes(':generateContent'));

describe('Gemini Generate in n8n’s execution engine', () => {
	it('answers every item in order, paired with its input, with usage and cost', async () => {
		const usage = '[[fake:usage prompt=12 output=40 thoughts=17 cached=0]]';
		const result = await generate([`first ${usage}`, `second ${usage}`, `third ${usage}`], {
			serviceTier: 'flex',
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		expect(result.items.map((i) => String(json(i).text))).toEqual([
			expect.stringContaining('first'),
			expect.stringContaining('second'),
			expect.stringContaining('third'),
		]);
		const first = json(result.items[0]);
		expect(first.model).toBe('gemini-2.5-flash');
		expect(first.serviceTier).toEqual({ requested: 'flex', served: 'flex' });
		expect(first.usage).toEqual({
			promptTokens: 12,
			cachedTokens: 0,
			outputTokens: 40,
			thoughtsTokens: 17,
			toolUsePromptTokens: 0,
			totalTokens: 69,
		});
		// node-contract.md's example: flex 2.5 Flash = 0.15 in / 1.25 out.
		// input 12 × 0.15 / 1e6; output (40 + 17) × 1.25 / 1e6
		expect(first.cost).toMatchObject({ currency: 'USD', input: 0.0000018, cachedInput: 0, output: 0.00007125, total: 0.00007305 });
		expect(first.cost.pricing).toMatchObject({ table: '2026-11-29', model: 'gemini-2.5-flash', tier: 'flex', longContext: false });
		expect(first.finishReason).toBe('STOP');
		expect(first.safety).toEqual(expect.objectContaining({ blocked: false, blockReason: null }));
		expect(typeof first.latencyMs).toBe('number');
		expect(first.warnings).toEqual([]);
	});

	it.each([
		// gemini-2.5-flash, prompt 1000, output 200: standard 0.30/2.50, flex 0.15/1.25, priority 0.54/4.50
		['standard', 0.0003, 0.0005, 0.0008], // 1000×0.30/1e6, 200×2.50/1e6
		['flex', 0.00015, 0.00025, 0.0004], // 1000×0.15/1e6, 200×1.25/1e6
		['priority', 0.00054, 0.0009, 0.00144], // 1000×0.54/1e6, 200×4.50/1e6
	])('bills the %s tier at the table price to the last digit', async (tier, input, output, total) => {
		const result = await generate(['q [[fake:usage prompt=1000 output=200 thoughts=0]]'], { serviceTier: tier });
		const item = json(result.items[0]);
		expect(item.serviceTier).toEqual({ requested: tier, served: tier });
		expect(item.cost).toMatchObject({ input, output, total, cachedInput: 0 });
		expect(item.cost.pricing).toMatchObject({ tier });
		const body = generateCalls()[0].body as IDataObject;
		expect(body.serviceTier).toBe(tier === 'standard' ? undefined : tier);
	});

	it('bills the tier Google served, not the one asked for (priority downgraded to standard)', async () => {
		const result = await generate(['q [[fake:downgrade usage prompt=1000 output=200 thoughts=0]]'], {
			serviceTier: 'priority',
		});
		const item = json(result.items[0]);
		expect(item.serviceTier).toEqual({ requested: 'priority', served: 'standard' });
		expect(item.cost).toMatchObject({ total: 0.0008 }); // the standard price, not 0.00144
		expect(item.warnings.join(' ')).toMatch(/served standard/);
	});

	it('bills cached tokens at the cache-read price', async () => {
		const result = await generate(['q [[fake:usage prompt=1000 cached=600 output=100 thoughts=0]]'], {
			options: { cachedContent: 'cachedContents/abc' },
		});
		const item = json(result.items[0]);
		// input (1000 − 600) × 0.30 / 1e6 = 0.00012; cached 600 × 0.03 / 1e6 = 0.000018; output 100 × 2.5 / 1e6 = 0.00025
		expect(item.cost).toMatchObject({ input: 0.00012, cachedInput: 0.000018, output: 0.00025, total: 0.000388 });
		expect((generateCalls()[0].body as IDataObject).cachedContent).toBe('cachedContents/abc');
	});

	it('gives a model the price table does not know a null cost, never 0', async () => {
		const result = await generate(['q'], { model: 'gemini-fake-experimental' });
		const item = json(result.items[0]);
		expect(item.cost).toMatchObject({ input: null, cachedInput: null, output: null, total: null });
		expect(item.cost.pricing).toMatchObject({ known: false });
		expect((item.usage as IDataObject).totalTokens).toBeGreaterThan(0);
	});

	it('applies a per-node price override', async () => {
		const result = await generate(['q [[fake:usage prompt=1000 output=200 thoughts=0]]'], {
			model: 'gemini-fake-experimental',
			requestOptions: { priceOverride: { prices: { input: 1, output: 2 } } },
		});
		// 1000 × 1 / 1e6 + 200 × 2 / 1e6
		expect(json(result.items[0]).cost).toMatchObject({ input: 0.001, output: 0.0004, total: 0.0014 });
	});

	it('retries a 429 after the RetryInfo delay in its body', async () => {
		const result = await generate(['q [[fake:429 retryDelay=0.4s times=1]]'], { requestOptions: { maxRetries: 2 } });
		expect(result.error).toBeUndefined();
		expect(json(result.items[0]).text).toBeTruthy();
		const calls = generateCalls();
		expect(calls).toHaveLength(2);
		expect(calls[1].time - calls[0].time).toBeGreaterThanOrEqual(400);
		expect(logged.map((l) => l.message)).toContainEqual(expect.stringMatching(/item 0 failed \(429.*retry 1 in \d+ ms/s));
	});

	it('gives up after Max Retries and reports Google’s status and message', async () => {
		const result = await generate(['q [[fake:500 times=9]]'], { requestOptions: { maxRetries: 1 } });
		expect(generateCalls()).toHaveLength(2);
		expect(result.error?.message).toMatch(/500 INTERNAL/);
		expect(result.error?.message).toMatch(/\[item 0\]/);
		expect(result.error?.httpCode).toBe('500');
	});

	it.each([
		['fallbackToStandard', 2],
		['fail', 1],
	])('with Flex Overload "%s", a Flex 503 leads to %i request(s)', async (flexOverload, requests) => {
		const result = await generate(['q [[fake:flex-overload times=5 usage prompt=1000 output=200 thoughts=0]]'], {
			serviceTier: 'flex',
			requestOptions: { flexOverload },
		});
		expect(generateCalls()).toHaveLength(requests);
		if (flexOverload === 'fallbackToStandard') {
			const item = json(result.items[0]);
			expect(item.serviceTier).toEqual({ requested: 'flex', served: 'standard' });
			expect(item.cost).toMatchObject({ total: 0.0008 });
			expect(item.warnings.join(' ')).toMatch(/Standard tier/);
			expect((generateCalls()[1].body as IDataObject).serviceTier).toBeUndefined();
		} else {
			expect(result.error?.message).toMatch(/503 UNAVAILABLE/);
		}
	});

	it('with Continue On Fail, a failing item becomes an error item and the others complete', async () => {
		const result = await generate(['fine one', 'broken [[fake:400]]', 'fine two'], {}, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		expect(json(result.items[0]).text).toContain('fine one');
		expect(json(result.items[2]).text).toContain('fine two');
		const failed = result.items[1].json as { error: string; details: IDataObject };
		expect(Object.keys(failed).sort()).toEqual(['details', 'error']);
		expect(failed.error).toMatch(/400 INVALID_ARGUMENT/);
		expect(failed.error).toMatch(/\[item 1\]/);
		expect(failed.details).toMatchObject({ httpCode: '400', googleStatus: 'INVALID_ARGUMENT', itemIndex: 1 });
	});

	it('without Continue On Fail, the failing item stops the node with a NodeApiError naming it', async () => {
		const result = await generate(['fine', 'broken [[fake:403]]']);
		expect(result.items).toEqual([]);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/403 PERMISSION_DENIED.*\[item 1\]/);
	});

	it('refuses a bad parameter before any request, naming the parameter and the item', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: {
				model: 'gemini-2.5-flash',
				prompt: '={{ $json.prompt }}',
				options: { temperature: '={{ $json.temperature }}' },
			},
			items: [{ json: { prompt: 'a', temperature: 0.5 } }, { json: { prompt: 'b', temperature: 3 } }],
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
			continueOnFail: true,
		});
		expect(json(result.items[0]).text).toBeTruthy();
		const failed = result.items[1].json as { error: string };
		expect(failed.error).toMatch(/Temperature \(options\.temperature\) must be between 0 and 2; got 3 \[item 1\]/);
		expect(generateCalls()).toHaveLength(1);
	});

	it('returns a blocked prompt as a normal item with safety.blocked, usage and cost', async () => {
		const result = await generate(['bad [[fake:block]]']);
		expect(result.error).toBeUndefined();
		const item = json(result.items[0]);
		expect(item.safety).toMatchObject({ blocked: true, blockReason: 'SAFETY' });
		expect(item.text).toBe('');
		expect((item.usage as IDataObject).promptTokens).toBeGreaterThan(0);
		expect(typeof (item.cost as IDataObject).total).toBe('number');
	});

	it('drops penalties a model refuses, with a warning, and remembers it for later items', async () => {
		const result = await generate(['a', 'b'], { options: { presencePenalty: 0.5 }, requestOptions: { concurrency: 1 } });
		expect(result.error).toBeUndefined();
		const calls = generateCalls().map((c) => (c.body as { generationConfig?: IDataObject }).generationConfig ?? {});
		expect(calls).toHaveLength(3); // refused once, then sent without penalties for both items
		expect(calls[0].presencePenalty).toBe(0.5);
		expect(calls[1].presencePenalty).toBeUndefined();
		expect(calls[2].presencePenalty).toBeUndefined();
		for (const item of result.items) expect(json(item).warnings.join(' ')).toMatch(/Presence Penalty \(0\.5\) dropped.*gemini-2\.5-flash/);
	});

	it('fails on refused penalties when asked to, naming the penalty and the model', async () => {
		const result = await generate(['a'], { options: { frequencyPenalty: -1 }, requestOptions: { penaltyHandling: 'fail' } });
		expect(result.error?.message).toMatch(/gemini-2\.5-flash does not accept Frequency Penalty \(-1\)/);
		expect(result.error?.httpCode).toBe('400');
	});

	it('sends penalties to a model that accepts them, and safety settings for all five categories', async () => {
		const result = await generate(['a'], {
			model: 'models/gemini-1.5-flash-002',
			safetySettings: {
				harassment: 'BLOCK_NONE',
				hateSpeech: 'BLOCK_ONLY_HIGH',
				sexuallyExplicit: 'BLOCK_LOW_AND_ABOVE',
				dangerousContent: 'BLOCK_MEDIUM_AND_ABOVE',
				civicIntegrity: 'OFF',
			},
			options: { presencePenalty: 1.5, frequencyPenalty: -2 },
		});
		expect(result.error).toBeUndefined();
		const body = generateCalls()[0].body as { generationConfig: IDataObject; safetySettings: IDataObject[] };
		expect(body.generationConfig).toMatchObject({ presencePenalty: 1.5, frequencyPenalty: -2 });
		expect(body.safetySettings).toContainEqual({ category: 'HARM_CATEGORY_CIVIC_INTEGRITY', threshold: 'OFF' });
		expect(body.safetySettings).toHaveLength(5);
		expect(json(result.items[0]).warnings).toEqual([]);
	});

	it('sends binary properties as inline parts with their MIME type', async () => {
		const png = Buffer.from('89504e470d0a1a0a', 'hex');
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: 'gemini-2.5-flash', prompt: 'Describe', options: { binaryProperties: 'image' } },
			items: [{ json: {}, binary: { image: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'a.png' } } }],
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		const parts = (generateCalls()[0].body as { contents: Array<{ parts: IDataObject[] }> }).contents[0].parts;
		expect(parts).toEqual([{ text: 'Describe' }, { inlineData: { mimeType: 'image/png', data: png.toString('base64') } }]);
	});

	it('keeps the API key out of URLs, outputs and errors, even when the server echoes it', async () => {
		const result = await generate(['ok', 'leak [[fake:400 echo-key]]'], { options: { includeRawResponse: true } }, { continueOnFail: true });
		for (const request of fake.requests) {
			expect(request.path).not.toContain(API_KEY);
			expect(request.headers['x-goog-api-key']).toBe(API_KEY);
		}
		const everything = JSON.stringify({ items: result.items, error: result.error, run: result.run.data });
		expect(everything).not.toContain(API_KEY);
		expect(JSON.stringify(result.items[1].json)).toContain('[redacted]');
		expect(JSON.stringify(logged)).not.toContain(API_KEY);
	});

	it('includes the raw response when asked', async () => {
		const result = await generate(['q'], { options: { includeRawResponse: true } });
		const raw = json(result.items[0]).raw as IDataObject;
		expect(raw.usageMetadata).toBeDefined();
		expect(raw.candidates).toBeDefined();
	});

	it('keeps input order with concurrency while requests overlap', async () => {
		const prompts = Array.from({ length: 8 }, (_, i) => `n${i} [[fake:delay=${(8 - i) * 20}]]`);
		const result = await generate(prompts, { requestOptions: { concurrency: 4 } });
		expect(result.items.map((i) => String(json(i).text).match(/n\d/)?.[0])).toEqual(prompts.map((_, i) => `n${i}`));
	});

	it('refuses a concurrency below 1 with an error naming the option', async () => {
		const result = await generate(['q'], { requestOptions: { concurrency: 0 } });
		expect(result.error?.message).toMatch(/Concurrency \(requestOptions\.concurrency\) must be a whole number of at least 1; got 0/);
		expect(generateCalls()).toHaveLength(0);
	});

	describe('a node saved at version 1, with retries, prices and concurrency under Options', () => {
		const saved = { options: { maxRetries: 1, concurrency: 1, priceOverride: { prices: { input: 1, output: 2 } } } };

		it('still honours them', async () => {
			const result = await generate(['a [[fake:500 times=1]]', 'b'], saved, { typeVersion: 1 });
			expect(result.error).toBeUndefined();
			expect(generateCalls()).toHaveLength(3);
			// The override's $1 in / $2 out per 1M tokens, not the table's $0.30 / $2.50.
			const { usage, cost } = json(result.items[1]) as unknown as { usage: Record<string, number>; cost: IDataObject };
			expect(cost).toMatchObject({ input: usage.promptTokens / 1e6, output: ((usage.outputTokens + usage.thoughtsTokens) * 2) / 1e6 });
		});

		it('at version 1.1 n8n drops them from Options (why 1.1 is a new version, not a new layout of 1)', async () => {
			const result = await generate(['a [[fake:500 times=1]]'], { options: { maxRetries: 0 } });
			expect(result.error).toBeUndefined();
			expect(generateCalls()).toHaveLength(2);
		});
	});

	it('aborts in-flight requests when the execution is cancelled', async () => {
		const started = Date.now();
		const result = await generate(['slow [[fake:delay=5000]]'], {}, { cancelAfterMs: 300 });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(result.run.status).toBe('canceled');
	});
});

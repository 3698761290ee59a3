import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiExtract } from '../../nodes/GeminiExtract/GeminiExtract.node';
import { compileValidator, schemaFromFields, type FieldSpec } from '../../nodes/shared/schema';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode, type RunNodeOptions } from './engine';

/** Gemini Extract executed by n8n's engine against the fake server's structured answers. */

const API_KEY = 'extract-secret-key-5e9a';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const INVOICE_FIELDS: FieldSpec[] = [
	{ name: 'invoiceNumber', type: 'string', required: true },
	{ name: 'total', type: 'number', required: true },
	{ name: 'dueDate', type: 'date' },
	{ name: 'status', type: 'enum', enumValues: 'paid, open, overdue', required: true },
	{ name: 'customer.name', type: 'string', required: true },
	{ name: 'customer.email', type: 'string' },
	{ name: 'lineItems[].description', type: 'string', required: true },
	{ name: 'lineItems[].quantity', type: 'integer', required: true },
];

type Item = IDataObject & { data: IDataObject; attempts: number; usage: IDataObject; cost: IDataObject; warnings: string[] };

async function extract(prompts: string[], parameters: IDataObject = {}, extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new GeminiExtract(),
		parameters: {
			model: 'gemini-2.5-flash',
			prompt: '={{ $json.prompt }}',
			schemaSource: 'fields',
			fields: { field: INVOICE_FIELDS },
			...parameters,
		},
		items: prompts.map((prompt): INodeExecutionData => ({ json: { prompt } })),
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		...extra,
	});
}

const calls = () => fake.requests.filter((r) => r.path.includes(':generateContent'));
const body = (i: number) => calls()[i].body as { contents: Array<{ role: string; parts: IDataObject[] }>; generationConfig: IDataObject; systemInstruction?: { parts: IDataObject[] } };
const invoiceValidator = compileValidator(schemaFromFields(INVOICE_FIELDS));

describe('Gemini Extract in n8n’s execution engine', () => {
	it('sends one JSON Schema from the field list and returns validated data on the first attempt', async () => {
		const result = await extract(['Invoice INV-7 for ACME, 2 widgets, total 40']);
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as Item;
		expect(item.attempts).toBe(1);
		expect(invoiceValidator(item.data)).toEqual({ ok: true, data: item.data });
		expect(item).not.toHaveProperty('text');
		const sent = body(0);
		expect(sent.generationConfig.responseMimeType).toBe('application/json');
		expect(sent.generationConfig.responseJsonSchema).toEqual(schemaFromFields(INVOICE_FIELDS));
		expect(String(sent.systemInstruction?.parts[0].text)).toMatch(/never invent values/);
	});

	it.each(['json-violation', 'json-broken'])(
		'repairs a %s first answer on the second attempt and bills both attempts',
		async (fault) => {
			const result = await extract([`Invoice text [[fake:${fault} times=1]] [[fake:usage prompt=100 output=50 thoughts=0]]`]);
			expect(result.error).toBeUndefined();
			const item = result.items[0].json as Item;
			expect(item.attempts).toBe(2);
			expect(invoiceValidator(item.data).ok).toBe(true);
			// two attempts of 100 prompt + 50 output tokens at standard 2.5 Flash (0.30 / 2.50 per 1M)
			expect(item.usage).toMatchObject({ promptTokens: 200, outputTokens: 100, totalTokens: 300 });
			expect(item.cost).toMatchObject({ input: 0.00006, output: 0.00025, total: 0.00031 });
			const repair = body(1).contents;
			expect(repair.map((c) => c.role)).toEqual(['user', 'model', 'user']);
			expect(String(repair[2].parts[0].text)).toMatch(/previous answer/i);
		},
	);

	it('names the failing field when no attempt matches the schema (Continue On Fail keeps usage)', async () => {
		const result = await extract(
			['Invoice [[fake:json-violation times=9]] [[fake:usage prompt=100 output=50 thoughts=0]]', 'Fine invoice'],
			{ options: { maxAttempts: 2 } },
			{ continueOnFail: true },
		);
		expect(calls()).toHaveLength(3);
		const failed = result.items[0].json as { error: string; details: { partial: IDataObject } };
		expect(failed.error).toMatch(/did not match the schema after 2 attempts: total: expected number, got string/);
		expect(failed.error).toMatch(/\[item 0\]/);
		expect(failed.details.partial).toMatchObject({ attempts: 2, usage: { promptTokens: 200, outputTokens: 100 } });
		expect((failed.details.partial.cost as IDataObject).total).toBe(0.00031);
		expect((result.items[1].json as Item).attempts).toBe(1);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('sends an answer cut at MAX_TOKENS again with twice the output budget, not as a repair', async () => {
		const result = await extract(['Invoice [[fake:json-truncated times=1]] [[fake:usage prompt=100 output=50 thoughts=0]]'], {
			options: { maxOutputTokens: 1000 },
		});
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as Item;
		expect(item.attempts).toBe(2);
		expect([body(0), body(1)].map((b) => b.generationConfig.maxOutputTokens)).toEqual([1000, 2000]);
		expect(body(1).contents.map((c) => c.role)).toEqual(['user']); // the cut answer is not sent back
		expect(item.usage).toMatchObject({ promptTokens: 200, outputTokens: 100 });
		expect(item.cost).toMatchObject({ total: 0.00031 });
		expect(item.warnings.filter((w) => /MAX_TOKENS/.test(w))).toEqual([
			'The answer of attempt 1 was cut off at 1000 output tokens (MAX_TOKENS); attempt 2 allowed 2000.',
		]);
	});

	it('keeps doubling the budget while the JSON does not fit, summing every billed attempt', async () => {
		// The fake cuts its answer at maxOutputTokens × 4 characters; the invoice JSON needs ~70 tokens.
		const result = await extract(['Invoice INV-7'], { options: { maxOutputTokens: 10, maxAttempts: 6 } });
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as Item;
		const budgets = calls().map((c) => (c.body as { generationConfig: IDataObject }).generationConfig.maxOutputTokens);
		expect(budgets.length).toBeGreaterThan(2);
		expect(budgets).toEqual(budgets.map((_b, i) => 10 * 2 ** i));
		expect(item.attempts).toBe(budgets.length);
		expect(invoiceValidator(item.data).ok).toBe(true);
		expect((item.usage.outputTokens as number) > 10 + 20).toBe(true);
	});

	it('caps the budget at the model’s outputTokenLimit, then fails fast with what to change', async () => {
		const result = await extract(
			['Invoice [[fake:json-truncated times=9]] [[fake:usage prompt=100 output=50 thoughts=0]]'],
			{ model: 'gemini-1.5-flash-002', options: { maxOutputTokens: 5000, maxAttempts: 5 } },
			{ continueOnFail: true },
		);
		// gemini-1.5-flash-002 allows 8192 output tokens: 5000, then 8192, then no room to grow.
		expect(calls().map((c) => (c.body as { generationConfig: IDataObject }).generationConfig.maxOutputTokens)).toEqual([5000, 8192]);
		expect(fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/models/gemini-1.5-flash-002'))).toHaveLength(1);
		const failed = result.items[0].json as { error: string; details: { description: string; partial: IDataObject } };
		expect(failed.error).toMatch(/cut off at the output token limit \(finish reason MAX_TOKENS\).*attempt 2 \[item 0\]/);
		expect(failed.details.description).toMatch(/already 8192, the most this model allows \(the model allows 8192\)/);
		expect(failed.details.partial).toMatchObject({ attempts: 2, usage: { promptTokens: 200, outputTokens: 100 } });
		expect(failed.details.partial.cost).toMatchObject({ pricing: { model: 'gemini-1.5-flash-002', known: true } });
	});

	it('fails fast on a cut answer when Max Output Tokens is not set (a retry would be cut the same way)', async () => {
		const result = await extract(['Invoice [[fake:json-truncated times=9]] [[fake:usage prompt=100 output=50 thoughts=0]]'], {}, { continueOnFail: true });
		expect(calls()).toHaveLength(1);
		const failed = result.items[0].json as { error: string; details: { description: string; partial: IDataObject } };
		expect(failed.error).toMatch(/MAX_TOKENS.*after 50 answer tokens, on attempt 1/);
		expect(failed.details.description).toMatch(/Max Output Tokens is not set.*Raise Max Output Tokens if the model allows more \(the model allows 65536\)/);
		expect(failed.details.partial).toMatchObject({ attempts: 1, usage: { promptTokens: 100, outputTokens: 50 }, cost: { total: 0.000155 } });
	});

	const isRepair = (r: { path: string; body: unknown }) =>
		r.path.includes(':generateContent') && (r.body as { contents: unknown[] }).contents.length === 3;
	it.each([
		['a 429', { status: 429, times: 9 }, /Gemini API error 429 RESOURCE_EXHAUSTED/],
		['a dropped connection', { drop: true, times: 9 }, /Gemini request failed/],
		['a timeout', { delayMs: 3000, times: 9 }, /Gemini request failed.*(time|Time)/],
		['a 200 whose body is not JSON', { malformedJson: true, times: 9 }, /JSON/],
	])('keeps the billed first attempt in the error when the repair attempt fails on %s', async (_name, fault, message) => {
		fake.enqueueFault({ ...fault, match: isRepair });
		const result = await extract(
			['Invoice [[fake:json-violation times=1]] [[fake:usage prompt=100 output=50 thoughts=0]]', 'Fine invoice'],
			{ requestOptions: { maxRetries: 0, timeoutSeconds: 1 } },
			{ continueOnFail: true },
		);
		expect(calls().filter(isRepair)).toHaveLength(1);
		const failed = result.items[0].json as { error: string; details: { description: string; partial: IDataObject } };
		expect(failed.error).toMatch(message);
		expect(failed.details.description).toMatch(/Attempt 2 failed after 1 billed attempt; their usage and cost are in the error's details\./);
		expect(failed.details.partial).toMatchObject({
			attempts: 2,
			billedAttempts: 1,
			usage: { promptTokens: 100, outputTokens: 50, totalTokens: 150 },
			cost: { total: 0.000155, pricing: { known: true } }, // 100 × 0.30 / 1e6 + 50 × 2.50 / 1e6
		});
		expect((result.items[1].json as Item).attempts).toBe(1);
	});

	it('reports a warning raised on every attempt once', async () => {
		const result = await extract(['Invoice [[fake:json-violation times=2]]'], { options: { presencePenalty: 0.5 } });
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as Item;
		expect(item.attempts).toBe(3);
		// Attempt 1 is refused and sent again without the penalty; attempts 2 and 3 leave it out from the start.
		const dropped = item.warnings.filter((w) => /Presence Penalty \(0\.5\) dropped/.test(w));
		expect(dropped).toHaveLength(1);
		expect(item.warnings).toEqual([...new Set(item.warnings)]);
	});

	it('fails the node with the failing field named when Continue On Fail is off', async () => {
		const result = await extract(['Invoice [[fake:json-violation times=9]]'], { options: { maxAttempts: 1 } });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/after 1 attempt: total: expected number, got string/);
	});

	it('refuses a JSON Schema Gemini does not accept before any request, naming the parameter', async () => {
		const result = await extract(['x'], {
			schemaSource: 'jsonSchema',
			jsonSchema: JSON.stringify({ type: 'object', properties: { a: { type: 'string', pattern: '^x' } } }),
		});
		expect(result.error?.message).toMatch(/JSON Schema \(jsonSchema\).*"pattern".*\/properties\/a/);
		expect(calls()).toHaveLength(0);
	});

	it('infers the schema from an example', async () => {
		const result = await extract(['Ada, 36, ada@example.com'], {
			schemaSource: 'example',
			example: '{ "name": "Ada", "age": 36, "emails": ["a@b.c"] }',
		});
		const item = result.items[0].json as Item;
		expect(Object.keys(item.data).sort()).toEqual(['age', 'emails', 'name']);
		expect(typeof item.data.age).toBe('number');
		expect((body(0).generationConfig.responseJsonSchema as IDataObject).required).toEqual(['name', 'age', 'emails']);
	});

	it('handles a 50-field list with nesting and arrays of objects, written without JSON', async () => {
		const fields: FieldSpec[] = [];
		for (let g = 0; g < 5; g++) {
			for (let f = 0; f < 4; f++) fields.push({ name: `group${g}.field${f}`, type: f % 2 ? 'number' : 'string', required: true });
			for (let f = 0; f < 4; f++) fields.push({ name: `group${g}.rows[].cell${f}`, type: f === 3 ? 'date' : 'integer', required: f < 2 });
			fields.push({ name: `group${g}.deep.level.flag`, type: 'boolean', required: true });
			fields.push({ name: `group${g}.tags`, type: 'array', itemType: 'enum', enumValues: 'a, b, c' });
		}
		expect(fields).toHaveLength(50);
		const result = await extract(['A long form'], { fields: { field: fields } });
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as Item;
		expect(compileValidator(schemaFromFields(fields))(item.data).ok).toBe(true);
		expect((item.data.group4 as IDataObject).deep).toEqual({ level: { flag: expect.any(Boolean) } });
	});

	it('splits a top-level array into items paired with their source, billing the call once', async () => {
		const result = await extract(['Two people [[fake:usage prompt=100 output=50 thoughts=0]]', 'More people'], {
			schemaSource: 'jsonSchema',
			jsonSchema: JSON.stringify({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }),
			options: { splitArray: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
		const [first, second] = result.items.map((i) => i.json as Item & { element: IDataObject });
		expect(first.element).toEqual({ index: 0, of: 2 });
		expect(typeof first.data.name).toBe('string');
		expect(first.cost).toMatchObject({ total: 0.000155 }); // 100 × 0.30 / 1e6 + 50 × 2.50 / 1e6
		expect(second.cost).toMatchObject({ total: 0 });
		expect(second.usage).toMatchObject({ totalTokens: 0 });
	});

	it('spreads the fields onto the item when asked', async () => {
		const result = await extract(['Invoice'], { options: { output: 'spread' } });
		const item = result.items[0].json as IDataObject;
		expect(item).not.toHaveProperty('data');
		expect(typeof item.invoiceNumber).toBe('string');
		expect(item).toHaveProperty('usage');
		expect(item).toHaveProperty('cost');
	});

	it('extracts from a PDF sent as an inline part', async () => {
		const pdf = Buffer.from('%PDF-1.4 fake invoice');
		const result = await runNode({
			nodeType: new GeminiExtract(),
			parameters: {
				model: 'gemini-2.5-flash',
				prompt: '',
				schemaSource: 'fields',
				fields: { field: INVOICE_FIELDS },
				options: { binaryProperties: 'invoice' },
			},
			items: [{ json: {}, binary: { invoice: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'inv.pdf' } } }],
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		expect(body(0).contents[0].parts).toEqual([{ inlineData: { mimeType: 'application/pdf', data: pdf.toString('base64') } }]);
		expect(invoiceValidator((result.items[0].json as Item).data).ok).toBe(true);
	});
});

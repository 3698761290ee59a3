import type { IBinaryData, IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { GeminiExtract } from '../../nodes/GeminiExtract/GeminiExtract.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { asAnswer, asError, expectNothingLeftOpen, requestsCarrying } from '../faults/harness';
import { runNode } from '../n8n/engine';

/**
 * The bad-input table: two items, item 1 bad through an expression that reads its json, Continue
 * On Fail on. The bad item's error names the parameter (label and path) and the item, item 0 is
 * answered, and nothing of item 1 reaches the API. Two inputs can only be judged by Google and
 * are asserted as such: a well-formed but unknown model ID (Google's 404 names it) and a wrong
 * API key (Google's 400, the key itself nowhere in the output).
 */

const API_KEY = 'bad-input-key-6a1f';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const MODEL = { __rl: true, mode: 'list', value: 'gemini-2.5-flash' };

const binary = (bytes: number, mimeType = 'application/pdf'): IBinaryData => ({
	data: Buffer.alloc(bytes, 0x25).toString('base64'),
	mimeType,
	fileName: 'file.pdf',
});

const VALID_SCHEMA = '{"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}';
const BROKEN_SCHEMA = '{"type": "object", "properties": {"name": {"type": "string"},}}';

interface BadCase {
	name: string;
	node?: INodeType;
	/** Node parameters besides model and prompt (which read `$json.prompt` unless given here). */
	parameters: IDataObject;
	/** json of item 0 (good) and item 1 (bad); `prompt` defaults to `ok zero` / `bad one`. */
	good?: IDataObject;
	bad?: IDataObject;
	goodBinary?: Record<string, IBinaryData>;
	badBinary?: Record<string, IBinaryData>;
	error: string;
	/** What item 0 answers (default `Echo: ok zero`). */
	answer?: string;
}

const generateCases: BadCase[] = [
	...(
		[
			['presencePenalty', 'Presence Penalty', 2.5],
			['presencePenalty', 'Presence Penalty', -3],
			['frequencyPenalty', 'Frequency Penalty', 2.5],
			['frequencyPenalty', 'Frequency Penalty', -3],
		] as const
	).map(
		([option, label, value]): BadCase => ({
			name: `${label} ${value}`,
			parameters: { model: 'gemini-1.5-flash-002', options: { [option]: '={{ $json.v }}' } },
			good: { v: 0.5 },
			bad: { v: value },
			error: `${label} (options.${option}) must be between -2 and 2; got ${value} [item 1]`,
		}),
	),
	{
		name: 'Temperature 3',
		parameters: { options: { temperature: '={{ $json.v }}' } },
		good: { v: 0.7 },
		bad: { v: 3 },
		error: 'Temperature (options.temperature) must be between 0 and 2; got 3 [item 1]',
	},
	{
		name: 'Top P 1.5',
		parameters: { options: { topP: '={{ $json.v }}' } },
		good: { v: 0.9 },
		bad: { v: 1.5 },
		error: 'Top P (options.topP) must be between 0 and 1; got 1.5 [item 1]',
	},
	{
		name: 'Temperature that is not a number',
		parameters: { options: { temperature: '={{ $json.v }}' } },
		good: { v: '0.2' },
		bad: { v: 'warm' },
		error: 'Temperature (options.temperature) must be a number; got "warm" [item 1]',
	},
	{
		name: 'six stop sequences',
		parameters: { options: { stopSequences: '={{ $json.v }}' } },
		good: { v: 'END' },
		bad: { v: 'a,b,c,d,e,f' },
		error: 'Stop Sequences (options.stopSequences) allows at most 5 sequences; got 6 [item 1]',
	},
	{
		name: 'an unknown service tier',
		parameters: { serviceTier: '={{ $json.v }}' },
		good: { v: 'flex' },
		bad: { v: 'cheap' },
		error: 'Service Tier (serviceTier) must be one of standard, flex, priority; got "cheap" [item 1]',
	},
	{
		name: 'a model ID with spaces and a question mark',
		parameters: { model: { __rl: true, mode: 'id', value: '={{ $json.v }}' } },
		good: { v: 'gemini-2.5-flash' },
		bad: { v: 'gemini 2.5 flash?' },
		error: 'Model (model) is not a valid model ID; got "gemini 2.5 flash?" [item 1]',
	},
	{
		name: 'an empty model',
		parameters: { model: { __rl: true, mode: 'id', value: '={{ $json.v }}' } },
		good: { v: 'gemini-2.5-flash' },
		bad: { v: '' },
		error: 'Model (model) must name a Gemini model, e.g. gemini-2.5-flash; got "" [item 1]',
	},
	{
		name: 'an empty prompt without binary data',
		parameters: {},
		bad: { prompt: '   ' },
		error: 'Prompt (prompt) is empty; write a prompt, send binary data (option Binary Properties) or earlier turns (option Messages); got "   " [item 1]',
	},
	{
		name: 'a binary property the item does not have',
		parameters: { options: { binaryProperties: '={{ $json.v }}' } },
		good: { v: 'invoice' },
		bad: { v: 'invoice' },
		goodBinary: { invoice: binary(1000) },
		badBinary: { photo: binary(1000, 'image/png') },
		error: 'Binary Properties (options.binaryProperties) names "invoice", but the item has no such binary field (it has: photo) [item 1]',
	},
	{
		name: 'a File URL that is neither a URL nor a Files API name',
		parameters: { options: { fileUrls: '={{ $json.url }}' } },
		good: { url: 'https://example.com/report.pdf' },
		bad: { url: 'ftp://example.com/report.pdf' },
		error: 'File URLs (options.fileUrls) entry 1 is not an http(s) URL, a gs:// object or a files/… name; got "ftp://example.com/report.pdf" [item 1]',
	},
	{
		name: 'a Files API name that does not exist (expired or deleted)',
		parameters: { options: { fileUrls: '={{ $json.url }}' } },
		good: { url: 'https://example.com/report.pdf' },
		bad: { url: 'files/gone404' },
		error: "File URLs (options.fileUrls) entry 1 names files/gone404, which the Files API does not have (expired after 48 hours, deleted, or another project's) [item 1]",
	},
	{
		// n8n's backend evaluator turns a TypeError in an expression into null (Expression.renderExpression)
		name: 'an expression reading a property of nothing: n8n makes it empty, the node refuses the empty prompt',
		parameters: { prompt: '={{ $json.missing.deeper }}' },
		good: { missing: { deeper: 'ok zero' } },
		bad: {},
		error: 'Prompt (prompt) is empty; write a prompt, send binary data (option Binary Properties) or earlier turns (option Messages); got "" [item 1]',
	},
	{
		name: 'an expression that throws (a node that does not exist): n8n’s own message, for the item',
		parameters: { prompt: "={{ $json.broken ? $('No Such Node').item.json.text : $json.prompt }}" },
		bad: { broken: true },
		error: "Referenced node doesn't exist [item 1]",
	},
];

const extractCases: BadCase[] = [
	{
		name: 'Extract: a JSON Schema with a syntax error',
		node: new GeminiExtract(),
		parameters: { schemaSource: 'jsonSchema', jsonSchema: '={{ $json.schema }}' },
		good: { schema: VALID_SCHEMA },
		bad: { schema: BROKEN_SCHEMA },
		error: 'JSON Schema (jsonSchema) is not valid JSON: unexpected character "}", expected a property name in double quotes at position 61 (line 1, column 62) [item 1]',
	},
	{
		name: 'Extract: a JSON Schema with a keyword Gemini refuses',
		node: new GeminiExtract(),
		parameters: { schemaSource: 'jsonSchema', jsonSchema: '={{ $json.schema }}' },
		good: { schema: VALID_SCHEMA },
		bad: { schema: '{"type": "object", "properties": {"zip": {"type": "string", "pattern": "^[0-9]{5}$"}}}' },
		error: 'JSON Schema (jsonSchema) uses "pattern" at /properties/zip, which Gemini does not accept (describe the format in "description" instead) [item 1]',
	},
];

function itemsFor(c: BadCase): INodeExecutionData[] {
	return [
		{ json: { prompt: 'ok zero', ...c.good }, ...(c.goodBinary ? { binary: c.goodBinary } : {}) },
		{ json: { prompt: 'bad one', ...c.bad }, ...(c.badBinary ? { binary: c.badBinary } : {}) },
	];
}

describe('bad input, refused before any request (2 items, item 1 bad, Continue On Fail)', () => {
	it.each([...generateCases, ...extractCases].map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const started = Date.now();
		const result = await runNode({
			nodeType: c.node ?? new GeminiGenerate(),
			parameters: { model: MODEL, prompt: '={{ $json.prompt }}', ...c.parameters },
			items: itemsFor(c),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
			continueOnFail: true,
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		const failed = asError(result.items[1]);
		expect(Object.keys(failed).sort()).toEqual(['details', 'error']);
		expect(failed.error).toBe(c.error);
		expect(failed.details.itemIndex).toBe(1);
		expect(failed.details.httpCode).toBeUndefined();

		if (c.node instanceof GeminiExtract) {
			expect((result.items[0].json as IDataObject).data).toEqual({ name: 'fake name' });
		} else {
			expect(asAnswer(result.items[0]).text).toBe(c.answer ?? 'Echo: ok zero');
		}
		// only item 0 reached the API
		const calls = fake.requests.filter((request) => request.path.includes(':generateContent'));
		expect(calls).toHaveLength(1);
		expect(requestsCarrying(fake, 'ok zero')).toHaveLength(1);
		expect(requestsCarrying(fake, 'bad one')).toHaveLength(0);
		await expectNothingLeftOpen(fake);
	});
});

describe('bad input only Google can judge', () => {
	it('an unknown but well-formed model ID reaches the API once and gets Google’s 404 naming it', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: { __rl: true, mode: 'id', value: '={{ $json.v }}' }, prompt: '={{ $json.prompt }}' },
			items: [{ json: { prompt: 'ok zero', v: 'gemini-2.5-flash' } }, { json: { prompt: 'bad one', v: 'gemini-9-ultra' } }],
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(asAnswer(result.items[0]).text).toBe('Echo: ok zero');
		const failed = asError(result.items[1]);
		expect(failed.error).toBe(
			'Gemini API error 404 NOT_FOUND: models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods. [item 1]',
		);
		expect(failed.details).toMatchObject({ itemIndex: 1, httpCode: '404', googleStatus: 'NOT_FOUND' });
		// a 404 is not retried
		expect(fake.requests.filter((request) => request.path.includes('models/gemini-9-ultra:generateContent'))).toHaveLength(1);
		await expectNothingLeftOpen(fake);
	});

	it('a wrong API key: Google’s 400 on every item, not retried, the key nowhere in the output', async () => {
		const wrongKey = 'AIzaWrongKeyLooksReal-0123'; // key-shaped, shorter than a real key
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: MODEL, prompt: '={{ $json.prompt }}' },
			items: [{ json: { prompt: 'ok zero' } }, { json: { prompt: 'bad one' } }],
			credentials: { apiKey: wrongKey, baseUrl: fake.url },
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		result.items.forEach((item, index) => {
			const failed = asError(item);
			expect(failed.error).toBe(`Gemini API error 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key. [item ${index}]`);
			expect(failed.details).toMatchObject({ itemIndex: index, httpCode: '400', googleStatus: 'INVALID_ARGUMENT' });
		});
		expect(fake.requests).toHaveLength(2);
		expect(fake.requests.every((request) => request.headers['x-goog-api-key'] === wrongKey)).toBe(true);
		expect(JSON.stringify({ items: result.items, run: result.run.data })).not.toContain(wrongKey);
		await expectNothingLeftOpen(fake);
	});
});

describe('bad input in Gemini Batch (one job for all items: refused as a whole, Continue On Fail)', () => {
	const submit = async (parameters: IDataObject, items: INodeExecutionData[]) =>
		await runNode({
			nodeType: new GeminiBatch(),
			parameters: { model: MODEL, prompt: '={{ $json.prompt }}', operation: 'submit', ...parameters },
			items,
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
			continueOnFail: true,
		});

	it('a bad parameter on item 1 refuses the whole job before any request, naming the parameter and the item', async () => {
		const result = await submit({ options: { temperature: '={{ $json.t }}' } }, [
			{ json: { prompt: 'ok zero', t: 0.5 } },
			{ json: { prompt: 'bad one', t: 3 } },
		]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		const failed = asError(result.items[0]);
		expect(failed.error).toBe('Temperature (options.temperature) must be between 0 and 2; got 3 [item 1]');
		expect(failed.details.itemIndex).toBe(1);
		expect(fake.requests).toHaveLength(0);
	});

	it('a model ID with spaces is refused locally; an unknown well-formed one gets Google’s 404 naming it', async () => {
		const invalid = await submit({ model: { __rl: true, mode: 'id', value: 'gemini 9 ultra?' } }, [
			{ json: { prompt: 'ok zero' } },
			{ json: { prompt: 'bad one' } },
		]);
		expect(asError(invalid.items[0]).error).toBe('Model (model) is not a valid model ID; got "gemini 9 ultra?" [item 0]');
		expect(fake.requests).toHaveLength(0);

		const unknown = await submit({ model: { __rl: true, mode: 'id', value: 'gemini-9-ultra' } }, [
			{ json: { prompt: 'ok zero' } },
			{ json: { prompt: 'bad one' } },
		]);
		expect(unknown.items).toHaveLength(1);
		expect(unknown.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		const failed = asError(unknown.items[0]);
		// a job belongs to no single item: no [item N]
		expect(failed.error).toBe(
			'Gemini API error 404 NOT_FOUND: models/gemini-9-ultra is not found for API version v1beta, or is not supported for batchGenerateContent. Call ListModels to see the list of available models and their supported methods.',
		);
		expect(failed.details).toMatchObject({ itemIndex: null, httpCode: '404', googleStatus: 'NOT_FOUND' });
		expect(fake.requests).toHaveLength(1);
		await expectNothingLeftOpen(fake);
	});
});

import { WorkflowExpression, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { BATCH_TIERS } from '../../nodes/GeminiBatch/submitEncode';
import { parseSettings } from '../../nodes/shared/parameters/settings';
import { buildGenerateRequest } from '../../nodes/shared/request/buildGenerateRequest';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode, type RunNodeOptions } from './engine';

/**
 * Batch Submit reads each item's parameters once, in one pass: an expression is evaluated once per
 * item by n8n's engine, a parameter without one once for the node; Prompt Source "Item Field"
 * reads prompts (and keys) from the items without the engine and builds the same job.
 */

const API_KEY = 'batch-one-pass-key-4e7b';
const PROMPT = '={{ $json.prompt }}';
const KEY = '={{ $json.id }}';
const OPTIONS = { temperature: 0.3, maxOutputTokens: 50, systemInstruction: 'Answer in one line.' };
const SAFETY = { harassment: 'BLOCK_NONE' };

let fake: FakeGemini;
/** Every value n8n's engine was asked to resolve (expressions and plain values), with its item. */
let resolved: Array<{ value: unknown; itemIndex: number }>;
/** Every top-level or nested collection value n8n walked to resolve a parameter. */
let walked: unknown[];

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 60_000, runningMs: 0 } });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => {
	fake.reset();
	resolved = [];
	walked = [];
	const simple = WorkflowExpression.prototype.resolveSimpleParameterValue;
	jest.spyOn(WorkflowExpression.prototype, 'resolveSimpleParameterValue').mockImplementation(function (this: WorkflowExpression, ...args) {
		resolved.push({ value: args[0], itemIndex: args[4] });
		return simple.apply(this, args);
	});
	const walk = WorkflowExpression.prototype.getParameterValue;
	jest.spyOn(WorkflowExpression.prototype, 'getParameterValue').mockImplementation(function (this: WorkflowExpression, ...args) {
		walked.push(args[0]);
		return walk.apply(this, args);
	});
});
afterEach(() => jest.restoreAllMocks());

const ticket = (i: number) => `Ticket ${i}: "cannot sign in" \n since the update 🔒`;
const inputItems = (n: number): INodeExecutionData[] => Array.from({ length: n }, (_, i) => ({ json: { prompt: ticket(i), id: `t-${i}`, t: i / 100 } }));

async function submit(parameters: IDataObject, items: INodeExecutionData[], extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new GeminiBatch(),
		parameters: { operation: 'submit', model: 'gemini-2.5-flash', safetySettings: SAFETY, options: OPTIONS, ...parameters },
		items,
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		...extra,
	});
}

/** The job's inline requests as the fake received them. */
function jobRequests(): Array<{ request: IDataObject; metadata: { key: string } }> {
	const create = fake.requests.find((r) => r.path.includes(':batchGenerateContent'));
	return (create?.body as { batch: { inputConfig: { requests: { requests: Array<{ request: IDataObject; metadata: { key: string } }> } } } }).batch.inputConfig.requests.requests;
}

/** What the request of a prompt must be: built from scratch by the request builder. */
function expectedRequest(prompt: string, options: IDataObject = OPTIONS): unknown {
	const raw = { model: 'gemini-2.5-flash', prompt, serviceTier: 'batch', safetySettings: SAFETY, options, requestOptions: {} };
	return JSON.parse(JSON.stringify(buildGenerateRequest(parseSettings(raw, BATCH_TIERS))));
}

const evaluations = (expression: string) => resolved.filter((r) => r.value === expression);

describe('Gemini Batch Submit reads every parameter once', () => {
	it('evaluates each expression once per item, for that item, and builds each request from it', async () => {
		const result = await submit({ prompt: PROMPT, requestKey: KEY }, inputItems(40));
		expect(result.error).toBeUndefined();
		for (const expression of [PROMPT, KEY]) {
			expect(evaluations(expression).map((r) => r.itemIndex)).toEqual(Array.from({ length: 40 }, (_, i) => i));
		}
		const requests = jobRequests();
		expect(requests.map((r) => r.metadata.key)).toEqual(Array.from({ length: 40 }, (_, i) => `t-${i}`));
		requests.forEach((r, i) => expect(r.request).toEqual(expectedRequest(ticket(i))));
	});

	it('reads parameters without an expression as often for 40 items as for 3: once for the node', async () => {
		const readsOfOptions = async (count: number) => {
			walked = [];
			expect((await submit({ prompt: PROMPT }, inputItems(count))).error).toBeUndefined();
			return { options: walked.filter((value) => value === OPTIONS || (typeof value === 'object' && value !== null && 'maxOutputTokens' in value)).length, safety: walked.filter((value) => typeof value === 'object' && value !== null && 'harassment' in value).length };
		};
		const few = await readsOfOptions(3);
		const many = await readsOfOptions(40);
		expect(many).toEqual(few);
		expect(many.safety).toBe(1);
		// The same generation config, safety settings and system instruction in every request.
		const [first, ...rest] = jobRequests().map(({ request }) => ({ ...request, contents: undefined }));
		for (const request of rest) expect(request).toEqual(first);
	});

	it('an expression inside a collection makes that collection per item, with each item its own value', async () => {
		const options = { ...OPTIONS, temperature: '={{ $json.t }}' };
		const result = await submit({ prompt: PROMPT, options }, inputItems(5));
		expect(result.error).toBeUndefined();
		expect(jobRequests().map(({ request }) => (request.generationConfig as IDataObject).temperature)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
		jobRequests().forEach(({ request }, i) => expect(request).toEqual(expectedRequest(ticket(i), { ...OPTIONS, temperature: i / 100 })));
	});

	it('a blank prompt among others is built or refused exactly as on its own', async () => {
		const items = inputItems(3);
		items[1].json.prompt = '   ';
		const refused = await submit({ prompt: PROMPT }, items);
		expect(refused.error?.message).toMatch(/Prompt \(prompt\) is empty.*\[item 1\]/);
		const messages = JSON.stringify([{ role: 'user', text: 'Earlier question' }, { role: 'model', text: 'Earlier answer' }]);
		const options = { ...OPTIONS, messages };
		expect((await submit({ prompt: PROMPT, options }, items)).error).toBeUndefined();
		jobRequests().forEach(({ request }, i) => expect(request).toEqual(expectedRequest(String(items[i].json.prompt), options)));
		expect((jobRequests()[1].request.contents as unknown[]).length).toBe(2);
	});

	it('the default Request Key is the item index, without the expression engine', async () => {
		const result = await submit({ prompt: PROMPT }, inputItems(4));
		expect(result.error).toBeUndefined();
		expect(jobRequests().map((r) => r.metadata.key)).toEqual(['0', '1', '2', '3']);
		expect(resolved.filter((r) => typeof r.value === 'string' && r.value.includes('$itemIndex'))).toEqual([]);
	});
});

describe('Gemini Batch Submit with Prompt Source "Item Field"', () => {
	it('builds the same job as the expression mode for the same items, without evaluating an expression per item', async () => {
		const items = inputItems(30);
		expect((await submit({ prompt: PROMPT, requestKey: KEY }, items)).error).toBeUndefined();
		const byExpression = jobRequests();
		fake.reset();
		resolved = [];
		expect((await submit({ promptSource: 'field', promptField: 'prompt', keyField: 'id' }, items)).error).toBeUndefined();
		expect(jobRequests()).toEqual(byExpression);
		expect(resolved.filter((r) => typeof r.value === 'string' && r.value.startsWith('='))).toEqual([]);
	});

	it('a missing field fails naming the field and the item before anything is sent', async () => {
		const items = inputItems(6);
		delete items[3].json.prompt;
		const result = await submit({ promptSource: 'field', promptField: 'prompt' }, items);
		expect(result.error?.message).toMatch(/Prompt Field \(promptField\) names "prompt", but the item has no such field \(it has: id, t\) \[item 3\]/);
		expect(fake.requests).toEqual([]);
	});

	it('under Continue On Fail a field that is not text becomes one error item paired with every input', async () => {
		const items = inputItems(4);
		items[2].json.prompt = 42;
		const result = await submit({ promptSource: 'field', promptField: 'prompt' }, items, { continueOnFail: true });
		expect(result.items).toHaveLength(1);
		expect(String(result.items[0].json.error)).toMatch(/Prompt Field \(promptField\) names "prompt", which holds a number on this item; it must hold text \[item 2\]/);
		expect(result.items[0].pairedItem).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(fake.requests.filter((r) => r.path.includes(':batchGenerateContent'))).toEqual([]);
	});

	it('a Key Field takes numbers as keys and refuses duplicates naming the item', async () => {
		const items = inputItems(3).map((item, i) => ({ json: { ...item.json, n: i === 2 ? 0 : i } }));
		const result = await submit({ promptSource: 'field', promptField: 'prompt', keyField: 'n' }, items);
		expect(result.error?.message).toMatch(/Key Field \(keyField\) "0" is used by item 0 too.*\[item 2\]/);
		fake.reset();
		expect((await submit({ promptSource: 'field', promptField: 'prompt', keyField: 'n' }, items.slice(0, 2))).error).toBeUndefined();
		expect(jobRequests().map((r) => r.metadata.key)).toEqual(['0', '1']);
	});

	it('is refused on a tier whose requests are sent now', async () => {
		const result = await submit({ promptSource: 'field', promptField: 'prompt', serviceTier: 'flex' }, inputItems(2));
		expect(result.error?.message).toMatch(/Prompt Source \(promptSource\) "Item Field" works on the Batch tier/);
		expect(fake.requests).toEqual([]);
	});
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EXAMPLE_IDS, demoCredentials, loadExamples } from '../../scripts/n8n/examples';
import { latestExecution, nodeOutput, startN8n, type Execution, type N8nInstance, type WorkflowRecord } from '../../scripts/n8n/harness';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';

/**
 * The example workflows in a real n8n 2.41 (installed once, cached outside the repo), triggered
 * through their production webhooks, with results read back from n8n's execution records.
 * Expected costs are hand-computed from the built-in price table (https://ai.google.dev/gemini-api/docs/pricing).
 */

const API_KEY = 'e2e-secret-key-4c1d';
/** A workflow as saved before Request Options existed: Gemini Generate version 1, everything under Options. */
const saved = (file: string) => JSON.parse(readFileSync(join(__dirname, 'saved-workflows', file), 'utf8')) as WorkflowRecord;
const SAVED_V1 = saved('generate-v1-options.json');
/** Webhook → Gemini Generate (model, prompt and built-in tools from the body) → Respond; and → Write Image to disk. */
const PARTS = saved('tools-and-parts.json');
const IMAGE_TO_DISK = saved('image-to-disk.json');
let fake: FakeGemini;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	n8n = await startN8n({
		credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })],
		workflows: [...loadExamples(), SAVED_V1, PARTS, IMAGE_TO_DISK],
	});
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
}, 60_000);

type Item = Record<string, unknown> & {
	usage: Record<string, number>;
	cost: Record<string, unknown> & { pricing: Record<string, unknown> };
	serviceTier: Record<string, string>;
};


describe('the package in a real n8n', () => {
	it('is loaded: n8n lists our node and credential types with their icons, without load errors', async () => {
		const nodes = (await (await n8n.asOwner('/types/nodes.json')).json()) as Array<Record<string, unknown>>;
		for (const [name, displayName] of [
			['geminiGenerate', 'Gemini Generate'],
			['geminiStream', 'Gemini Stream'],
			['geminiExtract', 'Gemini Extract'],
		]) {
			const node = nodes.find((n) => n.name === `n8n-nodes-gemini-meter.${name}`);
			expect(node?.displayName).toBe(displayName);
			expect(JSON.stringify(node?.iconUrl)).toMatch(/gemini\.svg/);
		}
		const credentials = (await (await n8n.asOwner('/types/credentials.json')).json()) as Array<Record<string, unknown>>;
		const gemini = credentials.find((c) => c.name === 'geminiApi');
		expect(gemini?.displayName).toBe('Gemini API');
		expect(JSON.stringify(gemini?.iconUrl)).toMatch(/gemini\.svg/);
		expect(n8n.logs()).not.toMatch(/Skipping package "n8n-nodes-gemini-meter"|Error loading .*gemini-meter|Unrecognized node type/);
	});

	it('answers the webhook example with usage and cost, as n8n recorded it', async () => {
		const answer = await n8n.callWebhook('gemini-meter/ask', {
			prompt: 'What is a webhook? [[fake:usage prompt=1000 output=200 thoughts=100]]',
			tier: 'priority',
		});
		expect(answer.status).toBe(200);
		const [item] = answer.body as Item[];
		// priority 2.5 Flash: 1000 × 0.54 / 1e6 = 0.00054; (200 + 100) × 4.50 / 1e6 = 0.00135
		expect(item.cost).toMatchObject({ input: 0.00054, output: 0.00135, total: 0.00189, cachedInput: 0 });
		expect(item.serviceTier).toEqual({ requested: 'priority', served: 'priority' });
		expect(item.usage).toMatchObject({ promptTokens: 1000, outputTokens: 200, thoughtsTokens: 100, totalTokens: 1300 });

		const execution = await latestExecution(n8n, EXAMPLE_IDS['ask-gemini-webhook']);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const [recorded] = nodeOutput(execution, 'Gemini Generate');
		expect(recorded.json).toEqual(item);
		expect(recorded.pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(execution)).not.toContain(API_KEY);
	});

	it('bills the tier that was served when Google downgrades Priority', async () => {
		const answer = await n8n.callWebhook('gemini-meter/ask', {
			prompt: 'Hi [[fake:downgrade usage prompt=1000 output=200 thoughts=0]]',
			tier: 'priority',
		});
		const [item] = answer.body as Item[];
		expect(item.serviceTier).toEqual({ requested: 'priority', served: 'standard' });
		expect(item.cost).toMatchObject({ total: 0.0008 }); // standard: 1000 × 0.30 / 1e6 + 200 × 2.50 / 1e6
	});

	it('answers a list item by item, keeps lineage, and isolates a failing item under Continue On Fail', async () => {
		const usage = '[[fake:usage prompt=100 output=20 thoughts=0]]';
		const answer = await n8n.callWebhook('gemini-meter/questions', {
			tier: 'flex',
			questions: [`First? ${usage}`, 'Broken [[fake:403]]', `Third? ${usage}`, `Fourth? ${usage}`],
		});
		expect(answer.status).toBe(200);
		const items = answer.body as Item[];
		expect(items).toHaveLength(4);
		for (const i of [0, 2, 3]) {
			// flex 2.5 Flash: 100 × 0.15 / 1e6 = 0.000015; 20 × 1.25 / 1e6 = 0.000025
			expect(items[i].cost).toMatchObject({ input: 0.000015, output: 0.000025, total: 0.00004 });
			expect(items[i].serviceTier).toEqual({ requested: 'flex', served: 'flex' });
		}
		expect(items[1]).toMatchObject({ error: expect.stringMatching(/403 PERMISSION_DENIED.*\[item 1\]/) });
		expect(items[1]).not.toHaveProperty('cost');

		const execution = await latestExecution(n8n, EXAMPLE_IDS['answer-questions-webhook']);
		expect(execution.status).toBe('success');
		const split = nodeOutput(execution, 'Split Out Questions');
		expect(split).toHaveLength(4);
		const generated = nodeOutput(execution, 'Gemini Generate');
		expect(generated.map((g) => g.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(generated.map((g) => g.json)).toEqual(items);
	});

	it('runs a workflow saved before Request Options existed unchanged, its retries, concurrency and prices applied', async () => {
		const answer = await n8n.callWebhook('gemini-meter/saved-v1', {
			tier: 'standard',
			questions: ['One? [[fake:500 times=1]] [[fake:usage prompt=100 output=20 thoughts=0]]', 'Two? [[fake:usage prompt=100 output=20 thoughts=0]]'],
		});
		expect(answer.status).toBe(200);
		const items = answer.body as Item[];
		// The saved Price Override ($1 in, $2 out per 1M tokens), not the table's price:
		// 100 × 1 / 1e6 = 0.0001; 20 × 2 / 1e6 = 0.00004.
		for (const item of items) expect(item.cost).toMatchObject({ input: 0.0001, output: 0.00004, total: 0.00014 });
		// Max Retries 1 saved under Options: the 500 was retried once.
		expect(fake.requests.filter((r) => r.path.includes(':generateContent') && JSON.stringify(r.body).includes('One?'))).toHaveLength(2);
		const execution = await latestExecution(n8n, SAVED_V1.id as string);
		expect(execution.status).toBe('success');
	});

	it('runs the credential test: succeeds with a good key and fails clearly with a bad one', async () => {
		const test = async (apiKey: string) =>
			await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: '', name: 'Gemini API', type: 'geminiApi', data: { apiKey, baseUrl: fake.url } },
			});
		const good = await test(API_KEY);
		expect(good.body.status).toBe('OK');
		const bad = await test('not-the-right-key');
		expect(bad.body.status).toBe('Error');
		expect(bad.body.message).toMatch(/^400 INVALID_ARGUMENT: API key not valid/);
		expect(bad.body.message).not.toContain('not-the-right-key');
		expect(fake.requests.some((r) => r.path.startsWith('/v1beta/models') && r.headers['x-goog-api-key'] === API_KEY)).toBe(true);
	});
});

describe('Built-in tools and answer parts in a real n8n', () => {
	type PartsItem = Item & {
		warnings: string[];
		finishReason: string;
		finishMessage?: string;
		grounding?: { queries: string[]; sources: Array<{ title: string; uri: string }> };
		codeExecution?: Array<Record<string, string>>;
	};
	const ask = async (body: Record<string, unknown>) => {
		const answer = await n8n.callWebhook('gemini-meter/parts', body);
		expect(answer.status).toBe(200);
		return (answer.body as PartsItem[])[0];
	};

	it('Google Search: the sources with title and URI and the queries on the item', async () => {
		const item = await ask({ prompt: 'Who won the match? [[fake:grounding queries=2]]', tools: ['googleSearch'] });
		expect(item.grounding?.queries).toEqual(['fake query 1', 'fake query 2']);
		expect(item.grounding?.sources).toEqual([
			expect.objectContaining({ title: 'example-1.com', uri: expect.stringMatching(/^https:\/\/vertexaisearch/) }),
			expect.objectContaining({ title: 'example-2.com' }),
		]);
		const sent = fake.requests.filter((r) => r.path.includes(':generateContent')).at(-1)!.body as { tools: unknown };
		expect(sent.tools).toEqual([{ googleSearch: {} }]);
	});

	it('Code Execution: the code and its output', async () => {
		const item = await ask({ prompt: 'What is 6 times 7?', tools: ['codeExecution'] });
		expect(item.codeExecution).toEqual([{ language: 'PYTHON', code: 'print(6 * 7)', outcome: 'OUTCOME_OK', output: '42\n' }]);
	});

	it('MALFORMED_FUNCTION_CALL: a warning and the finish message', async () => {
		const item = await ask({ prompt: 'Book it [[fake:finish=MALFORMED_FUNCTION_CALL]]' });
		expect(item.finishReason).toBe('MALFORMED_FUNCTION_CALL');
		expect(item.finishMessage).toMatch(/^Malformed function call/);
		expect(item.warnings.join(' ')).toContain('MALFORMED_FUNCTION_CALL');
	});

	it('an image answer is binary data the next node writes to disk as a PNG', async () => {
		const path = join(n8n.filesDir, 'cat.png');
		const answer = await n8n.callWebhook('gemini-meter/image', { prompt: 'Draw a cat [[fake:image]]', path });
		expect(answer.status).toBe(200);
		expect([...readFileSync(path).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const execution = await latestExecution(n8n, IMAGE_TO_DISK.id as string);
		expect(execution.status).toBe('success');
		const [generated] = nodeOutput(execution, 'Gemini Generate');
		expect(generated.json).toMatchObject({ media: { images: 1, audio: 0 } });
	});
});

describe('Gemini Generate with an n8n tool in a real n8n', () => {
	it('the model calls the Code tool, gets its result and answers with it; both rounds billed', async () => {
		const answer = await n8n.callWebhook('gemini-meter/tools', { prompt: 'Weather in Paris? [[fake:function-call]] [[fake:usage prompt=100 output=10 thoughts=0]]' });
		expect(answer.status).toBe(200);
		const [item] = answer.body as Array<Item & { text: string; toolCalls: Array<Record<string, unknown>> }>;
		expect(item.toolCalls).toEqual([{ name: 'Weather_Lookup', args: { input: 'fake' }, result: { city: 'fake', sky: 'sunny', celsius: 21 } }]);
		expect(item.text).toBe('Tool results: Weather_Lookup → {"city":"fake","sky":"sunny","celsius":21}');
		// Two rounds of 100 prompt and 10 output tokens: 2.5 Flash standard 200 × 0.30 + 20 × 2.50 = 60 + 50 µ$.
		expect(item.usage).toMatchObject({ promptTokens: 200, outputTokens: 20 });
		expect(item.cost).toMatchObject({ total: 0.00011 });
		const sent = fake.requests.filter((r) => r.path.includes(':generateContent')).slice(-2).map((r) => r.body as { tools: unknown[] });
		expect(sent[0].tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'Weather_Lookup' })] }]);
	});
});

describe('Gemini Stream in a real n8n', () => {
	it('streams the answer to the webhook caller in several chunks, the first long before the end', async () => {
		const words = Array.from({ length: 12 }, (_, i) => `word${i}`).join(' ');
		const streamed = await n8n.streamWebhook('gemini-meter/stream', {
			prompt: `${words} [[fake:chunk-interval=150 usage prompt=1000 output=200 thoughts=0]]`,
			tier: 'flex',
		});
		expect(streamed.status).toBe(200);
		const items = streamed.lines.filter((l) => l.chunk.type === 'item' && l.chunk.metadata?.nodeName === 'Gemini Stream');
		expect(items.length).toBeGreaterThanOrEqual(8);
		expect(items.map((l) => l.chunk.content).join('')).toBe(`Echo: ${words}`);
		// The fake paces its 13 chunks 150 ms apart: the first word arrives long before the end.
		expect(items.at(-1)!.at - items[0].at).toBeGreaterThanOrEqual(1000);
		expect(items[0].at - streamed.startedAt).toBeLessThan(items.at(-1)!.at - streamed.startedAt - 1000);

		const execution = await latestExecution(n8n, EXAMPLE_IDS['stream-webhook']);
		expect(execution.status).toBe('success');
		const [final] = nodeOutput(execution, 'Gemini Stream');
		expect(final.json).toMatchObject({
			text: `Echo: ${words}`,
			serviceTier: { requested: 'flex', served: 'flex' },
			// flex 2.5 Flash: 1000 × 0.15 / 1e6 = 0.00015; 200 × 1.25 / 1e6 = 0.00025
			cost: { input: 0.00015, output: 0.00025, total: 0.0004 },
		});
		expect((final.json as { chunks: number }).chunks).toBeGreaterThanOrEqual(items.length); // events, incl. a final empty one
		// The caller gets the usage and cost with the end chunk, not only n8n's execution record.
		const end = streamed.lines.find((l) => l.chunk.type === 'end' && l.chunk.metadata?.nodeName === 'Gemini Stream');
		expect(JSON.parse(String(end?.chunk.content))).toMatchObject({ usage: { promptTokens: 1000, outputTokens: 200 }, cost: { total: 0.0004 }, finishReason: 'STOP' });
	});
});

describe('Gemini Extract in a real n8n', () => {
	const email = (text: string) => ({
		from: 'Ada Lovelace <ada@example.com>',
		subject: 'Order 1043: two more engines',
		text,
		maxAttempts: 3,
	});

	it('returns data that passes the schema, repairing a broken first answer with both attempts billed', async () => {
		const answer = await n8n.callWebhook('gemini-meter/extract', email(
			'Please add 2 analytical engines to order 1043. [[fake:json-violation times=1]] [[fake:usage prompt=400 output=100 thoughts=0]]',
		));
		expect(answer.status).toBe(200);
		const [item] = answer.body as Array<Record<string, unknown> & { data: Record<string, unknown>; cost: Record<string, unknown> }>;
		expect(item.attempts).toBe(2);
		expect(item.data).toMatchObject({
			sender: { name: expect.any(String) },
			intent: expect.stringMatching(/^(question|complaint|order|cancellation|other)$/),
			urgent: expect.any(Boolean),
		});
		for (const line of item.data.items as Array<Record<string, unknown>>) expect(Number.isInteger(line.quantity)).toBe(true);
		// two flex attempts of 400 + 100 tokens: 800 × 0.15 / 1e6 = 0.00012; 200 × 1.25 / 1e6 = 0.00025
		expect(item.usage).toMatchObject({ promptTokens: 800, outputTokens: 200 });
		expect(item.cost).toMatchObject({ input: 0.00012, output: 0.00025, total: 0.00037 });
	});

	it('names the failing field when the answer cannot be repaired', async () => {
		const answer = await n8n.callWebhook('gemini-meter/extract', { ...email('Broken for good [[fake:json-violation times=99]]'), maxAttempts: 2 });
		const [item] = answer.body as Array<{ error: string; details: { partial: { attempts: number } } }>;
		expect(item.error).toMatch(/did not match the schema after 2 attempts: items\[0\]\.quantity: expected integer, got string/);
		expect(item.details.partial.attempts).toBe(2);
		const execution = await latestExecution(n8n, EXAMPLE_IDS['extract-email-webhook']);
		expect(execution.status).toBe('success'); // Continue On Fail: an error item, not a failed run
	});
});

describe('Gemini Batch and its trigger in a real n8n', () => {
	const usage = '[[fake:usage prompt=1000 output=200 thoughts=0]]';
	let jobName = '';

	it('submits 200 items as one job and returns 200 results paired with their inputs, at the batch price', async () => {
		const prompts = Array.from({ length: 200 }, (_, i) => (i === 42 ? `Broken ${i} [[fake:fail]]` : `Question ${i} ${usage}`));
		const answer = await n8n.callWebhook('gemini-meter/batch', { prompts });
		expect(answer.status).toBe(200);
		const items = answer.body as Array<Record<string, unknown> & { key: string; cost: Record<string, unknown>; batch: Record<string, unknown> }>;
		expect(items).toHaveLength(200);
		for (const [i, item] of items.entries()) {
			if (i === 42) continue;
			expect(item.key).toBe(String(i));
			// batch 2.5 Flash: 1000 × 0.15 / 1e6 + 200 × 1.25 / 1e6
			expect(item.cost).toMatchObject({ input: 0.00015, output: 0.00025, total: 0.0004 });
		}
		expect(items[42]).toMatchObject({ error: expect.stringMatching(/Batch request 42 failed/) });
		jobName = String(items[0].batch.name);

		const execution = await latestExecution(n8n, EXAMPLE_IDS['batch-submit']);
		expect(execution.status).toBe('success');
		const results = nodeOutput(execution, 'Gemini Batch');
		expect(results.map((r) => r.pairedItem)).toEqual(Array.from({ length: 200 }, (_, item) => ({ item })));
	}, 120_000);

	it('starts the trigger workflow when the job has finished, with its results', async () => {
		expect(jobName).toMatch(/^batches\//);
		// The trigger polls every minute (n8n's shortest polling interval).
		const deadline = Date.now() + 150_000;
		let found: Execution | undefined;
		while (!found && Date.now() < deadline) {
			const executions = await n8n.executions(EXAMPLE_IDS['batch-trigger-results']);
			found = executions.find((e) =>
				nodeOutput(e, 'Gemini Batch Trigger').some((item) => (item.json.batch as { name?: string } | undefined)?.name === jobName),

			);
			if (!found) await new Promise((r) => setTimeout(r, 2_000));
		}
		expect(found?.status).toBe('success');
		// Result items carry `batch`; the failed request's error item carries it under `details`.
		const jobOf = (json: Record<string, unknown>) =>
			((json.batch ?? (json.details as { batch?: unknown } | undefined)?.batch) as { name?: string } | undefined)?.name;
		const ofJob = nodeOutput(found!, 'Gemini Batch Trigger').filter((item) => jobOf(item.json) === jobName);
		expect(ofJob).toHaveLength(200);
		expect(ofJob.filter((item) => 'error' in item.json)).toHaveLength(1);
		expect(nodeOutput(found!, 'Use the Results').length).toBeGreaterThanOrEqual(200);
	}, 180_000);
});

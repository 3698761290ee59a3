import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode, type RunNodeOptions } from './engine';

/** Gemini Stream executed by n8n's engine against the fake server's SSE stream. */

const API_KEY = 'stream-secret-key-2b8e';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

type Item = IDataObject & {
	text: string;
	chunks: number;
	timeToFirstTokenMs: number | null;
	usage: IDataObject;
	cost: IDataObject;
	serviceTier: IDataObject;
};

async function stream(prompts: string[], parameters: IDataObject = {}, extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new GeminiStream(),
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', ...parameters },
		items: prompts.map((prompt): INodeExecutionData => ({ json: { prompt } })),
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		...extra,
	});
}

const streamCalls = () => fake.requests.filter((r) => r.path.includes(':streamGenerateContent?alt=sse'));

describe('Gemini Stream in n8n’s execution engine', () => {
	it('collects the streamed answer into contract items with chunks, time to first token, usage and cost', async () => {
		const result = await stream(['one two three four five six [[fake:usage prompt=12 output=40 thoughts=17]]'], {
			serviceTier: 'flex',
		});
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as Item;
		expect(item.text).toBe('Echo: one two three four five six');
		expect(item.chunks).toBeGreaterThan(2);
		expect(typeof item.timeToFirstTokenMs).toBe('number');
		expect(item.serviceTier).toEqual({ requested: 'flex', served: 'flex' });
		// the final chunk's running total, never a sum: 12 × 0.15 / 1e6 + (40 + 17) × 1.25 / 1e6
		expect(item.usage).toMatchObject({ promptTokens: 12, outputTokens: 40, thoughtsTokens: 17, totalTokens: 69 });
		expect(item.cost).toMatchObject({ input: 0.0000018, output: 0.00007125, total: 0.00007305 });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.chunks).toEqual([]); // not a streaming execution
		expect((streamCalls()[0].body as IDataObject).serviceTier).toBe('flex');
	});

	it('streams begin / item… / end per item to a streaming webhook caller, in item order', async () => {
		const result = await stream(['alpha beta gamma delta', 'epsilon zeta eta theta'], {}, { streaming: true });
		expect(result.error).toBeUndefined();
		for (const itemIndex of [0, 1]) {
			const own = result.chunks.filter((c) => c.itemIndex === itemIndex);
			expect(own[0].type).toBe('begin');
			expect(own.at(-1)?.type).toBe('end');
			const deltas = own.filter((c) => c.type === 'item');
			expect(deltas.length).toBeGreaterThan(1);
			expect(deltas.map((c) => c.content).join('')).toBe((result.items[itemIndex].json as Item).text);
		}
		const lastOfFirst = result.chunks.findIndex((c) => c.type === 'end' && c.itemIndex === 0);
		const firstOfSecond = result.chunks.findIndex((c) => c.itemIndex === 1);
		expect(lastOfFirst).toBeLessThan(firstOfSecond);
	});

	it('sends the first words long before a slow answer ends', async () => {
		const result = await stream(['a b c d e f g h i j [[fake:chunk-interval=120]]'], {}, { streaming: true });
		const deltas = result.chunks.filter((c) => c.type === 'item');
		expect(deltas.length).toBeGreaterThanOrEqual(8);
		const end = result.chunks.find((c) => c.type === 'end')!;
		expect(end.at - deltas[0].at).toBeGreaterThanOrEqual(700);
		expect((result.items[0].json as Item).timeToFirstTokenMs).toBeLessThan(300);
	});

	it('reassembles multi-byte text that the server cut mid-character', async () => {
		const result = await stream(['[[fake:multibyte]]'], {}, { streaming: true });
		const item = result.items[0].json as Item;
		expect(item.text).toMatch(/Grüße.*東京.*🚀/su);
		expect(item.text).not.toContain('\uFFFD');
		const deltas = result.chunks.filter((c) => c.type === 'item').map((c) => c.content);
		expect(deltas.join('')).toBe(item.text);
	});

	it('warns when the stream ends without a finish reason', async () => {
		const result = await stream(['one two three four five six [[fake:stream-cut-after=2]]']);
		const item = result.items[0].json as Item & { warnings: string[]; finishReason: string | null };
		expect(result.error).toBeUndefined();
		expect(item.finishReason).toBeNull();
		expect(item.warnings).toContainEqual(expect.stringMatching(/ended without a finish reason/));
		expect(item.chunks).toBe(2);
	});

	it('does not stream when Enable Streaming is off', async () => {
		const result = await stream(['a b c'], { options: { enableStreaming: false } }, { streaming: true });
		expect(result.chunks).toEqual([]);
		expect((result.items[0].json as Item).text).toBe('Echo: a b c');
	});

	it('retries a failure before the first byte', async () => {
		const result = await stream(['a b c [[fake:503 times=1]]'], { requestOptions: { maxRetries: 2 } });
		expect(result.error).toBeUndefined();
		expect(streamCalls()).toHaveLength(2);
	});

	it('keeps the partial text and usage when the stream fails mid-way (Continue On Fail)', async () => {
		const result = await stream(
			['one two three four five six seven eight [[fake:stream-error-after=3]]', 'fine after'],
			{},
			{ continueOnFail: true, streaming: true },
		);
		expect(result.error).toBeUndefined();
		expect(streamCalls()).toHaveLength(2); // no retry once text has been streamed
		const failed = result.items[0].json as { error: string; details: { partial: Item } };
		expect(failed.error).toMatch(/500 INTERNAL.*\[item 0\]/);
		expect(failed.details.partial.text.length).toBeGreaterThan(0);
		expect('Echo: one two three four five six seven eight').toContain(failed.details.partial.text);
		expect(failed.details.partial.chunks).toBe(3);
		expect((failed.details.partial.usage as IDataObject).promptTokens).toBeGreaterThan(0);
		expect(typeof (failed.details.partial.cost as IDataObject).total).toBe('number');
		expect(result.chunks.some((c) => c.type === 'error' && c.itemIndex === 0)).toBe(true);
		expect((result.items[1].json as Item).text).toBe('Echo: fine after');
	});

	it('fails the node with the partial answer described when Continue On Fail is off', async () => {
		const result = await stream(['one two three four five six [[fake:stream-error-after=2]]']);
		expect(result.error?.message).toMatch(/500 INTERNAL.*\[item 0\]/);
		expect(result.error?.description).toMatch(/cut off after 2 chunks/);
	});

	it('aborts the upstream stream when the execution is cancelled', async () => {
		const started = Date.now();
		const result = await stream(['a b c d e f g h i j k l [[fake:chunk-interval=500]]'], {}, { cancelAfterMs: 400 });
		expect(result.run.status).toBe('canceled');
		expect(Date.now() - started).toBeLessThan(3000);
	});
});

/**
 * Gemini Stream reads item 0's parameters while n8n reads the credential. The outcome must be the
 * one of reading them in turn: a bad credential is the node's error whatever the parameters; a bad
 * parameter on item 0 is item 0's error (an error item under Continue On Fail), and nothing is sent.
 */
const TEMPERATURE_ERROR = 'Temperature (options.temperature) must be between 0 and 2; got 3 [item 0]';

async function streamTemperatures(items: Array<{ prompt: string; t: number }>, extra: { continueOnFail?: boolean; priceTable?: string } = {}) {
	return await runNode({
		nodeType: new GeminiStream(),
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { temperature: '={{ $json.t }}' } },
		items: items.map((json): INodeExecutionData => ({ json })),
		credentials: { apiKey: API_KEY, baseUrl: fake.url, ...(extra.priceTable ? { priceTable: extra.priceTable } : {}) },
		continueOnFail: extra.continueOnFail,
		streaming: true,
	});
}

describe('Gemini Stream reading item 0 ahead of the credential', () => {
	it('a bad parameter on item 0 is item 0’s error item under Continue On Fail; item 1 streams', async () => {
		const result = await streamTemperatures([{ prompt: 'bad zero', t: 3 }, { prompt: 'ok one', t: 0.5 }], { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ error: TEMPERATURE_ERROR });
		expect(result.items[1].json).toMatchObject({ text: 'Echo: ok one' });
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(streamCalls()).toHaveLength(1);
		expect(result.chunks.every((chunk) => chunk.itemIndex === 1)).toBe(true);
	});

	it('a bad parameter on item 0 fails the node naming item 0, before any request, without Continue On Fail', async () => {
		const result = await streamTemperatures([{ prompt: 'bad zero', t: 3 }, { prompt: 'ok one', t: 0.5 }]);
		expect(result.error?.message).toBe(TEMPERATURE_ERROR);
		expect(streamCalls()).toHaveLength(0);
	});

	it('a bad credential is the error even when item 0’s parameters are bad too', async () => {
		const good = await streamTemperatures([{ prompt: 'ok zero', t: 0.5 }], { priceTable: '{not json' });
		const both = await streamTemperatures([{ prompt: 'bad zero', t: 3 }], { priceTable: '{not json' });
		expect(good.error?.message).toMatch(/price table/i);
		expect(both.error?.message).toBe(good.error?.message);
		expect(streamCalls()).toHaveLength(0);
	});
});

import type { INodeExecutionData } from 'n8n-workflow';

import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from './engine';

/**
 * Gemini Stream reads item 0's parameters while n8n reads the credential. The outcome must be the
 * one of reading them in turn: a bad credential is the node's error whatever the parameters; a bad
 * parameter on item 0 is item 0's error (an error item under Continue On Fail), and nothing is sent.
 */

const API_KEY = 'stream-ahead-key-40d7';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const TEMPERATURE_ERROR = 'Temperature (options.temperature) must be between 0 and 2; got 3 [item 0]';

async function stream(items: Array<{ prompt: string; t: number }>, extra: { continueOnFail?: boolean; priceTable?: string } = {}) {
	return await runNode({
		nodeType: new GeminiStream(),
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { temperature: '={{ $json.t }}' } },
		items: items.map((json): INodeExecutionData => ({ json })),
		credentials: { apiKey: API_KEY, baseUrl: fake.url, ...(extra.priceTable ? { priceTable: extra.priceTable } : {}) },
		continueOnFail: extra.continueOnFail,
		streaming: true,
	});
}

const streamCalls = () => fake.requests.filter((request) => request.path.includes(':streamGenerateContent'));

describe('Gemini Stream reading item 0 ahead of the credential', () => {
	it('a bad parameter on item 0 is item 0’s error item under Continue On Fail; item 1 streams', async () => {
		const result = await stream([{ prompt: 'bad zero', t: 3 }, { prompt: 'ok one', t: 0.5 }], { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ error: TEMPERATURE_ERROR });
		expect(result.items[1].json).toMatchObject({ text: 'Echo: ok one' });
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(streamCalls()).toHaveLength(1);
		expect(result.chunks.every((chunk) => chunk.itemIndex === 1)).toBe(true);
	});

	it('a bad parameter on item 0 fails the node naming item 0, before any request, without Continue On Fail', async () => {
		const result = await stream([{ prompt: 'bad zero', t: 3 }, { prompt: 'ok one', t: 0.5 }]);
		expect(result.error?.message).toBe(TEMPERATURE_ERROR);
		expect(streamCalls()).toHaveLength(0);
	});

	it('a bad credential is the error even when item 0’s parameters are bad too', async () => {
		const good = await stream([{ prompt: 'ok zero', t: 0.5 }], { priceTable: '{not json' });
		const both = await stream([{ prompt: 'bad zero', t: 3 }], { priceTable: '{not json' });
		expect(good.error?.message).toMatch(/price table/i);
		expect(both.error?.message).toBe(good.error?.message);
		expect(streamCalls()).toHaveLength(0);
	});
});

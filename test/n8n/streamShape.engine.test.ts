import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { parseGenerateResponse } from '../../nodes/shared/response/mapGenerateResponse';
import { close, listen, type TestServer } from '../transport/localServer';
import { runNode } from './engine';

/**
 * Gemini Stream when an event is JSON of the wrong shape: the item fails with the same error a
 * non-streamed answer of that shape gets (the field and what was wrong with it), after the text
 * of the good events went to the caller, and keeps that partial answer.
 */

const GOOD = { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello ' }] }, index: 0 }], usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 1, totalTokenCount: 5 } };

const MALFORMED: Array<[string, unknown]> = [
	['a text that is a number', { candidates: [{ content: { role: 'model', parts: [{ text: 42 }] } }] }],
	['a running total that is a string', { candidates: [{ content: { parts: [{ text: 'world' }] } }], usageMetadata: { totalTokenCount: 'nine' } }],
	['candidates that are an object', { candidates: { first: {} } }],
	['a finish reason that is null', { candidates: [{ content: { parts: [{ text: '!' }] }, finishReason: null }] }],
];

let server: TestServer;
let second: unknown;

beforeAll(async () => {
	server = await listen((req, res) => {
		req.resume();
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		res.end(`data: ${JSON.stringify(GOOD)}\r\n\r\ndata: ${JSON.stringify(second)}\r\n\r\n`);
	});
});
afterAll(async () => await close(server));

/** The message parseGenerateResponse gives the same body (what Gemini Generate would report). */
function shapeError(body: unknown): string {
	try {
		parseGenerateResponse(body);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('the body was accepted');
}

describe('Gemini Stream refuses a malformed event with the field named', () => {
	it.each(MALFORMED)('%s: the item fails with the shape error, the caller got the text before it and an error chunk', async (_, event) => {
		second = event;
		const result = await runNode({
			nodeType: new GeminiStream(),
			parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', requestOptions: { maxRetries: 2 } },
			items: [{ json: { prompt: 'hi' } } as INodeExecutionData],
			credentials: { apiKey: 'shape-key-51c3', baseUrl: server.origin },
			continueOnFail: true,
			streaming: true,
		});
		expect(result.error).toBeUndefined();
		const failed = result.items[0].json as { error: string; details: { partial: IDataObject } };
		expect(shapeError(event)).toMatch(/^Gemini's response did not have the expected shape \(\w[\w.]*: /);
		expect(failed.error).toBe(`Gemini request failed: ${shapeError(event)} [item 0]`);
		expect(failed.details.partial).toMatchObject({ text: 'Hello ', chunks: 1 });
		expect(result.chunks.map((chunk) => [chunk.type, chunk.content ?? null])).toEqual([
			['begin', null],
			['item', 'Hello '],
			['error', expect.stringContaining(shapeError(event))],
		]);
	});
});

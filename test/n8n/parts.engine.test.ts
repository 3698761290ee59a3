import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { GeminiExtract } from '../../nodes/GeminiExtract/GeminiExtract.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode, type RunNodeOptions } from './engine';

/**
 * Built-in tools and everything an answer holds besides text (grounding, code, calls, images,
 * audio, abnormal finishes), through n8n's engine against the fake server's part directives.
 */

const API_KEY = 'parts-secret-key-41d7';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 20, runningMs: 60 } });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

type Item = IDataObject & {
	text: string;
	warnings: string[];
	grounding?: { queries: string[]; sources: Array<{ title: string; uri: string }>; supports: unknown[] };
	codeExecution?: IDataObject[];
	finishMessage?: string;
	media?: IDataObject;
	safety: IDataObject;
};

async function run(nodeType: INodeType, prompt: string, parameters: IDataObject = {}, extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType,
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', ...parameters },
		items: [{ json: { prompt } }] as INodeExecutionData[],
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		...extra,
	});
}

const bodiesOf = (action: string) => fake.requests.filter((r) => r.path.includes(action)).map((r) => r.body as IDataObject);
const pngSignature = [0x89, 0x50, 0x4e, 0x47];

describe('Built-in Tools in n8n’s engine', () => {
	it('Generate with Google Search: the tool on the wire, the queries and every source with title and URI on the item', async () => {
		const result = await run(new GeminiGenerate(), 'Who won? [[fake:grounding queries=2]]', { options: { builtInTools: ['googleSearch'] } });
		expect(result.error).toBeUndefined();
		expect(bodiesOf(':generateContent')[0].tools).toEqual([{ googleSearch: {} }]);
		const item = result.items[0].json as Item;
		expect(item.grounding?.queries).toEqual(['fake query 1', 'fake query 2']);
		expect(item.grounding?.sources).toEqual([
			{ title: 'example-1.com', uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-1', type: 'web' },
			{ title: 'example-2.com', uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-2', type: 'web' },
		]);
		expect(item.grounding?.supports).toHaveLength(1);
		expect(item.warnings).toEqual([]);
	});

	it('Generate with Code Execution: the code and its output, in order', async () => {
		const result = await run(new GeminiGenerate(), 'What is 6 × 7?', { options: { builtInTools: ['codeExecution'] } });
		expect(bodiesOf(':generateContent')[0].tools).toEqual([{ codeExecution: {} }]);
		expect((result.items[0].json as Item).codeExecution).toEqual([{ language: 'PYTHON', code: 'print(6 * 7)', outcome: 'OUTCOME_OK', output: '42\n' }]);
	});

	it('sends the tools from Stream, Extract and Batch too, File Search with its stores', async () => {
		const options = { builtInTools: ['urlContext', 'fileSearch'], fileSearchStoreNames: 'manuals' };
		const wire = [{ urlContext: {} }, { fileSearch: { fileSearchStoreNames: ['fileSearchStores/manuals'] } }];
		await run(new GeminiStream(), 'Read https://example.org/a', { options });
		expect(bodiesOf(':streamGenerateContent')[0].tools).toEqual(wire);
		await run(new GeminiExtract(), 'Invoice 7', { options, schemaSource: 'jsonSchema', jsonSchema: '{"type":"object","properties":{"n":{"type":"integer"}}}' });
		expect(bodiesOf(':generateContent')[0].tools).toEqual(wire);
		await run(new GeminiBatch(), 'Batch me', { operation: 'submit', options });
		const batch = bodiesOf(':batchGenerateContent')[0] as { batch: { inputConfig: { requests: { requests: Array<{ request: IDataObject }> } } } };
		expect(batch.batch.inputConfig.requests.requests[0].request.tools).toEqual(wire);
	});

	it('a tool the model refuses fails with Google’s status and message, not a local guess', async () => {
		const result = await run(new GeminiGenerate(), 'x', { model: 'gemma-3-27b-it', options: { builtInTools: ['googleSearch'] } }, { continueOnFail: true });
		const failed = result.items[0].json as { error: string };
		expect(failed.error).toContain('Search Grounding is not supported.');
		expect(failed.error).toContain('400');
	});

	it('refuses File Search without a store before any request, naming the parameter', async () => {
		const result = await run(new GeminiGenerate(), 'x', { options: { builtInTools: ['fileSearch'] } });
		expect(result.error?.message).toContain('options.fileSearchStoreNames');
		expect(fake.requests.filter((r) => r.path.includes(':generateContent'))).toEqual([]);
	});
});

describe('What an answer holds besides text, on the item', () => {
	it('an image answer arrives as binary data a following node can write, and the item counts it', async () => {
		const result = await run(new GeminiGenerate(), 'Draw a cat [[fake:image=2]]');
		const [output] = result.items;
		expect((output.json as Item).media).toEqual({ images: 2, audio: 0 });
		expect(Object.keys(output.binary ?? {})).toEqual(['data', 'data_1']);
		const image = output.binary!.data;
		expect(image).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: 'image.png' });
		expect([...Buffer.from(image.data, 'base64').subarray(0, 4)]).toEqual(pngSignature);
	});

	it('speech arrives as a WAV file that plays (the raw PCM wrapped, 24 kHz)', async () => {
		const result = await run(new GeminiGenerate(), 'Say hi [[fake:audio]]');
		const audio = result.items[0].binary!.data;
		expect(audio).toMatchObject({ mimeType: 'audio/wav', fileExtension: 'wav' });
		const wav = Buffer.from(audio.data, 'base64');
		expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(wav.readUInt32LE(24)).toBe(24000);
		expect((result.items[0].json as Item).media).toEqual({ images: 0, audio: 1 });
	});

	it('MALFORMED_FUNCTION_CALL: a warning and the finish message, not an empty success', async () => {
		const result = await run(new GeminiGenerate(), 'Call it [[fake:finish=MALFORMED_FUNCTION_CALL]]');
		const item = result.items[0].json as Item;
		expect(item.finishReason).toBe('MALFORMED_FUNCTION_CALL');
		expect(item.finishMessage).toMatch(/^Malformed function call/);
		expect(item.warnings).toEqual([expect.stringContaining('MALFORMED_FUNCTION_CALL')]);
		expect(item.text).toBe('');
	});

	it('a function call the node did not run: functionCalls and a warning', async () => {
		const item = (await run(new GeminiGenerate(), '[[fake:function-call name=lookup]]')).items[0].json as Item;
		expect(item.functionCalls).toEqual([{ name: 'lookup', args: { query: 'fake' } }]);
		expect(item.warnings).toEqual([expect.stringContaining('lookup')]);
	});

	it('IMAGE_SAFETY blocks like SAFETY, with a warning', async () => {
		const item = (await run(new GeminiGenerate(), 'Draw [[fake:finish=IMAGE_SAFETY]]')).items[0].json as Item;
		expect(item.safety).toMatchObject({ blocked: true, blockReason: 'IMAGE_SAFETY' });
		expect(item.warnings[0]).toContain('IMAGE_SAFETY');
	});

	it('MAX_TOKENS tells the user to raise Max Output Tokens', async () => {
		const item = (await run(new GeminiGenerate(), 'a long answer please', { options: { maxOutputTokens: 2 } })).items[0].json as Item;
		expect(item.finishReason).toBe('MAX_TOKENS');
		expect(item.warnings).toEqual([expect.stringMatching(/raise Max Output Tokens/)]);
	});

	it('logprobs with Include Logprobs: asked for on the wire and on the item', async () => {
		const result = await run(new GeminiGenerate(), 'two words', { options: { includeLogprobs: true, topLogprobs: 2 } });
		expect(bodiesOf(':generateContent')[0].generationConfig).toMatchObject({ responseLogprobs: true, logprobs: 2 });
		const logprobs = (result.items[0].json as IDataObject).logprobs as { average: number; chosen: unknown[]; top: unknown[][] };
		expect(logprobs.chosen.length).toBeGreaterThan(0);
		expect(logprobs.top[0]).toHaveLength(2);
	});

	it('URL Context: each URL of the prompt with its retrieval status', async () => {
		const item = (await run(new GeminiGenerate(), 'Summarize https://example.org/post', { options: { builtInTools: ['urlContext'] } })).items[0].json;
		expect(item.urlContext).toEqual([{ url: 'https://example.org/post', status: 'URL_RETRIEVAL_STATUS_SUCCESS' }]);
	});

	it('Batch result items carry the same fields (they share the builder)', async () => {
		const result = await run(new GeminiBatch(), 'Q [[fake:grounding code]]', { operation: 'submitAndWait', options: { pollIntervalSeconds: 0.05, maxWaitMinutes: 1 } });
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as Item;
		expect(item.grounding?.queries).toEqual(['fake query 1']);
		expect(item.codeExecution).toHaveLength(1);
	});

	it('Batch result items with an image carry it as binary data', async () => {
		const result = await run(new GeminiBatch(), 'Draw [[fake:image]]', { operation: 'submitAndWait', options: { pollIntervalSeconds: 0.05, maxWaitMinutes: 1 } });
		expect(result.error).toBeUndefined();
		expect((result.items[0].json as Item).media).toEqual({ images: 1, audio: 0 });
		expect(result.items[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileExtension: 'png' });
	});

	it('Batch at a non-batch tier (sent now) keeps key, batch and the binary data', async () => {
		const result = await run(new GeminiBatch(), 'Draw [[fake:image]]', { operation: 'submit', serviceTier: 'standard' });
		expect(result.items[0].json).toMatchObject({ key: '0', batch: null, media: { images: 1, audio: 0 } });
		expect(result.items[0].binary?.data.mimeType).toBe('image/png');
	});
});

describe('Gemini Stream keeps every part for the final item', () => {
	it('code, grounding and an image in the final item; the raw response is the merged stream', async () => {
		const result = await run(new GeminiStream(), 'one two three four [[fake:code grounding image]]', { options: { includeRawResponse: true } });
		const [output] = result.items;
		const item = output.json as Item & { raw: { candidates: Array<{ content: { parts: IDataObject[] }; groundingMetadata?: unknown }> } };
		expect(item.text).toBe('Echo: one two three four');
		expect(item.codeExecution).toHaveLength(1);
		expect(item.grounding?.sources).toHaveLength(1);
		expect(item.media).toEqual({ images: 1, audio: 0 });
		expect(output.binary?.data.mimeType).toBe('image/png');
		const parts = item.raw.candidates[0].content.parts;
		expect(parts.map((part) => Object.keys(part).find((key) => key !== 'thoughtSignature'))).toEqual(['executableCode', 'codeExecutionResult', 'text', 'inlineData']);
		expect(parts[2].text).toBe('Echo: one two three four');
		expect(item.raw.candidates[0].groundingMetadata).toBeDefined();
	});

	it('a streaming caller gets the usage, cost and sources with the end chunk; the text chunks stay text', async () => {
		const result = await run(new GeminiStream(), 'alpha beta gamma [[fake:grounding usage prompt=12 output=40 thoughts=0]]', {}, { streaming: true });
		const item = result.items[0].json as Item;
		const texts = result.chunks.filter((c) => c.type === 'item').map((c) => c.content);
		expect(texts.join('')).toBe(item.text);
		const end = result.chunks.at(-1)!;
		expect(end.type).toBe('end');
		const summary = JSON.parse(end.content!) as IDataObject;
		expect(summary.usage).toEqual(item.usage);
		expect(summary.cost).toEqual(item.cost);
		expect(summary.finishReason).toBe('STOP');
		expect(summary.sources).toEqual(item.grounding?.sources);
	});

	it('with Usage Chunk Before End, the same summary is also the last text chunk', async () => {
		const result = await run(new GeminiStream(), 'alpha beta', { options: { usageChunk: true } }, { streaming: true });
		const chunks = result.chunks;
		expect(chunks.at(-1)?.type).toBe('end');
		expect(chunks.at(-2)?.type).toBe('item');
		expect(chunks.at(-2)?.content).toBe(chunks.at(-1)?.content);
		expect(JSON.parse(chunks.at(-2)!.content!)).toMatchObject({ cost: (result.items[0].json as Item).cost });
	});
});

describe('Messages: a conversation as turns', () => {
	it('sends an item’s messages as turns before the prompt; the answer follows the last user turn', async () => {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: { model: 'gemini-2.5-flash', prompt: '', options: { messages: '={{ $json.history }}' } },
			items: [{ json: { history: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }, { role: 'user', content: 'And you?' }] } }],
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		const body = bodiesOf(':generateContent')[0] as { contents: IDataObject[]; systemInstruction: IDataObject };
		expect(body.contents).toEqual([
			{ role: 'user', parts: [{ text: 'Hi' }] },
			{ role: 'model', parts: [{ text: 'Hello!' }] },
			{ role: 'user', parts: [{ text: 'And you?' }] },
		]);
		expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
		expect((result.items[0].json as Item).text).toBe('Echo: And you?');
	});
});

import { sseEvents } from '../replay/recordings';
import { FAKE_AUDIO_MIME, FAKE_PNG_BASE64, IMAGE_TOKENS } from './parts';
import { startFakeGemini, type FakeGemini } from './server';
import { call } from './testkit';

/** The fake answers with grounding, code, media, calls and finish reasons when asked (parts.ts). */

let fake: FakeGemini;
beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: 'parts-key' });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

type Candidate = {
	content: { parts: Array<Record<string, unknown>> };
	finishReason?: string;
	finishMessage?: string;
	groundingMetadata?: { webSearchQueries: string[]; groundingChunks: Array<{ web: { uri: string; title: string } }>; groundingSupports: unknown[] };
	urlContextMetadata?: { urlMetadata: Array<{ retrievedUrl: string; urlRetrievalStatus: string }> };
	citationMetadata?: { citationSources: unknown[] };
	logprobsResult?: { chosenCandidates: unknown[]; topCandidates?: Array<{ candidates: unknown[] }> };
	avgLogprobs?: number;
};
type Answer = { candidates: Candidate[]; usageMetadata: Record<string, unknown> };

async function generate(text: string, extra: Record<string, unknown> = {}, model = 'gemini-2.5-flash'): Promise<Answer> {
	const reply = await call(fake, 'POST', `/v1beta/models/${model}:generateContent`, { contents: [{ role: 'user', parts: [{ text }] }], ...extra });
	expect(reply.status).toBe(200);
	return reply.json as unknown as Answer;
}

async function stream(text: string): Promise<Answer[]> {
	const reply = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text }] }] });
	expect(reply.status).toBe(200);
	return sseEvents(reply.text) as unknown as Answer[];
}

describe('fake part directives', () => {
	it('grounding queries=2: two queries, a source each, and a support over the first sentence', async () => {
		const candidate = (await generate('Who won? [[fake:grounding queries=2]]')).candidates[0];
		const grounding = candidate.groundingMetadata!;
		expect(grounding.webSearchQueries).toEqual(['fake query 1', 'fake query 2']);
		expect(grounding.groundingChunks.map((c) => c.web.title)).toEqual(['example-1.com', 'example-2.com']);
		expect(grounding.groundingSupports).toHaveLength(1);
	});

	it('code: executableCode and its result before the text', async () => {
		const parts = (await generate('Compute [[fake:code]]')).candidates[0].content.parts;
		expect(Object.keys(parts[0])).toEqual(['executableCode']);
		expect(parts[1]).toEqual({ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '42\n' } });
		expect(parts[2].text).toContain('Echo: Compute');
	});

	it('image: a PNG after the text, billed as IMAGE output tokens', async () => {
		const answer = await generate('Draw [[fake:image]]');
		expect(answer.candidates[0].content.parts.at(-1)).toEqual({ inlineData: { mimeType: 'image/png', data: FAKE_PNG_BASE64 } });
		expect(answer.usageMetadata.candidatesTokensDetails).toContainEqual({ modality: 'IMAGE', tokenCount: IMAGE_TOKENS });
	});

	it('audio: raw 24 kHz PCM as Gemini TTS sends it', async () => {
		const part = (await generate('Say it [[fake:audio]]')).candidates[0].content.parts.at(-1) as { inlineData: { mimeType: string; data: string } };
		expect(part.inlineData.mimeType).toBe(FAKE_AUDIO_MIME);
		expect(Buffer.from(part.inlineData.data, 'base64').length).toBe(4800);
	});

	it('function-call name=x: only the call, with the finish message Gemini sends', async () => {
		const candidate = (await generate('Weather? [[fake:function-call name=lookup_weather]]')).candidates[0];
		expect(candidate.content.parts).toEqual([{ functionCall: { name: 'lookup_weather', args: { query: 'fake' } } }]);
		expect(candidate.finishMessage).toBe('Model generated function call(s).');
	});

	it('finish=MALFORMED_FUNCTION_CALL: no parts, the finish reason and a finish message', async () => {
		const candidate = (await generate('x [[fake:finish=MALFORMED_FUNCTION_CALL]]')).candidates[0];
		expect(candidate.finishReason).toBe('MALFORMED_FUNCTION_CALL');
		expect(candidate.content.parts).toEqual([]);
		expect(candidate.finishMessage).toMatch(/^Malformed function call/);
	});

	it('url-context and citations: the prompt’s URLs with their status, and a cited source', async () => {
		const candidate = (await generate('Read https://example.org/page [[fake:url-context citations]]')).candidates[0];
		expect(candidate.urlContextMetadata?.urlMetadata).toEqual([{ retrievedUrl: 'https://example.org/page', urlRetrievalStatus: 'URL_RETRIEVAL_STATUS_SUCCESS' }]);
		expect(candidate.citationMetadata?.citationSources).toHaveLength(1);
	});

	it('separate part directives add up', async () => {
		const candidate = (await generate('x [[fake:grounding]] [[fake:code]]')).candidates[0];
		expect(candidate.groundingMetadata).toBeDefined();
		expect(candidate.content.parts[0].executableCode).toBeDefined();
	});

	it('built-in tools in the request bring their parts without a directive', async () => {
		const candidate = (await generate('x', { tools: [{ googleSearch: {} }, { codeExecution: {} }] })).candidates[0];
		expect(candidate.groundingMetadata?.webSearchQueries).toEqual(['fake query 1']);
		expect(candidate.content.parts[0].executableCode).toBeDefined();
	});

	it('logprobs when the request asks for them, with the top N per token', async () => {
		const candidate = (await generate('a b', { generationConfig: { responseLogprobs: true, logprobs: 2 } })).candidates[0];
		expect(candidate.logprobsResult?.chosenCandidates.length).toBeGreaterThan(0);
		expect(candidate.logprobsResult?.topCandidates?.[0].candidates).toHaveLength(2);
		expect(typeof candidate.avgLogprobs).toBe('number');
	});

	it('in a stream: code in the first event, grounding and the image in the last', async () => {
		const events = await stream('Hello there world [[fake:code grounding image]]');
		expect(events.length).toBeGreaterThan(2);
		expect(events[0].candidates[0].content.parts[0].executableCode).toBeDefined();
		const last = events.at(-1)!.candidates[0];
		expect(last.groundingMetadata).toBeDefined();
		expect(last.content.parts.at(-1)?.inlineData).toBeDefined();
		for (const event of events.slice(1, -1)) expect(event.candidates[0].groundingMetadata).toBeUndefined();
	});
});

describe('built-in tools the model refuses', () => {
	it('answers googleSearchRetrieval on a Gemini 2+ model with Google’s 400', async () => {
		const reply = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: 'x' }] }], tools: [{ googleSearchRetrieval: {} }] });
		expect(reply.status).toBe(400);
		expect(JSON.stringify(reply.json)).toContain('please use google_search field instead');
	});

	it('refuses Google Search on Gemma, and an unknown tool field', async () => {
		const gemma = await call(fake, 'POST', '/v1beta/models/gemma-3-27b-it:generateContent', { contents: [{ parts: [{ text: 'x' }] }], tools: [{ googleSearch: {} }] });
		expect(gemma.status).toBe(400);
		const unknown = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: 'x' }] }], tools: [{ webBrowser: {} }] });
		expect(unknown.status).toBe(400);
	});
});

describe('a function-calling conversation', () => {
	const prompt = { role: 'user', parts: [{ text: 'Weather in Paris? [[fake:function-call name=weather rounds=2]]' }] };
	const turn = (model: string, contents: unknown[]) =>
		call(fake, 'POST', `/v1beta/models/${model}:generateContent`, { contents, tools: [{ functionDeclarations: [{ name: 'weather', description: 'w' }] }] });
	const result = (value: unknown) => ({ role: 'user', parts: [{ functionResponse: { name: 'weather', response: { result: value } } }] });

	it('calls for `rounds` turns, then answers with text about the results', async () => {
		const first = (await turn('gemini-2.5-flash', [prompt])).json as unknown as Answer;
		const modelTurn = first.candidates[0].content;
		expect(modelTurn.parts[0].functionCall).toBeDefined();
		const second = (await turn('gemini-2.5-flash', [prompt, modelTurn, result('rain')])).json as unknown as Answer;
		expect(second.candidates[0].content.parts[0].functionCall).toBeDefined();
		const third = (await turn('gemini-2.5-flash', [prompt, modelTurn, result('rain'), second.candidates[0].content, result({ c: 12 })])).json as unknown as Answer;
		expect(third.candidates[0].content.parts).toEqual([{ text: 'Tool results: weather → {"c":12}' }]);
	});

	it('Gemini 3 signs its call and refuses the conversation when the signature is not sent back', async () => {
		const first = (await turn('gemini-3-flash-preview', [prompt])).json as unknown as Answer;
		const modelTurn = first.candidates[0].content as { parts: Array<Record<string, unknown>> };
		expect(typeof modelTurn.parts[0].thoughtSignature).toBe('string');
		const signed = await turn('gemini-3-flash-preview', [prompt, { role: 'model', ...modelTurn }, result('rain')]);
		expect(signed.status).toBe(200);
		const unsigned = await turn('gemini-3-flash-preview', [prompt, { role: 'model', parts: [{ functionCall: modelTurn.parts[0].functionCall }] }, result('rain')]);
		expect(unsigned.status).toBe(400);
		expect(JSON.stringify(unsigned.json)).toContain('missing a thought_signature');
	});
});

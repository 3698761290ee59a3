import type { IDataObject, ILoadOptionsFunctions, INode } from 'n8n-workflow';

import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { outputLimitLookup } from '../../nodes/shared/execution/outputBudget';
import { searchModels } from '../../nodes/shared/methods/listSearch';
import type { GeminiSettings } from '../../nodes/shared/parameters/settings';
import { DEFAULT_RETRY_SETTINGS, GeminiClient } from '../../nodes/shared/transport';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from '../n8n/engine';
import { loadRecordings, sseEvents, type Recording } from './recordings';
import { startReplayServer, type ReplayServer } from './replayServer';

/**
 * Real Gemini API answers (test/fixtures/gemini-recordings, each with its public source) replayed
 * through the nodes in n8n's engine: our mapping, usage and cost must handle every one of them,
 * and the fake server used everywhere else must answer in the same shape, so it cannot drift
 * from the real wire.
 */

const API_KEY = 'replay-secret-key-31c8';
const recordings = loadRecordings();
const byKind = (kind: Recording['kind']) => recordings.filter((r) => r.kind === kind).map((r) => [r.name, r] as const);

/**
 * Cost of each recording by hand from its usage and PRICE_TABLE (USD per 1M tokens; thinking
 * tokens at the output price, tool-use prompt tokens at the input price, cached tokens at the
 * cache-read price). null: our table does not price it, so the cost must be unknown.
 */
const HAND_COST: Record<string, number | null> = {
	// gemini-2.5-flash standard: 7 × 0.30 + (157 + 41) × 2.50 = 2.1 + 495 µ$
	'js-genai-generate-max-tokens': 0.0004971,
	// gemini-2.5-flash standard: (12 − 4 cached + 65 tool use) × 0.30 + 4 × 0.03 + (71 + 89) × 2.50 = 21.9 + 0.12 + 400 µ$
	'vercel-google-usage-raw-live-stream': 0.00042202,
	// gemini-3-pro-preview (deprecated, kept in the table) standard: 9 × 2.00 + (28 + 244) × 12.00 = 18 + 3264 µ$
	'vercel-google-text': 0.003282,
	// 9 × 2.00 + (29 + 282) × 12.00 = 18 + 3732 µ$
	'vercel-google-reasoning': 0.00375,
	// usage of the last event: 9 × 2.00 + (23 + 185) × 12.00 = 18 + 2496 µ$
	'vercel-google-text-stream': 0.002514,
	// 1.5 Flash has no cache-read price in the table, and 323,383 tokens came from the cache.
	'cookbook-generate-cached-content': null,
	// gemini-3.7-flash, a blocked prompt of 9 tokens, priced when the test runs (the nodes price a
	// call at its own time): 9 × 0.75 = 6.75 µ$ through 2026-12-31, 9 × 1.50 = 13.5 µ$ from 2027-01-01.
	'vercel-prompt-block': Date.now() < Date.parse('2027-01-01') ? 0.00000675 : 0.0000135,
	// gemini-2.5-flash standard: 8 × 0.30 + 64 × 2.50 = 2.4 + 160 µ$, plus one grounded prompt at
	// $35 per 1,000 (cost.tools, the paid rate) = 35,000 µ$
	'cookbook-google-search-grounding': 0.0351624,
	// gemini-3-flash-preview standard: (23 + 289 tool use) × 0.50 + 35 × 3.00 = 156 + 105 µ$
	'vercel-google-code-execution': 0.000261,
	// gemini-3-pro-preview standard: 29 × 2.00 + (15 + 893 thinking) × 12.00 = 58 + 10,896 µ$
	'vercel-google-tool-call': 0.010954,
	// gemini-3.1-flash-image: 10 × 0.50 + (1392 − 1120 image) × 3.00 + 1120 image × 60.00 = 5 + 816 + 67,200 µ$
	'vercel-google-image': 0.068021,
	// gemini-3.1-flash-image-preview, no image made: 9 × 0.50 = 4.5 µ$
	'vercel-google-image-no-image': 0.0000045,
};

interface WireUsage {
	promptTokenCount?: number;
	cachedContentTokenCount?: number;
	candidatesTokenCount?: number;
	thoughtsTokenCount?: number;
	toolUsePromptTokenCount?: number;
	totalTokenCount?: number;
}
interface WireBody {
	candidates: Array<Record<string, unknown>>;
}
interface WireResponse {
	candidates?: Array<{ content?: { parts?: Array<{ text?: string; thought?: boolean }> }; finishReason?: string }>;
	usageMetadata?: WireUsage;
	modelVersion?: string;
	responseId?: string;
}

const answerText = (responses: WireResponse[]) =>
	responses
		.flatMap((r) => r.candidates?.[0]?.content?.parts ?? [])
		.filter((part) => !part.thought)
		.map((part) => part.text ?? '')
		.join('');

function expectedUsage(usage: WireUsage = {}) {
	return {
		promptTokens: usage.promptTokenCount ?? 0,
		cachedTokens: usage.cachedContentTokenCount ?? 0,
		outputTokens: usage.candidatesTokenCount ?? 0,
		thoughtsTokens: usage.thoughtsTokenCount ?? 0,
		toolUsePromptTokens: usage.toolUsePromptTokenCount ?? 0,
		totalTokens: usage.totalTokenCount ?? 0,
	};
}

function expectCost(name: string, cost: IDataObject) {
	expect(Object.keys(HAND_COST)).toContain(name);
	const expected = HAND_COST[name];
	expect(cost.total).toBe(expected);
	expect((cost.pricing as IDataObject).known).toBe(expected !== null);
}

let replay: ReplayServer;
beforeAll(async () => {
	replay = await startReplayServer(API_KEY);
});
afterAll(async () => {
	await replay.close();
});

async function runRecording(recording: Recording, continueOnFail = false) {
	replay.play(recording);
	const nodeType = recording.kind === 'stream' ? new GeminiStream() : new GeminiGenerate();
	const result = await runNode({
		nodeType,
		parameters: { model: recording.model, prompt: 'Replay', requestOptions: { maxRetries: 0 } },
		items: [{ json: {} }],
		credentials: { apiKey: API_KEY, baseUrl: replay.url },
		continueOnFail,
	});
	expect(replay.requests).toHaveLength(1);
	return result;
}

describe('recorded real Gemini answers through the nodes', () => {
	it('has recordings of every kind, each with its public source', () => {
		expect(byKind('generate').length).toBeGreaterThanOrEqual(3);
		expect(byKind('stream').length).toBeGreaterThanOrEqual(1);
		expect(byKind('error').length).toBeGreaterThanOrEqual(1);
		expect(byKind('countTokens').length + byKind('model').length + byKind('models').length).toBeGreaterThanOrEqual(3);
		for (const { source } of recordings) {
			expect(source.url).toMatch(/^https:\/\//);
			// A repository file is pinned to its commit; a web page is named by its URL.
			if (source.repository !== undefined) {
				expect(source.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
				expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
				expect(source.url).toContain(source.commit);
			}
		}
		// No API key in any recording (Google keys start with AIza).
		expect(JSON.stringify(recordings)).not.toMatch(/AIza[0-9A-Za-z_-]{20,}/);
	});

	it.each(byKind('generate'))('Gemini Generate maps %s: text, finish reason, model version, usage, cost', async (name, recording) => {
		const result = await runRecording(recording);
		expect(result.error).toBeUndefined();
		const item = result.items[0].json;
		const body = recording.body as WireResponse;
		expect(item.text).toBe(answerText([body]));
		expect(item.finishReason).toBe(body.candidates?.[0]?.finishReason ?? null);
		expect(item.modelVersion).toBe(body.modelVersion ?? null);
		expect(item.responseId).toBe(body.responseId ?? null);
		expect(item.usage).toEqual(expectedUsage(body.usageMetadata));
		expectCost(name, item.cost as IDataObject);
	});

	it('keeps the Google Search grounding of a recorded answer: queries and every source with title and URI', async () => {
		const recording = recordings.find((r) => r.name === 'cookbook-google-search-grounding')!;
		const item = (await runRecording(recording)).items[0].json as IDataObject & { grounding: { queries: string[]; sources: IDataObject[] } };
		const chunks = ((recording.body as unknown as WireBody).candidates[0].groundingMetadata as { groundingChunks: Array<{ web: IDataObject }> }).groundingChunks;
		expect(item.grounding.queries).toEqual(['current Google stock price']);
		expect(item.grounding.sources).toEqual(chunks.map(({ web }) => ({ title: web.title, uri: web.uri, type: 'web' })));
		expect(Object.keys(item).indexOf('grounding')).toBeGreaterThan(Object.keys(item).indexOf('warnings'));
	});

	it('keeps the code and both results of a recorded code execution answer', async () => {
		const item = (await runRecording(recordings.find((r) => r.name === 'vercel-google-code-execution')!)).items[0].json;
		expect(item.codeExecution).toEqual([
			expect.objectContaining({ language: 'PYTHON', outcome: 'OUTCOME_OK', output: 'ok\n' }),
			expect.objectContaining({ language: 'PYTHON', outcome: 'OUTCOME_FAILED' }),
		]);
	});

	it('turns a recorded function call into functionCalls, finishMessage and a warning instead of an empty success', async () => {
		const item = (await runRecording(recordings.find((r) => r.name === 'vercel-google-tool-call')!)).items[0].json;
		expect(item.text).toBe('');
		expect(item.functionCalls).toEqual([{ name: 'weather', args: { location: 'San Francisco' } }]);
		expect(item.finishMessage).toBe('Model generated function call(s).');
		expect(item.warnings).toEqual([expect.stringContaining('weather')]);
	});

	it('gives a recorded image answer as binary data, and a NO_IMAGE answer a warning', async () => {
		const image = (await runRecording(recordings.find((r) => r.name === 'vercel-google-image')!)).items[0];
		expect(image.json.media).toEqual({ images: 1, audio: 0 });
		expect(image.binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileExtension: 'jpg' });
		const none = (await runRecording(recordings.find((r) => r.name === 'vercel-google-image-no-image')!)).items[0];
		expect(none.binary).toBeUndefined();
		expect(none.json.warnings).toEqual([expect.stringContaining('NO_IMAGE')]);
	});

	it.each(byKind('stream'))('Gemini Stream maps %s: text of all events, usage of the last', async (name, recording) => {
		const result = await runRecording(recording);
		expect(result.error).toBeUndefined();
		const item = result.items[0].json;
		const events = sseEvents(recording.sse!) as WireResponse[];
		const last = events[events.length - 1];
		expect(item.text).toBe(answerText(events));
		expect(item.finishReason).toBe(last.candidates?.[0]?.finishReason ?? null);
		expect(item.modelVersion).toBe(last.modelVersion ?? null);
		expect(item.usage).toEqual(expectedUsage(last.usageMetadata));
		expectCost(name, item.cost as IDataObject);
	});

	it.each(byKind('error'))('keeps Google’s status and message of %s in the error item', async (_name, recording) => {
		const result = await runRecording(recording, true);
		const failed = result.items[0].json as { error: string; details: IDataObject };
		const { error } = recording.body as { error: { code: number; message: string; status: string } };
		expect(failed.error).toContain(error.message);
		expect(failed.error).toContain(`${error.code} ${error.status}`);
		expect(failed.details).toMatchObject({ httpCode: String(recording.status), googleStatus: error.status });
	});
});

describe('the recorded model catalogue through our code', () => {
	it.each(byKind('models'))('the model picker lists the generative models of %s', async (_name, recording) => {
		replay.play(recording);
		const node = { name: 'Gemini Generate', type: 'n8n-nodes-gemini-meter.geminiGenerate' } as INode;
		const ctx = { getCredentials: async () => ({ apiKey: API_KEY, baseUrl: replay.url }), getNode: () => node } as unknown as ILoadOptionsFunctions;
		const page = await searchModels.call(ctx);
		const models = (recording.body as { models: Array<{ name: string; supportedGenerationMethods: string[] }> }).models;
		const generative = models.filter((m) => m.supportedGenerationMethods.includes('generateContent')).map((m) => m.name.slice('models/'.length));
		expect(generative.length).toBeGreaterThan(0);
		expect(page.results.map((r) => r.value)).toEqual(generative);
		expect(page.paginationToken).toBeUndefined();
	});

	it.each(byKind('model'))('Extract’s output budget reads outputTokenLimit from %s', async (_name, recording) => {
		replay.play(recording);
		const lookup = outputLimitLookup(new GeminiClient({ apiKey: API_KEY, baseUrl: replay.url }));
		const settings = { modelPath: `models/${recording.model}`, retry: { ...DEFAULT_RETRY_SETTINGS, maxRetries: 0 }, timeoutMs: 10_000 } as GeminiSettings;
		expect(await lookup(settings, new AbortController().signal)).toBe((recording.body as { outputTokenLimit: number }).outputTokenLimit);
		expect(replay.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1beta/models/${recording.model}`]);
	});
});

describe('the fake server answers in the shape of the real API', () => {
	let fake: FakeGemini;
	beforeAll(async () => {
		fake = await startFakeGemini({ apiKey: API_KEY });
	});
	afterAll(async () => {
		await fake.close();
	});

	/** Ask the fake for the same usage the recording reports, so zero-omitted fields line up. */
	async function fakeAnswer(recording: WireResponse, stream: boolean): Promise<WireResponse[]> {
		const u = recording.usageMetadata ?? {};
		const directive = `[[fake:usage prompt=${u.promptTokenCount ?? 0} output=${u.candidatesTokenCount ?? 0} thoughts=${u.thoughtsTokenCount ?? 0} cached=${u.cachedContentTokenCount ?? 0} toolUse=${u.toolUsePromptTokenCount ?? 0}]]${partDirectives(recording)}`;
		const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
		const cached = u.cachedContentTokenCount ? { cachedContent: 'cachedContents/replay' } : {};
		// The fake's model of the same generation (Gemini 3 signs its answers, 2.5 does not).
		const model = recording.modelVersion?.startsWith('gemini-3') ? 'gemini-3.1-pro-preview' : 'gemini-2.5-flash';
		const response = await fetch(`${fake.url}/v1beta/models/${model}:${action}`, {
			method: 'POST',
			headers: { 'x-goog-api-key': API_KEY, 'content-type': 'application/json' },
			body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `Hello ${directive}` }] }], ...cached }),
		});
		expect(response.status).toBe(200);
		return stream ? (sseEvents(await response.text()) as WireResponse[]) : [(await response.json()) as WireResponse];
	}

	/** Ask the fake for the parts the recording has (grounding, code, calls, images, its finish reason). */
	function partDirectives(recording: WireResponse): string {
		const candidate = (recording.candidates?.[0] ?? {}) as Record<string, unknown> & { content?: { parts?: Array<Record<string, unknown>> } };
		const parts = candidate.content?.parts ?? [];
		const tokens: string[] = [];
		if (candidate.groundingMetadata) tokens.push('grounding');
		if (parts.some((part) => part.executableCode)) tokens.push('code');
		const call = parts.find((part) => part.functionCall)?.functionCall as { name: string } | undefined;
		if (call) tokens.push(`function-call name=${call.name}`);
		if (parts.some((part) => (part.inlineData as { mimeType?: string } | undefined)?.mimeType?.startsWith('image/'))) tokens.push('image');
		const finish = candidate.finishReason as string | undefined;
		if (finish && finish !== 'STOP' && finish !== 'MAX_TOKENS') tokens.push(`finish=${finish}`);
		return tokens.length ? ` [[fake:${tokens.join(' ')}]]` : '';
	}

	const keys = (value: object | undefined) => Object.keys(value ?? {}).sort();
	const missing = (real: object | undefined, fake: object | undefined) => keys(real).filter((key) => !keys(fake).includes(key));

	// Answers of today's API (with modelVersion) that carry a candidate: the shape the fake imitates.
	const answered = recordings.filter((r) => r.kind !== 'error').flatMap((r) =>
		(r.kind === 'stream' ? (sseEvents(r.sse!) as WireResponse[]) : [r.body as WireResponse])
			.filter((response) => response.modelVersion !== undefined && response.candidates !== undefined)
			.map((response, index) => [`${r.name} #${index}`, response, r.kind === 'stream'] as const),
	);

	it('covers recordings of both generateContent and the SSE stream', () => {
		expect(answered.filter(([, , stream]) => stream).length).toBeGreaterThan(0);
		expect(answered.filter(([, , stream]) => !stream).length).toBeGreaterThan(0);
	});

	const lastPart = (response: WireResponse) => response.candidates?.[0]?.content?.parts?.at(-1);

	it.each(answered)('every key of %s appears in the fake’s answer (top level, candidate, part, usageMetadata)', async (_name, real, stream) => {
		const answers = await fakeAnswer(real, stream);
		const fakeLast = answers[answers.length - 1];
		// A real stream event is compared with the fake's final event, which carries all fields.
		expect(missing(real, fakeLast)).toEqual([]);
		expect(missing(real.candidates?.[0], fakeLast.candidates?.[0])).toEqual([]);
		expect(missing(lastPart(real), lastPart(fakeLast))).toEqual([]);
		expect(missing(real.usageMetadata, fakeLast.usageMetadata)).toEqual([]);
	});

	async function fakeGet(path: string, body?: unknown): Promise<Record<string, unknown>> {
		const response = await fetch(`${fake.url}/v1beta/${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { 'x-goog-api-key': API_KEY, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		expect(response.status).toBe(200);
		return (await response.json()) as Record<string, unknown>;
	}

	it.each(byKind('countTokens'))('every key of %s appears in the fake’s countTokens answer', async (_name, recording) => {
		const fakeCount = await fakeGet('models/gemini-2.5-flash:countTokens', { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] });
		expect(missing(recording.body, fakeCount)).toEqual([]);
	});

	it.each([...byKind('model'), ...byKind('models')])('every key of %s appears in the fake’s model resources', async (_name, recording) => {
		const body = recording.body as { models?: Array<Record<string, unknown>> } & Record<string, unknown>;
		const fakeList = (await fakeGet('models')) as { models: Array<Record<string, unknown>> };
		expect(missing(body.models ? { models: [] } : {}, fakeList)).toEqual([]);
		const fakeModel = await fakeGet('models/gemini-2.5-flash');
		// A generative model of the recording against the fake's: the same fields describe it.
		const realModel = body.models?.find((m) => (m.supportedGenerationMethods as string[]).includes('generateContent')) ?? body;
		expect(missing(realModel, fakeModel)).toEqual([]);
	});

	it('gives usage-only stream events the usageMetadata keys of the real one', async () => {
		const realUsage = recordings
			.filter((r) => r.kind === 'stream')
			.flatMap((r) => sseEvents(r.sse!) as WireResponse[])
			.filter((event) => event.candidates === undefined && event.usageMetadata !== undefined);
		expect(realUsage.length).toBeGreaterThan(0);
		for (const event of realUsage) {
			const answers = await fakeAnswer(event, true);
			const fakeUsage = answers[answers.length - 1].usageMetadata as Record<string, unknown>;
			// serviceTier is only written when the request names a tier; the rest must be there.
			expect(missing(event.usageMetadata, fakeUsage).filter((key) => key !== 'serviceTier')).toEqual([]);
		}
	});
});

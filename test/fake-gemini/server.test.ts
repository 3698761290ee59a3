import { request as httpRequest } from 'node:http';
import type { GoogleErrorBody } from './errors';
import type { WireModel } from './models';
import { startFakeGemini } from './server';
import type { FakeGemini } from './server';
import type { Candidate, GenerateContentResponse, UsageMetadata } from './types';

type Body = Partial<GenerateContentResponse> &
	Partial<GoogleErrorBody> & { models?: WireModel[]; nextPageToken?: string; [key: string]: unknown };

interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: Body;
}

const candidate = (body: Body): Candidate => {
	expect(body.candidates).toHaveLength(1);
	return (body.candidates as Candidate[])[0];
};
const usageOf = (body: Body): UsageMetadata => body.usageMetadata as UsageMetadata;
const errorOf = (body: Body): GoogleErrorBody['error'] => body.error as GoogleErrorBody['error'];
const textOf = (body: Body, index = 0): string | undefined => candidate(body).content.parts[index].text;
const num = (value: number | undefined): number => value ?? 0;

let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ port: 0 });
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => fake.reset());

async function call(
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = { 'x-goog-api-key': 'fake-gemini-key' },
): Promise<Reply> {
	const response = await fetch(`${fake.url}/v1beta/${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let json: Reply['json'] = {};
	try {
		json = JSON.parse(text) as Reply['json'];
	} catch {
		// SSE and HTML bodies are checked through `text`.
	}
	return { status: response.status, headers: response.headers, text, json };
}

const user = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	contents: [{ role: 'user', parts: [{ text }] }],
	...extra,
});

const generate = (model: string, body: unknown): Promise<Reply> => call('POST', `models/${model}:generateContent`, body);

function sseEvents(text: string): Body[] {
	expect(text.endsWith('\r\n\r\n')).toBe(true);
	const frames = text.split('\r\n\r\n').slice(0, -1);
	for (const frame of frames) {
		expect(frame.startsWith('data: ')).toBe(true);
		expect(frame).not.toMatch(/\n|^event:|^id:/);
	}
	expect(text).not.toContain('[DONE]');
	return frames.map((frame) => JSON.parse(frame.slice('data: '.length)) as Body);
}

describe('server basics', () => {
	it('listens on a free port and exposes its url and key', () => {
		expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(fake.apiKey).toBe('fake-gemini-key');
	});

	it('records requests with headers; the key travels only in x-goog-api-key', async () => {
		await generate('gemini-2.5-flash', user('hi', { serviceTier: 'flex', generationConfig: { temperature: 0.2 } }));
		expect(fake.requests).toHaveLength(1);
		const [recorded] = fake.requests;
		expect(recorded.method).toBe('POST');
		expect(recorded.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
		expect(recorded.path).not.toContain('key=');
		expect(recorded.headers['x-goog-api-key']).toBe('fake-gemini-key');
		expect(recorded.body).toEqual(user('hi', { serviceTier: 'flex', generationConfig: { temperature: 0.2 } }));
		expect(typeof recorded.time).toBe('number');
	});
});

describe('auth', () => {
	const expected = {
		error: {
			code: 400,
			message: 'API key not valid. Please pass a valid API key.',
			status: 'INVALID_ARGUMENT',
			details: [
				{
					'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
					reason: 'API_KEY_INVALID',
					domain: 'googleapis.com',
					metadata: { service: 'generativelanguage.googleapis.com' },
				},
			],
		},
	};

	it('refuses a wrong key with the real body', async () => {
		const reply = await call('POST', 'models/gemini-2.5-flash:generateContent', user('hi'), { 'x-goog-api-key': 'nope' });
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual(expected);
	});

	it('refuses a missing key', async () => {
		const reply = await call('GET', 'models', undefined, {});
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual(expected);
	});

	it('refuses a key= query parameter even with a good header', async () => {
		const reply = await call('GET', 'models?key=fake-gemini-key');
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual(expected);
	});
});

describe('models', () => {
	it('paginates with pageSize and nextPageToken', async () => {
		const names: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const reply = await call('GET', `models?pageSize=4${token ? `&pageToken=${token}` : ''}`);
			expect(reply.status).toBe(200);
			const models = reply.json.models ?? [];
			expect(models.length).toBeLessThanOrEqual(4);
			names.push(...models.map((model) => model.name));
			token = reply.json.nextPageToken;
			pages += 1;
		} while (token);
		expect(pages).toBeGreaterThan(2);
		expect(new Set(names).size).toBe(names.length);
		const all = await call('GET', 'models');
		expect(all.json.nextPageToken).toBeUndefined();
		expect((all.json.models ?? []).map((model) => model.name)).toEqual(names);
		for (const id of ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3.1-pro-preview', 'gemini-1.5-flash-002', 'gemini-embedding-001', 'gemini-fake-experimental']) {
			expect(names).toContain(`models/${id}`);
		}
	});

	it('gets one model, 404 otherwise', async () => {
		const flash = await call('GET', 'models/gemini-2.5-flash');
		expect(flash.json).toMatchObject({
			name: 'models/gemini-2.5-flash',
			baseModelId: 'gemini-2.5-flash',
			inputTokenLimit: 1048576,
			outputTokenLimit: 65536,
			thinking: true,
		});
		expect(flash.json.supportedGenerationMethods).toContain('generateContent');
		const embedding = await call('GET', 'models/gemini-embedding-001');
		expect(embedding.json.supportedGenerationMethods).toEqual(['embedContent']);
		const missing = await call('GET', 'models/gemini-0');
		expect(missing.status).toBe(404);
		expect(errorOf(missing.json).status).toBe('NOT_FOUND');
	});
});

describe('generateContent', () => {
	it('answers with deterministic text and usage that adds up', async () => {
		const prompt = 'Hello there, fake Gemini! [[fake:delay=1]]'; // 42 chars
		const system = 'Be brief.'; // 9 chars
		const reply = await generate('gemini-2.5-flash', user(prompt, { systemInstruction: { parts: [{ text: system }] } }));
		expect(reply.status).toBe(200);
		expect(reply.headers.get('x-gemini-service-tier')).toBe('standard');
		const first = candidate(reply.json);
		expect(first.content).toEqual({ role: 'model', parts: [{ text: 'Echo: Hello there, fake Gemini!' }] });
		expect(first.finishReason).toBe('STOP');
		expect(first.index).toBe(0);
		expect(first.safetyRatings).toHaveLength(4);
		expect((first.safetyRatings ?? []).every((rating) => rating.probability === 'NEGLIGIBLE')).toBe(true);
		const usage = reply.json.usageMetadata;
		const promptTokens = Math.ceil((prompt.length + system.length) / 4);
		const output = Math.ceil('Echo: Hello there, fake Gemini!'.length / 4);
		expect(usage).toEqual({
			promptTokenCount: promptTokens,
			candidatesTokenCount: output,
			totalTokenCount: promptTokens + output + 2 * output,
			promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
			thoughtsTokenCount: 2 * output,
			serviceTier: 'standard',
		});
		expect(reply.json.modelVersion).toBe('gemini-2.5-flash');
		expect(typeof reply.json.responseId).toBe('string');
	});

	it('does not think with thinkingBudget 0 or on a non-thinking model', async () => {
		const off = await generate('gemini-2.5-flash', user('hi', { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } }));
		expect(usageOf(off.json).thoughtsTokenCount).toBeUndefined();
		const old = await generate('gemini-1.5-flash-002', user('hi'));
		expect(usageOf(old.json).thoughtsTokenCount).toBeUndefined();
		const usage = usageOf(old.json);
		expect(usage.totalTokenCount).toBe(num(usage.promptTokenCount) + num(usage.candidatesTokenCount));
	});

	it('counts media parts by modality and cached content', async () => {
		const body = {
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'abcd' },
						{ inlineData: { mimeType: 'audio/wav', data: 'AAAA' } },
						{ inlineData: { mimeType: 'image/png', data: 'AAAA' } },
						{ inlineData: { mimeType: 'application/pdf', data: 'AAAA' } },
					],
				},
			],
			cachedContent: 'cachedContents/abc',
		};
		const reply = await generate('gemini-2.5-flash', body);
		const usage = usageOf(reply.json);
		expect(usage.promptTokenCount).toBe(1 + 3 * 258);
		expect(usage.promptTokensDetails).toEqual([
			{ modality: 'TEXT', tokenCount: 1 },
			{ modality: 'AUDIO', tokenCount: 258 },
			{ modality: 'IMAGE', tokenCount: 258 },
			{ modality: 'DOCUMENT', tokenCount: 258 },
		]);
		expect(usage.cachedContentTokenCount).toBe(3 * 129);
		expect(usage.cacheTokensDetails).toEqual([
			{ modality: 'AUDIO', tokenCount: 129 },
			{ modality: 'IMAGE', tokenCount: 129 },
			{ modality: 'DOCUMENT', tokenCount: 129 },
		]);
		const count = await call('POST', 'models/gemini-2.5-flash:countTokens', {
			generateContentRequest: { model: 'models/gemini-2.5-flash', ...body },
		});
		expect(count.json).toEqual({
			totalTokens: usage.promptTokenCount,
			cachedContentTokenCount: usage.cachedContentTokenCount,
			promptTokensDetails: usage.promptTokensDetails,
			cacheTokensDetails: usage.cacheTokensDetails,
		});
	});

	it('returns exact usage and answer from directives', async () => {
		const reply = await generate('gemini-2.5-pro', user('[[fake:usage prompt=12 output=40 thoughts=17 cached=0 answer="Exactly this."]]'));
		expect(candidate(reply.json).content.parts).toEqual([{ text: 'Exactly this.' }]);
		expect(reply.json.usageMetadata).toEqual({
			promptTokenCount: 12,
			candidatesTokenCount: 40,
			totalTokenCount: 69,
			promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
			thoughtsTokenCount: 17,
			serviceTier: 'standard',
		});
	});

	it('honours maxOutputTokens, stopSequences and includeThoughts', async () => {
		const long = await generate('gemini-2.5-flash', user('[[fake:answer="abcdefghijklmnopqrstuvwxyz"]]', { generationConfig: { maxOutputTokens: 2 } }));
		expect(textOf(long.json)).toBe('abcdefgh');
		expect(candidate(long.json).finishReason).toBe('MAX_TOKENS');
		const stopped = await generate('gemini-2.5-flash', user('[[fake:answer="one, two. three"]]', { generationConfig: { stopSequences: ['.'] } }));
		expect(textOf(stopped.json)).toBe('one, two');
		expect(candidate(stopped.json).finishReason).toBe('STOP');
		const thoughts = await generate('gemini-3-flash-preview', user('hi', { generationConfig: { thinkingConfig: { includeThoughts: true } } }));
		const parts = candidate(thoughts.json).content.parts;
		expect(parts[0].thought).toBe(true);
		// Gemini 3 signs the answer part (as real Gemini 3 answers do).
		expect(parts[1]).toEqual({ text: 'Echo: hi', thoughtSignature: expect.any(String) });
		const unsigned = await generate('gemini-2.5-flash', user('hi'));
		expect(candidate(unsigned.json).content.parts).toEqual([{ text: 'Echo: hi' }]);
	});

	it('answers JSON that fits the schema for structured output', async () => {
		const reply = await generate('gemini-2.5-flash', user('Extract', {
			generationConfig: {
				responseMimeType: 'application/json',
				responseJsonSchema: {
					type: 'object',
					properties: { name: { type: 'string' }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } } },
					required: ['name'],
				},
			},
		}));
		expect(JSON.parse(textOf(reply.json) ?? '')).toEqual({ name: 'fake name', age: 42, tags: ['a', 'a'] });
	});

	it('404s unknown models and models that cannot generate', async () => {
		for (const model of ['gemini-0-ultra', 'gemini-embedding-001']) {
			const reply = await generate(model, user('hi'));
			expect(reply.status).toBe(404);
			expect(errorOf(reply.json).status).toBe('NOT_FOUND');
			expect(errorOf(reply.json).message).toBe(
				`models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
			);
		}
	});
});

describe('validation', () => {
	const invalid = async (model: string, body: unknown): Promise<string> => {
		const reply = await generate(model, body);
		expect(reply.status).toBe(400);
		expect(errorOf(reply.json).status).toBe('INVALID_ARGUMENT');
		return errorOf(reply.json).message;
	};

	it('refuses penalties on models without them with the exact message', async () => {
		expect(await invalid('gemini-2.5-flash', user('hi', { generationConfig: { presencePenalty: 0.5 } }))).toBe('Penalty is not enabled for this model');
		expect(await invalid('gemini-3.1-pro-preview', user('hi', { generationConfig: { frequencyPenalty: -0.2 } }))).toBe('Penalty is not enabled for this model');
		expect((await generate('gemini-2.5-flash', user('hi', { generationConfig: { presencePenalty: 0 } }))).status).toBe(200);
		expect((await generate('gemini-1.5-flash-002', user('hi', { generationConfig: { presencePenalty: 0.5, frequencyPenalty: 0.5 } }))).status).toBe(200);
	});

	it('refuses out-of-range and malformed parameters', async () => {
		expect(await invalid('gemini-2.5-flash', user('hi', { generationConfig: { temperature: 2.5 } }))).toContain('temperature value of 2.5');
		expect(await invalid('gemini-2.5-flash', user('hi', { generationConfig: { topP: 1.5 } }))).toContain('topP value of 1.5');
		expect(await invalid('gemini-2.5-flash', user('hi', { generationConfig: { stopSequences: ['1', '2', '3', '4', '5', '6'] } }))).toContain('stop_sequences');
		expect(await invalid('gemini-2.5-flash', user('hi', { safetySettings: [{ category: 'HARM_CATEGORY_NICE', threshold: 'BLOCK_NONE' }] }))).toContain("safety_settings[0].category");
		expect(await invalid('gemini-2.5-flash', user('hi', { safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_SOME' }] }))).toContain("safety_settings[0].threshold");
		expect(await invalid('gemini-2.5-flash', user('hi', { serviceTier: 'FLEX' }))).toContain("'service_tier'");
		expect(await invalid('gemini-2.5-flash', user('hi', { generationConfig: { responseSchema: { type: 'OBJECT' }, responseJsonSchema: { type: 'object' } } }))).toContain('response_json_schema');
		expect(await invalid('gemini-3-flash-preview', user('hi', { generationConfig: { thinkingConfig: { thinkingLevel: 'EXTREME' } } }))).toContain('thinking_level');
		expect(await invalid('gemini-2.5-flash', user('hi', { generationConfig: { serviceTier: 'flex' } }))).toBe(
			"Invalid JSON payload received. Unknown name \"serviceTier\" at 'generation_config': Cannot find field.",
		);
		expect(await invalid('gemini-2.5-flash', { contents: [] })).toContain('contents is not specified');
		for (const ok of [{ serviceTier: 'flex' }, { serviceTier: 'priority' }, { serviceTier: 'standard' }, { generationConfig: { thinkingConfig: { thinkingLevel: 'low' } } }]) {
			expect((await generate('gemini-3-flash-preview', user('hi', ok))).status).toBe(200);
		}
	});
});

describe('service tiers', () => {
	it('echoes the served tier in the header and usageMetadata, downgrading priority on demand', async () => {
		const priority = await generate('gemini-2.5-flash', user('hi', { serviceTier: 'priority' }));
		expect(priority.headers.get('x-gemini-service-tier')).toBe('priority');
		expect(usageOf(priority.json).serviceTier).toBe('priority');
		const downgraded = await generate('gemini-2.5-flash', user('hi [[fake:downgrade]]', { serviceTier: 'priority' }));
		expect(downgraded.status).toBe(200);
		expect(downgraded.headers.get('x-gemini-service-tier')).toBe('standard');
		expect(usageOf(downgraded.json).serviceTier).toBe('standard');
		const flex = await generate('gemini-2.5-flash', user('hi [[fake:downgrade]]', { serviceTier: 'flex' }));
		expect(flex.headers.get('x-gemini-service-tier')).toBe('flex');
	});

	it('overloads only flex requests with flex-overload', async () => {
		const flex = await generate('gemini-2.5-flash', user('hi [[fake:flex-overload]]', { serviceTier: 'flex' }));
		expect(flex.status).toBe(503);
		expect(flex.json).toEqual({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
		const standard = await generate('gemini-2.5-flash', user('hi [[fake:flex-overload]]'));
		expect(standard.status).toBe(200);
		const priority = await generate('gemini-2.5-flash', user('hi [[fake:flex-overload]]', { serviceTier: 'priority' }));
		expect(priority.status).toBe(200);
		const withRetry = user('hi [[fake:flex-overload retryAfter=3]]', { serviceTier: 'flex' });
		const overloaded = await generate('gemini-2.5-flash', withRetry);
		expect(overloaded.status).toBe(503);
		expect(overloaded.headers.get('retry-after')).toBe('3');
		expect((await generate('gemini-2.5-flash', { ...withRetry, serviceTier: 'standard' })).status).toBe(200);
	});
});

describe('faults from directives', () => {
	it('answers 429 with QuotaFailure and RetryInfo in the body and no Retry-After header', async () => {
		const reply = await generate('gemini-2.5-flash', user('hi [[fake:429 retryDelay=1.5s]]'));
		expect(reply.status).toBe(429);
		expect(reply.headers.get('retry-after')).toBeNull();
		const error = errorOf(reply.json);
		expect(error.code).toBe(429);
		expect(error.status).toBe('RESOURCE_EXHAUSTED');
		const types = (error.details ?? []).map((detail) => detail['@type']);
		expect(types).toContain('type.googleapis.com/google.rpc.QuotaFailure');
		expect(error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' });
	});

	it('sends Retry-After instead when asked', async () => {
		const reply = await generate('gemini-2.5-flash', user('hi [[fake:503 retryAfter=2]]'));
		expect(reply.status).toBe(503);
		expect(reply.headers.get('retry-after')).toBe('2');
	});

	it('fails only the first N requests carrying the directive, per model', async () => {
		const body = user('count me [[fake:429 times=2]]');
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await generate('gemini-2.5-flash', body)).status);
		expect(statuses).toEqual([429, 429, 200, 200]);
		expect((await generate('gemini-2.5-pro', body)).status).toBe(429);
		fake.reset();
		expect((await generate('gemini-2.5-flash', body)).status).toBe(429);
	});

	it('returns other statuses with Google bodies (502 as an HTML page)', async () => {
		for (const [code, status] of [[500, 'INTERNAL'], [503, 'UNAVAILABLE'], [504, 'DEADLINE_EXCEEDED'], [403, 'PERMISSION_DENIED'], [400, 'INVALID_ARGUMENT']] as const) {
			const reply = await generate('gemini-2.5-flash', user(`[[fake:${code}]]`));
			expect(reply.status).toBe(code);
			expect(errorOf(reply.json)).toMatchObject({ code, status });
		}
		const gateway = await generate('gemini-2.5-flash', user('[[fake:502]]'));
		expect(gateway.status).toBe(502);
		expect(gateway.headers.get('content-type')).toContain('text/html');
	});

	it('answers a blocked prompt with promptFeedback and no candidates', async () => {
		const reply = await generate('gemini-2.5-flash', user('bad [[fake:block]]'));
		expect(reply.status).toBe(200);
		expect(reply.json.candidates).toBeUndefined();
		expect(reply.json.promptFeedback?.blockReason).toBe('SAFETY');
		expect(reply.json.promptFeedback?.safetyRatings[0]).toEqual({ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true });
		const usage = usageOf(reply.json);
		expect(usage.promptTokenCount).toBeGreaterThan(0);
		expect(usage.totalTokenCount).toBe(usage.promptTokenCount);
		expect(usage.candidatesTokenCount).toBeUndefined();
		expect(usage.thoughtsTokenCount).toBeUndefined();
	});

	it('drops the connection without a response', async () => {
		await expect(generate('gemini-2.5-flash', user('[[fake:drop]]'))).rejects.toThrow();
		expect((await generate('gemini-2.5-flash', user('fine'))).status).toBe(200);
	});

	it('echoes the received key into a 400 message with echo-key', async () => {
		const reply = await generate('gemini-2.5-flash', user('[[fake:echo-key]]'));
		expect(reply.status).toBe(400);
		expect(errorOf(reply.json).message).toContain('fake-gemini-key');
	});

	it('refuses unknown directives', async () => {
		const reply = await generate('gemini-2.5-flash', user('[[fake:explode]]'));
		expect(reply.status).toBe(400);
		expect(errorOf(reply.json).message).toContain('explode');
	});
});

describe('enqueueFault', () => {
	it('applies queued faults to the next matching requests', async () => {
		fake.enqueueFault({ status: 503, times: 2, match: (req) => req.path.includes(':generateContent') });
		expect((await call('GET', 'models')).status).toBe(200);
		expect((await generate('gemini-2.5-flash', user('a'))).status).toBe(503);
		expect((await generate('gemini-2.5-flash', user('a'))).status).toBe(503);
		expect((await generate('gemini-2.5-flash', user('a'))).status).toBe(200);
	});

	it('supports 429 with retryDelay, delays and drops', async () => {
		fake.enqueueFault({ status: 429, retryDelay: '3s' });
		const limited = await generate('gemini-2.5-flash', user('a'));
		expect(errorOf(limited.json).details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' });
		expect(limited.headers.get('retry-after')).toBeNull();
		fake.enqueueFault({ delayMs: 150 });
		const started = Date.now();
		expect((await generate('gemini-2.5-flash', user('a'))).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		fake.enqueueFault({ drop: true });
		await expect(generate('gemini-2.5-flash', user('a'))).rejects.toThrow();
	});
});

describe('streamGenerateContent', () => {
	const stream = (model: string, body: unknown): Promise<Reply> => call('POST', `models/${model}:streamGenerateContent?alt=sse`, body);

	it('sends CRLF-framed data events with running usage and finishReason only on the last', async () => {
		const body = user('one two three four five six', { serviceTier: 'flex' });
		const reply = await stream('gemini-2.5-flash', body);
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toBe('text/event-stream');
		expect(reply.headers.get('x-gemini-service-tier')).toBe('flex');
		const events = sseEvents(reply.text);
		expect(events.length).toBeGreaterThan(3);
		let previous = 0;
		events.forEach((event, index) => {
			const usage = usageOf(event);
			expect(usage.serviceTier).toBe('flex');
			expect(usage.totalTokenCount).toBeGreaterThanOrEqual(previous);
			previous = num(usage.totalTokenCount);
			const finish = candidate(event).finishReason;
			if (index === events.length - 1) expect(finish).toBe('STOP');
			else expect(finish).toBeUndefined();
		});
		const text = events.map((event) => candidate(event).content.parts.map((part) => part.text ?? '').join('')).join('');
		const single = await generate('gemini-2.5-flash', body);
		expect(text).toBe(textOf(single.json));
		expect(events[events.length - 1].usageMetadata).toEqual(single.json.usageMetadata);
		expect(candidate(events[events.length - 1]).content.parts[0].thoughtSignature).toEqual(expect.any(String));
	});

	it('sends an error event mid-stream and closes', async () => {
		const reply = await stream('gemini-2.5-flash', user('a b c d e f [[fake:stream-error-after=2]]'));
		const events = sseEvents(reply.text);
		expect(events).toHaveLength(3);
		expect(events[0].candidates).toBeDefined();
		expect(events[2]).toEqual({ error: { code: 500, message: expect.any(String), status: 'INTERNAL' } });
	});

	it('spaces chunks by chunk-interval', async () => {
		const started = Date.now();
		const reply = await stream('gemini-1.5-flash-002', user('a b c [[fake:chunk-interval=60]]'));
		const events = sseEvents(reply.text);
		expect(Date.now() - started).toBeGreaterThanOrEqual(60 * (events.length - 1) - 10);
	});

	it('returns errors before the stream as plain JSON', async () => {
		const reply = await stream('gemini-2.5-flash', user('[[fake:429]]'));
		expect(reply.status).toBe(429);
		expect(errorOf(reply.json).status).toBe('RESOURCE_EXHAUSTED');
	});

	it('streams a JSON array without alt=sse', async () => {
		const reply = await call('POST', 'models/gemini-2.5-flash:streamGenerateContent', user('x y'));
		expect(Array.isArray(reply.json)).toBe(true);
		const array = reply.json as unknown as Array<{ usageMetadata: { serviceTier: string } }>;
		expect(array.length).toBeGreaterThan(1);
	});
});

describe('countTokens', () => {
	it('counts {contents} like generateContent counts the prompt', async () => {
		const count = await call('POST', 'models/gemini-2.5-flash:countTokens', { contents: [{ role: 'user', parts: [{ text: 'abcdefghi' }] }] });
		expect(count.json).toEqual({ totalTokens: 3, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3 }] });
	});

	it('requires generateContentRequest.model', async () => {
		const reply = await call('POST', 'models/gemini-2.5-flash:countTokens', { generateContentRequest: user('hi') });
		expect(reply.status).toBe(400);
	});
});

describe('latency and close', () => {
	it('adds latencyMs to generate calls and closes with keep-alive sockets open', async () => {
		const slow = await startFakeGemini({ latencyMs: 120, apiKey: 'other-key' });
		try {
			const started = Date.now();
			const response = await fetch(`${slow.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
				method: 'POST',
				headers: { 'x-goog-api-key': 'other-key', 'content-type': 'application/json' },
				body: JSON.stringify(user('hi')),
			});
			expect(response.status).toBe(200);
			await response.text();
			expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		} finally {
			await slow.close();
		}
	});

	it('lets a raw node:http client see the dropped socket', async () => {
		const url = new URL(`${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`);
		const error = await new Promise<Error>((resolve) => {
			const req = httpRequest(url, { method: 'POST', headers: { 'x-goog-api-key': fake.apiKey, 'content-type': 'application/json' } }, () => resolve(new Error('got a response')));
			req.on('error', resolve);
			req.end(JSON.stringify(user('[[fake:drop]]')));
		});
		expect(error.message).toMatch(/socket hang up|ECONNRESET/);
	});
});

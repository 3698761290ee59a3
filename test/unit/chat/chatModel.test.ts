import type { Message, StreamChunk, Tool } from '@n8n/ai-node-sdk';

import type { MeteredCall } from '../../../nodes/GeminiChatModel/callLog';
import { MeteredGeminiChatModel } from '../../../nodes/GeminiChatModel/MeteredGeminiChatModel';
import { newRunState } from '../../../nodes/shared/execution/callGemini';
import { PartialOutputError } from '../../../nodes/shared/execution/nodeErrors';
import type { GeminiSettings } from '../../../nodes/shared/parameters/settings';
import { GeminiClient } from '../../../nodes/shared/transport/GeminiClient';
import { startFakeGemini } from '../../fake-gemini/server';
import type { FakeGemini } from '../../fake-gemini/types';
import { settingsFixture } from '../settingsFixture';

const calculator: Tool = {
	type: 'function',
	name: 'calculator',
	description: 'Evaluates arithmetic',
	inputSchema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
};

const QUESTION = 'What is 6 times 7? [[fake:call=calculator args=\'{"input":"6*7"}\']]';

let fake: FakeGemini;
beforeAll(async () => {
	fake = await startFakeGemini({ port: 0, latencyMs: 0 });
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

function chatModel(
	model: string,
	calls: MeteredCall[] = [],
	overrides: Partial<GeminiSettings> = {},
	toError?: (error: unknown) => Error,
	onBilledFailure?: (cost: number | null) => void,
) {
	return new MeteredGeminiChatModel({
		client: new GeminiClient({ apiKey: fake.apiKey, baseUrl: fake.url }),
		settings: settingsFixture({ model, modelPath: `models/${model}`, ...overrides }),
		state: newRunState(),
		onCall: (call) => calls.push(call),
		toError,
		onBilledFailure,
	}).withTools([calculator]) as MeteredGeminiChatModel;
}

function sentBodies(): Array<Record<string, any>> {
	return fake.requests.filter((r) => r.path.includes(':generateContent') || r.path.includes(':streamGenerateContent')).map((r) => r.body as Record<string, any>);
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

/** The agent's next turn as n8n rebuilds it: only the call's id, name and arguments survive. */
function afterTool(toolCallId: string, result: string): Message[] {
	return [
		{ role: 'system', content: [{ type: 'text', text: 'You are a calculator assistant.' }] },
		user(QUESTION),
		{ role: 'assistant', content: [{ type: 'tool-call', toolCallId, toolName: 'calculator', input: '{"input":"6*7"}' }] },
		{ role: 'tool', content: [{ type: 'tool-result', toolCallId, result }] },
	];
}

describe('MeteredGeminiChatModel with built-in tools', () => {
	it('sends Google Search beside the agent\'s functions and bills its search queries in the call\'s cost', async () => {
		const calls: MeteredCall[] = [];
		const model = chatModel('gemini-3-flash-preview', calls, { tools: { builtInTools: ['googleSearch'], fileSearchStoreNames: [] } });
		await model.generate([user('Who won yesterday? [[fake:grounding queries=2]]')]);

		const sent = sentBodies()[0].tools as Array<Record<string, unknown>>;
		expect(sent.map((tool) => Object.keys(tool)[0])).toEqual(['functionDeclarations', 'googleSearch']);
		// Gemini 3: Google Search is billed per search query, $14 per 1,000 at the paid rate: 2 × 0.014.
		expect(calls[0].item.cost).toMatchObject({ tools: 0.028 });
	});
});

describe('MeteredGeminiChatModel with tools', () => {
	it('declares the tools, returns the call, and signs the follow-up with the Gemini 3 signature', async () => {
		const calls: MeteredCall[] = [];
		const model = chatModel('gemini-3-flash-preview', calls);
		const first = await model.generate([user(QUESTION)]);

		expect(first.finishReason).toBe('tool-calls');
		const call = first.message.content.find((block) => block.type === 'tool-call');
		expect(call).toMatchObject({ toolName: 'calculator', input: '{"input":"6*7"}' });
		const declared = sentBodies()[0].tools[0].functionDeclarations[0];
		expect(declared).toMatchObject({ name: 'calculator', description: 'Evaluates arithmetic' });
		expect(declared.parametersJsonSchema.properties).toEqual({ input: { type: 'string' } });

		const toolCallId = (call as { toolCallId: string }).toolCallId;
		const second = await model.generate(afterTool(toolCallId, '42'));
		expect(second.message.content).toEqual([{ type: 'text', text: 'Tool calculator answered: {"result":42}' }]);
		expect(second.finishReason).toBe('stop');

		expect(sentBodies()).toHaveLength(2);
		const secondBody = sentBodies()[1];
		expect(secondBody.systemInstruction).toEqual({ parts: [{ text: 'You are a calculator assistant.' }] });
		const modelTurn = secondBody.contents[1];
		expect(modelTurn.role).toBe('model');
		expect(modelTurn.parts[0].functionCall).toEqual({ name: 'calculator', args: { input: '6*7' } });
		expect(modelTurn.parts[0].thoughtSignature).toBe(Buffer.from(`fake-thought-signature:${first.id}`).toString('base64'));
		expect(secondBody.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'calculator', response: { result: 42 } } }] });
		expect(calls).toHaveLength(2);
	});

	it('sends the documented skip value for a Gemini 3 call whose signature this process never saw', async () => {
		const model = chatModel('gemini-3-flash-preview');
		const answer = await model.generate(afterTool('call_from_elsewhere', '{"value":42}'));
		expect(answer.message.content).toEqual([{ type: 'text', text: 'Tool calculator answered: {"result":{"value":42}}' }]);
		expect(sentBodies()[0].contents[1].parts[0].thoughtSignature).toBe('skip_thought_signature_validator');
	});

	it('counts thinking tokens as completion and meters each call at the served tier', async () => {
		const calls: MeteredCall[] = [];
		const model = chatModel('gemini-2.5-flash', calls);
		const answer = await model.generate([user('Hello there')]);
		const usage = calls[0].item.usage as Record<string, number>;
		expect(answer.usage).toEqual({
			promptTokens: usage.promptTokens,
			completionTokens: usage.outputTokens + usage.thoughtsTokens,
			totalTokens: usage.totalTokens,
			inputTokenDetails: { cacheRead: 0 },
			outputTokenDetails: { reasoning: usage.thoughtsTokens },
		});
		expect(usage.thoughtsTokens).toBeGreaterThan(0);
		expect(calls[0].item.serviceTier).toEqual({ requested: 'standard', served: 'standard' });
		expect((calls[0].item.cost as { total: number }).total).toBeGreaterThan(0);
		expect(calls[0].text).toBe('Echo: Hello there');
	});
});

describe('MeteredGeminiChatModel streaming', () => {
	async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
		const chunks: StreamChunk[] = [];
		for await (const chunk of stream) chunks.push(chunk);
		return chunks;
	}

	it('streams the answer in several text chunks, then usage', async () => {
		const calls: MeteredCall[] = [];
		const text = 'one two three four five six seven eight nine ten eleven twelve';
		const chunks = await collect(chatModel('gemini-2.5-flash', calls).stream([user(`[[fake:answer="${text}"]]`)]));
		const deltas = chunks.filter((chunk) => chunk.type === 'text-delta');
		expect(deltas.length).toBeGreaterThan(1);
		expect(deltas.map((chunk) => (chunk as { delta: string }).delta).join('')).toBe(text);
		const finish = chunks[chunks.length - 1];
		expect(finish).toMatchObject({ type: 'finish', finishReason: 'stop' });
		expect((finish as { usage: { totalTokens: number } }).usage.totalTokens).toBe((calls[0].item.usage as { totalTokens: number }).totalTokens);
		expect(fake.requests[0].path).toContain(':streamGenerateContent?alt=sse');
	});

	it('keeps what a stream cut mid-answer cost: in the error and for the execution total', async () => {
		const billed: Array<number | null> = [];
		const model = chatModel('gemini-2.5-flash', [], {}, undefined, (cost) => billed.push(cost));
		let failure: unknown;
		try {
			await collect(model.stream([user('one two three four five six seven eight [[fake:stream-error-after=3 usage prompt=1000 output=200 thoughts=0]]')]));
		} catch (error) {
			failure = error;
		}
		expect(failure).toBeInstanceOf(PartialOutputError);
		// 2.5 Flash, Standard: 1000 × $0.30/1M for the prompt, plus the output billed so far.
		expect(billed).toHaveLength(1);
		expect(billed[0]).toBeGreaterThanOrEqual(0.0003);
		expect(((failure as PartialOutputError).partial.cost as { total: number }).total).toBe(billed[0]);
	});

	it('streams a tool call as one tool-call chunk with its id', async () => {
		const chunks = await collect(chatModel('gemini-3-flash-preview').stream([user(QUESTION)]));
		const call = chunks.find((chunk) => chunk.type === 'tool-call-delta') as { id: string; name: string; argumentsDelta: string };
		expect(call).toMatchObject({ name: 'calculator', argumentsDelta: '{"input":"6*7"}' });
		expect(chunks[chunks.length - 1]).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
		const followUp = await chatModel('gemini-3-flash-preview').generate(afterTool(call.id, '42'));
		expect(followUp.finishReason).toBe('stop');
		expect(sentBodies()[1].contents[1].parts[0].thoughtSignature).not.toBe('skip_thought_signature_validator');
	});
});

describe('MeteredGeminiChatModel request policies', () => {
	it('sends the shared generation and safety settings with the conversation', async () => {
		const safetySettings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }];
		await chatModel('gemini-3-flash-preview', [], { safetySettings, generation: { temperature: 0.2, thinkingLevel: 'low', maxOutputTokens: 900 } }).generate([user('Hi')]);
		const body = sentBodies()[0];
		expect(body.generationConfig).toEqual({ temperature: 0.2, maxOutputTokens: 900, thinkingConfig: { thinkingLevel: 'LOW' } });
		expect(body.safetySettings).toEqual(safetySettings);
		expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
	});

	it('drops penalties the model refuses, with the same warning as the other nodes', async () => {
		const calls: MeteredCall[] = [];
		await chatModel('gemini-2.5-flash', calls, { generation: { presencePenalty: 0.5 } }).generate([user('Hi')]);
		expect(sentBodies()).toHaveLength(2);
		expect(sentBodies()[1].generationConfig?.presencePenalty).toBeUndefined();
		expect(calls[0].item.warnings).toEqual([expect.stringContaining('Presence Penalty (0.5) dropped')]);
	});

	it('falls back from an overloaded Flex to Standard and bills the tier served', async () => {
		const calls: MeteredCall[] = [];
		await chatModel('gemini-2.5-flash', calls, { serviceTier: 'flex', flexOverload: 'fallbackToStandard' }).generate([user('Hi [[fake:flex-overload]]')]);
		expect(calls[0].item.serviceTier).toEqual({ requested: 'flex', served: 'standard' });
		expect((calls[0].item.cost as { pricing: { tier: string } }).pricing.tier).toBe('standard');
	});

	it("hands Google's error to the node's error mapper, in generate and in stream", async () => {
		const seen: unknown[] = [];
		const toError = (error: unknown) => {
			seen.push(error);
			return new Error(`mapped: ${(error as Error).message}`);
		};
		const model = chatModel('gemini-2.5-flash', [], { retry: { ...settingsFixture().retry, maxRetries: 0 } }, toError);
		await expect(model.generate([user('Hi [[fake:400]]')])).rejects.toThrow(/^mapped: /);
		const drain = async () => {
			for await (const _chunk of model.stream([user('Hi [[fake:400]]')])) void _chunk;
		};
		await expect(drain()).rejects.toThrow(/^mapped: /);
		expect(seen).toHaveLength(2);
	});
});

import { NodeConnectionTypes, type IDataObject, type INodeType, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';

import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode, type RunNodeOptions } from './engine';

/**
 * Generate with an n8n tool on its Tools input, in n8n's engine: the tool is a sub-node that
 * supplies a tool object through `supplyData`, as n8n's own tool nodes do.
 */

const API_KEY = 'tools-secret-key-93e1';
let fake: FakeGemini;
const invocations: unknown[] = [];
/** Runs when the tool is invoked (between two rounds of the loop). */
let onInvoke: (() => void) | undefined;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => {
	fake.reset();
	invocations.length = 0;
	onInvoke = undefined;
});

/** A weather tool sub-node: JSON Schema parameters, a JSON string result. */
class WeatherTool implements INodeType {
	description = {
		displayName: 'Weather Tool',
		name: 'weatherTool',
		group: ['transform'],
		version: 1,
		description: 'Test tool',
		defaults: { name: 'Weather Tool' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
		properties: [],
	} as INodeType['description'];

	async supplyData(this: ISupplyDataFunctions): Promise<SupplyData> {
		return {
			response: {
				name: 'weather',
				description: 'Current weather of a city',
				schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
				invoke: async (args: unknown) => {
					invocations.push(args);
					onInvoke?.();
					return JSON.stringify({ sky: 'sunny', celsius: 21 });
				},
			},
		};
	}
}

async function generate(prompt: string, parameters: IDataObject = {}, extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new GeminiGenerate(),
		parameters: { model: 'gemini-2.5-flash', prompt, ...parameters },
		items: [{ json: {} }],
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		subNodes: [{ name: 'Weather Tool', nodeType: new WeatherTool(), connection: NodeConnectionTypes.AiTool }],
		...extra,
	});
}

const calls = () => fake.requests.filter((r) => r.path.includes(':generateContent')).map((r) => r.body as { contents: IDataObject[]; tools: IDataObject[] });

describe('Gemini Generate with an n8n tool', () => {
	it('declares the tool, runs it when called, and answers with its result; usage and cost summed over both rounds', async () => {
		const result = await generate('Weather in Paris? [[fake:function-call name=weather usage prompt=100 output=10 thoughts=0]]');
		expect(result.error).toBeUndefined();
		const item = result.items[0].json as IDataObject & { usage: IDataObject; cost: IDataObject; toolCalls: IDataObject[] };
		expect(calls()[0].tools).toEqual([
			{ functionDeclarations: [{ name: 'weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } }] },
		]);
		expect(calls()).toHaveLength(2);
		expect(invocations).toEqual([{ query: 'fake' }]);
		expect(item.toolCalls).toEqual([{ name: 'weather', args: { query: 'fake' }, result: { sky: 'sunny', celsius: 21 } }]);
		expect(item.text).toBe('Tool results: weather → {"sky":"sunny","celsius":21}');
		// Two rounds of 100 prompt and 10 output tokens: 2.5 Flash standard 200 × 0.30 + 20 × 2.50 = 60 + 50 µ$.
		expect(item.usage).toMatchObject({ promptTokens: 200, outputTokens: 20 });
		expect(item.cost).toMatchObject({ total: 0.00011 });
		expect(item.functionCalls).toBeUndefined();
	});

	it('sends Gemini 3’s thought signature back with the call, so the second round is accepted', async () => {
		const result = await generate('Weather? [[fake:function-call name=weather rounds=2]]', { model: 'gemini-3-flash-preview' });
		expect(result.error).toBeUndefined();
		const [, second, third] = calls();
		const modelTurn = second.contents[1] as { role: string; parts: IDataObject[] };
		expect(modelTurn.role).toBe('model');
		expect(typeof modelTurn.parts[0].thoughtSignature).toBe('string');
		expect(third.contents).toHaveLength(5);
		expect((result.items[0].json.toolCalls as unknown[]).length).toBe(2);
	});

	it('stops at Max Tool Iterations with a warning and the unrun calls in functionCalls', async () => {
		const result = await generate('Loop [[fake:function-call name=weather rounds=5]]', { options: { maxToolIterations: 1 } });
		const item = result.items[0].json as IDataObject & { warnings: string[] };
		expect(calls()).toHaveLength(2);
		expect(invocations).toHaveLength(1);
		expect(item.warnings.join(' ')).toContain('Max Tool Iterations');
		expect(item.functionCalls).toEqual([{ name: 'weather', args: { query: 'fake' } }]);
	});

	it('takes Max Tool Iterations from each item when it is an expression', async () => {
		const result = await generate('Loop [[fake:function-call name=weather rounds=5]]', { options: { maxToolIterations: '={{ $json.max }}' } }, {
			items: [{ json: { max: 0 } }, { json: { max: 1 } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => (item.json.toolCalls as unknown[] | undefined)?.length ?? 0)).toEqual([0, 1]);
		expect(calls()).toHaveLength(3);
		expect(invocations).toHaveLength(1);
	});
});

describe('a failure after tools ran', () => {
	it('is not sent again by the Flex fallback, so the tool does not run twice', async () => {
		// Round 1 calls the tool; the tool makes the fake answer round 2 with 503 (Flex overloaded).
		onInvoke = () => fake.enqueueFault({ status: 503, times: 1 });
		const result = await generate('Weather? [[fake:function-call name=weather]]', {
			serviceTier: 'flex',
			requestOptions: { flexOverload: 'fallbackToStandard', maxRetries: 0 },
		}, { continueOnFail: true });
		expect(invocations).toHaveLength(1);
		expect(calls()).toHaveLength(2);
		expect((result.items[0].json as { error: string }).error).toContain('503');
	});
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { EXAMPLE_IDS, demoCredentials, loadExamples } from '../../scripts/n8n/examples';
import { latestExecution, modelCallEntries, startN8n, type Execution, type N8nInstance } from '../../scripts/n8n/harness';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';

/**
 * The AI Agent examples in a real n8n 2.41 with this package installed as a community package
 * (peer dependencies not bundled: n8n provides @n8n/ai-node-sdk), against the fake Gemini.
 * Expected costs are hand-computed from ../shared/reference/pricing.md.
 */

const API_KEY = 'e2e-agent-key-7f2a';
const MODEL_NODE = 'Gemini Chat Model (Metered)';
/** The fake reports this usage for every call: 1000 prompt, 200 answer and 100 thinking tokens. */
const USAGE = 'usage prompt=1000 output=200 thoughts=100';
// gemini-3-flash-preview, Standard: 1000 × $0.50/1M + (200 + 100) × $3.00/1M = 0.0005 + 0.0009
const CALL_COST = 0.0014;
/** The fake model's last answer quotes the tool's response as n8n sent it back. */
const ANSWER = 'Tool Calculator answered: {"result":[{"response":"42"}]}';

let fake: FakeGemini;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	const agents = loadExamples().filter((workflow) => workflow.id === EXAMPLE_IDS['agent-webhook'] || workflow.id === EXAMPLE_IDS['agent-stream-webhook']);
	n8n = await startN8n({ credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })], workflows: agents });
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
}, 60_000);


type LoggedCall = { tokenUsage: Record<string, number>; usage: Record<string, number>; cost: Record<string, unknown>; serviceTier: Record<string, string> };

/** Each model call's entry as n8n logged it on the chat-model sub-node. */
function loggedCalls(execution: Execution): LoggedCall[] {
	return modelCallEntries(execution, MODEL_NODE) as LoggedCall[];
}

function generateBodies(): Array<{ contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> }> {
	return fake.requests.filter((r) => /:(stream)?[gG]enerateContent/.test(r.path)).map((r) => r.body as never);
}

function expectMeteredCalls(calls: LoggedCall[]): void {
	expect(calls).toHaveLength(2);
	for (const call of calls) {
		expect(call.tokenUsage).toEqual({ promptTokens: 1000, completionTokens: 300, totalTokens: 1300, cost: CALL_COST });
		expect(call.usage).toMatchObject({ promptTokens: 1000, outputTokens: 200, thoughtsTokens: 100, totalTokens: 1300 });
		expect(call.cost).toMatchObject({ total: CALL_COST, totalDecimal: '0.0014', pricing: { model: 'gemini-3-flash-preview', tier: 'standard', known: true } });
		expect(call.serviceTier).toEqual({ requested: 'standard', served: 'standard' });
	}
}

/** The follow-up turn carried the call's Gemini 3 signature, exactly as the fake issued it. */
function expectSignedFollowUp(): void {
	const bodies = generateBodies();
	expect(bodies).toHaveLength(2);
	const modelTurn = bodies[1].contents.find((content) => content.role === 'model');
	const call = modelTurn?.parts.find((part) => part.functionCall !== undefined);
	expect(call?.functionCall).toMatchObject({ name: 'Calculator', args: { input: '6*7' } });
	expect(Buffer.from(String(call?.thoughtSignature), 'base64').toString()).toMatch(/^fake-thought-signature:/);
}

describe('AI Agent with the Gemini Chat Model in a real n8n', () => {
	beforeEach(() => fake.reset());

	it('lists the node as a chat model, where the AI Agent model slot looks for one', async () => {
		const nodes = (await (await n8n.asOwner('/types/nodes.json')).json()) as Array<Record<string, any>>;
		const node = nodes.find((n) => n.name === 'n8n-nodes-gemini-meter.geminiChatModel');
		expect(node).toMatchObject({ displayName: 'Gemini Chat Model (Metered)', inputs: [], outputs: ['ai_languageModel'] });
		expect(node?.codex).toMatchObject({ categories: ['AI'], subcategories: { AI: ['Language Models', 'Root Nodes'], 'Language Models': ['Chat Models (Recommended)'] } });
		expect(JSON.stringify(node?.iconUrl)).toMatch(/geminiChat\.svg/);
		expect(n8n.logs()).not.toMatch(/Skipping package "n8n-nodes-gemini-meter"|Error loading .*gemini-meter|Unrecognized node type/);
	});

	it('calls the tool, answers, and records each model call with its usage and exact cost', async () => {
		const answer = await n8n.callWebhook('gemini-meter/agent', {
			question: `What is 6 times 7? [[fake:call=Calculator args='{"input":"6*7"}' ${USAGE}]]`,
			sessionId: 'e2e-agent',
		});
		expect(answer.status).toBe(200);
		// Installed as n8n installs a community package: the peer dependency is n8n's own copy.
		const installed = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-gemini-meter');
		expect(existsSync(join(installed, 'dist', 'nodes', 'GeminiChatModel', 'GeminiChatModel.node.js'))).toBe(true);
		expect(existsSync(join(installed, 'node_modules', '@n8n', 'ai-node-sdk'))).toBe(false);
		// The Calculator's answer (42) went back to the model, whose final answer the webhook returns
		// with the execution's total, read downstream from the custom execution data.
		expect(answer.body).toEqual({ answer: ANSWER, costUsd: '0.0028', modelCalls: 2 });

		const execution = await latestExecution(n8n, EXAMPLE_IDS['agent-webhook']);
		expect(execution.status).toBe('success');
		expect(execution.data?.resultData.runData.Calculator).toHaveLength(1);
		const calls = loggedCalls(execution);
		expectMeteredCalls(calls);
		// Summing the logged calls gives the hand calculation: 2 × 0.0014.
		expect(calls.reduce((sum, call) => sum + (call.cost.total as number), 0)).toBeCloseTo(2 * CALL_COST, 12);
		expectSignedFollowUp();
		// The logged input of each call (messages, the model's options) carries no secret.
		expect(JSON.stringify(execution)).not.toContain(API_KEY);
		expect(n8n.logs()).not.toContain(API_KEY);
	});

	it('streams the agent answer in chunks when the webhook streams, with the same records', async () => {
		const streamed = await n8n.streamWebhook('gemini-meter/agent-stream', {
			question: `What is 6 times 7? [[fake:call=Calculator args='{"input":"6*7"}' chunk-interval=50 ${USAGE}]]`,
			sessionId: 'e2e-agent-stream',
		});
		expect(streamed.status).toBe(200);
		const items = streamed.lines.filter((line) => line.chunk.type === 'item' && line.chunk.metadata?.nodeName === 'AI Agent');
		expect(items.length).toBeGreaterThan(1);
		expect(items.map((line) => line.chunk.content).join('')).toBe(ANSWER);

		const execution = await latestExecution(n8n, EXAMPLE_IDS['agent-stream-webhook']);
		expect(execution.status).toBe('success');
		expectMeteredCalls(loggedCalls(execution));
		expectSignedFollowUp();
	});
});

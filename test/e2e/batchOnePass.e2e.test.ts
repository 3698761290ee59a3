import { contenderWorkflow, webhookPathOf, workflowIdOf, CONTENDER_NODE } from '../../bench/batchRealN8nFlows';
import { demoCredentials } from '../../scripts/n8n/examples';
import { latestExecution, nodeOutput, startN8n, type N8nInstance } from '../../scripts/n8n/harness';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';

/**
 * Batch Submit in a real n8n 2.41, in the bench's workflows (Webhook → Split Out → Gemini Batch):
 * the Prompt parameter `{{ $json.prompt }}` and Prompt Source "Item Field" build the same job, each
 * request with its own item's prompt, keyed by item index (Request Key left at its default).
 */

const API_KEY = 'e2e-batch-one-pass-key-90d1';
let fake: FakeGemini;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 3_600_000, runningMs: 0 } });
	n8n = await startN8n({ credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })], workflows: [contenderWorkflow('expr'), contenderWorkflow('field')] });
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
}, 60_000);

type InlineRequest = { request: { contents: Array<{ parts: Array<{ text: string }> }> }; metadata: { key: string } };

/** Submits the prompts through a workflow; the job's inline requests as the fake received them. */
async function submitted(contender: 'expr' | 'field', prompts: string[]): Promise<InlineRequest[]> {
	fake.reset();
	const answer = await n8n.callWebhook(webhookPathOf(contender), { prompts });
	expect(answer.status).toBe(200);
	const execution = await latestExecution(n8n, workflowIdOf(contender));
	expect(execution.status).toBe('success');
	const [job] = nodeOutput(execution, CONTENDER_NODE);
	expect(job.json.batch).toMatchObject({ name: expect.stringMatching(/^batches\//), input: 'inline' });
	expect(job.pairedItem).toEqual(prompts.map((_, item) => ({ item })));
	const create = fake.requests.find((r) => r.path.includes(':batchGenerateContent'));
	return (create?.body as { batch: { inputConfig: { requests: { requests: InlineRequest[] } } } }).batch.inputConfig.requests.requests;
}

describe('Gemini Batch Submit in a real n8n', () => {
	it('builds the same job from an expression and from an item field, each request with its own prompt', async () => {
		const prompts = Array.from({ length: 50 }, (_, i) => `Ticket ${i}: "cannot sign in" since the update ${'🔒'.repeat(i % 3)}`);
		const byExpression = await submitted('expr', prompts);
		expect(byExpression.map((r) => r.metadata.key)).toEqual(prompts.map((_, i) => String(i)));
		expect(byExpression.map((r) => r.request.contents[0].parts[0].text)).toEqual(prompts);
		expect(await submitted('field', prompts)).toEqual(byExpression);
	});
});

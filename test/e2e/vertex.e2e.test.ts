import { generateKeyPairSync } from 'node:crypto';

import { EXAMPLE_IDS, loadExamples, onVertex, vertexCredentials } from '../../scripts/n8n/examples';
import { latestExecution, nodeOutput, startN8n, type N8nInstance } from '../../scripts/n8n/harness';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';

/**
 * The example workflows in a real n8n 2.41, each Gemini node switched to a "Gemini on Vertex AI"
 * credential (a service-account key made here) and nothing else changed, against the fake's Vertex
 * paths and token endpoint. Expected costs are hand-computed from the built-in price table
 * (https://ai.google.dev/gemini-api/docs/pricing; Vertex AI's list prices are the same for these models).
 */

const EMAIL = 'n8n-e2e@acme-prod.iam.gserviceaccount.com';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** Lines of the PEM body: none may appear in an execution record or n8n's log. */
const privateKeyLines = privateKeyPem.split('\n').filter((line) => line.length > 40);
const USAGE = '[[fake:usage prompt=1000 output=200 thoughts=100]]';
const WORKFLOWS = ['ask-gemini-webhook', 'answer-questions-webhook', 'stream-webhook', 'extract-email-webhook', 'tool-calling-webhook', 'agent-webhook', 'batch-submit'] as const;

let fake: FakeGemini;
let n8n: N8nInstance;

type Item = Record<string, unknown> & {
	usage: Record<string, number>;
	cost: Record<string, unknown> & { pricing: Record<string, unknown> };
	serviceTier: Record<string, string>;
	warnings: string[];
};

function keyFile(tokenUri: string): string {
	return JSON.stringify({ type: 'service_account', project_id: 'acme-prod', private_key_id: 'e2e1', private_key: privateKeyPem, client_email: EMAIL, token_uri: tokenUri });
}

beforeAll(async () => {
	fake = await startFakeGemini();
	fake.vertex.addServiceAccount(EMAIL, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
	const ids = new Set<string>(WORKFLOWS.map((name) => EXAMPLE_IDS[name]));
	n8n = await startN8n({
		credentials: [vertexCredentials({ authType: 'serviceAccount', serviceAccountKey: keyFile(`${fake.url}/token`), projectId: '', location: 'europe-west4', apiEndpoint: fake.url })],
		workflows: loadExamples().filter((workflow) => ids.has(workflow.id)).map(onVertex),
	});
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
}, 60_000);


function vertexCalls(): typeof fake.requests {
	return fake.requests.filter((r) => /:(stream)?[gG]enerateContent/.test(r.path));
}

function expectNoSecret(text: string): void {
	for (const line of privateKeyLines) expect(text).not.toContain(line);
	expect(text).not.toMatch(/ya29\.fake-/);
}

describe('the examples on Vertex AI in a real n8n', () => {
	it('answers the webhook example through the project-scoped path, priced by trafficType', async () => {
		const answer = await n8n.callWebhook('gemini-meter/ask', { prompt: `What is a webhook? ${USAGE}`, tier: 'priority' });
		expect(answer.status).toBe(200);
		const [item] = answer.body as Item[];
		// priority 2.5 Flash: 1000 × 0.54 / 1e6 = 0.00054; (200 + 100) × 4.50 / 1e6 = 0.00135
		expect(item.cost).toMatchObject({ input: 0.00054, output: 0.00135, total: 0.00189, cachedInput: 0 });
		expect(item.serviceTier).toEqual({ requested: 'priority', served: 'priority' });
		const call = vertexCalls().at(-1)!;
		// The project comes from the key (the credential's Project ID is empty).
		expect(call.path).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent');
		expect(call.headers['x-vertex-ai-llm-shared-request-type']).toBe('priority');
		expect(call.headers.authorization).toMatch(/^Bearer /);
		expect(call.body).not.toHaveProperty('serviceTier');

		const execution = await latestExecution(n8n, EXAMPLE_IDS['ask-gemini-webhook']);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Gemini Generate')[0].json).toEqual(item);
		expectNoSecret(JSON.stringify(execution));
	});

	it('a call served from Provisioned Throughput costs 0, says so, and still counts its tokens', async () => {
		const answer = await n8n.callWebhook('gemini-meter/ask', { prompt: `Hi [[fake:traffic=PROVISIONED_THROUGHPUT]] ${USAGE}`, tier: 'standard' });
		const [item] = answer.body as Item[];
		expect(item.usage).toMatchObject({ promptTokens: 1000, outputTokens: 200, thoughtsTokens: 100, totalTokens: 1300 });
		expect(item.cost).toMatchObject({ input: 0, output: 0, total: 0, totalDecimal: '0', pricing: { provisioned: true, known: true } });
		expect(item.warnings.join(' ')).toMatch(/Provisioned Throughput/);
	});

	it('a token that expired is refreshed once and the call goes through', async () => {
		const exchanges = fake.vertex.exchanges;
		const calls = vertexCalls().length;
		fake.vertex.expireAll();
		const answer = await n8n.callWebhook('gemini-meter/ask', { prompt: `Again ${USAGE}`, tier: 'standard' });
		expect(answer.status).toBe(200);
		// standard 2.5 Flash: 1000 × 0.30 / 1e6 + 300 × 2.50 / 1e6
		expect((answer.body as Item[])[0].cost).toMatchObject({ total: 0.00105 });
		expect(fake.vertex.exchanges).toBe(exchanges + 1);
		expect(vertexCalls().length).toBe(calls + 2); // the 401 and the retry
	});

	it('answers a list item by item at the flex price, Continue On Fail keeping the others', async () => {
		const usage = '[[fake:usage prompt=100 output=20 thoughts=0]]';
		const answer = await n8n.callWebhook('gemini-meter/questions', { tier: 'flex', questions: [`First? ${usage}`, 'Broken [[fake:403]]', `Third? ${usage}`] });
		const items = answer.body as Item[];
		for (const i of [0, 2]) expect(items[i].cost).toMatchObject({ total: 0.00004 }); // 100 × 0.15 + 20 × 1.25 µ$
		expect(items[1]).toMatchObject({ error: expect.stringMatching(/403 PERMISSION_DENIED.*\[item 1\]/) });
	});

	it('streams on Vertex with usage and cost on the end chunk', async () => {
		const streamed = await n8n.streamWebhook('gemini-meter/stream', { prompt: `one two three four ${USAGE}`, tier: 'flex' });
		expect(streamed.status).toBe(200);
		const end = streamed.lines.find((l) => l.chunk.type === 'end' && l.chunk.metadata?.nodeName === 'Gemini Stream');
		// flex: 1000 × 0.15 / 1e6 + 300 × 1.25 / 1e6 = 0.000525
		expect(JSON.parse(String(end?.chunk.content))).toMatchObject({ cost: { total: 0.000525 } });
		const call = vertexCalls().at(-1)!;
		expect(call.path).toMatch(/publishers\/google\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/);
		expect(call.headers['x-vertex-ai-llm-shared-request-type']).toBe('flex');
		const [final] = nodeOutput(await latestExecution(n8n, EXAMPLE_IDS['stream-webhook']), 'Gemini Stream');
		expect(final.json).toMatchObject({ serviceTier: { requested: 'flex', served: 'flex' }, cost: { total: 0.000525 } });
	});

	it('extracts with a repair round, both attempts billed', async () => {
		const answer = await n8n.callWebhook('gemini-meter/extract', {
			from: 'Ada <ada@example.com>',
			subject: 'Order',
			text: 'Two engines please. [[fake:json-violation times=1]] [[fake:usage prompt=400 output=100 thoughts=0]]',
			maxAttempts: 3,
		});
		const [item] = answer.body as Item[];
		expect(item.attempts).toBe(2);
		expect(item.cost).toMatchObject({ total: 0.00037 }); // flex: 800 × 0.15 + 200 × 1.25 µ$
	});

	it('runs the tool-calling example and the AI Agent with the chat model on Vertex', async () => {
		const tools = await n8n.callWebhook('gemini-meter/tools', { prompt: 'Weather in Paris? [[fake:function-call]] [[fake:usage prompt=100 output=10 thoughts=0]]' });
		expect((tools.body as Item[])[0].cost).toMatchObject({ total: 0.00011 });
		const agent = await n8n.callWebhook('gemini-meter/agent', {
			question: `What is 6 times 7? [[fake:call=Calculator args='{"input":"6*7"}' usage prompt=1000 output=200 thoughts=100]]`,
			sessionId: 'vertex-agent',
		});
		expect(agent.status).toBe(200);
		// Two gemini-3-flash-preview calls: 2 × (1000 × 0.50 + 300 × 3.00) / 1e6
		expect(agent.body).toMatchObject({ costUsd: '0.0028', modelCalls: 2 });
		expect(vertexCalls().at(-1)!.path).toContain('/publishers/google/models/gemini-3-flash-preview:');
	});

	it('the Batch example stops at once with an error naming the credential it needs', async () => {
		const before = fake.requests.length;
		await n8n.callWebhook('gemini-meter/batch', { prompts: ['One', 'Two'] });
		const execution = await latestExecution(n8n, EXAMPLE_IDS['batch-submit']);
		expect(execution.status).toBe('error');
		expect(JSON.stringify(execution.data?.resultData.error)).toMatch(/Gemini on Vertex AI credentials cannot run Gemini batch jobs/);
		expect(JSON.stringify(execution.data?.resultData.error)).toMatch(/Gemini API \(AI Studio Key\)/);
		expect(fake.requests.length).toBe(before); // nothing uploaded, nothing created
	});

	it('runs the credential test: OK with the key, Google\'s reason with a key it does not trust', async () => {
		const test = async (key: string) =>
			await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: '', name: 'Gemini on Vertex AI', type: 'geminiVertexAi', data: { authType: 'serviceAccount', serviceAccountKey: key, projectId: 'acme-prod', location: 'global', apiEndpoint: fake.url } },
			});
		const good = await test(keyFile(`${fake.url}/token`));
		expect(good.body).toMatchObject({ status: 'OK' });
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const bad = await test(JSON.stringify({ ...JSON.parse(keyFile(`${fake.url}/token`)), private_key: other }));
		expect(bad.body.status).toBe('Error');
		expect(bad.body.message).toMatch(/invalid_grant: Invalid JWT Signature/);
		expect(bad.body.message).not.toContain(other.split('\n')[3]);
	});

	it('leaves the private key and the tokens out of every execution record and n8n\'s log', async () => {
		for (const name of WORKFLOWS) {
			for (const execution of await n8n.executions(EXAMPLE_IDS[name])) expectNoSecret(JSON.stringify(execution));
		}
		expectNoSecret(n8n.logs());
	});
});

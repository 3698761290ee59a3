import { EXAMPLE_IDS, demoCredentials, loadExamples } from '../../scripts/n8n/examples';
import { latestExecution, nodeOutput, startN8n, type N8nInstance } from '../../scripts/n8n/harness';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';

/**
 * The Shared Context example (examples/shared-context-questions.json) in a real n8n 2.41: a
 * document and 20 questions → Gemini Generate with Shared Context → Summarize (the run's cost as
 * the sum of the items). Prices: https://ai.google.dev/gemini-api/docs/pricing (2.5 Flash).
 */

const API_KEY = 'e2e-shared-context-key-91f0';
let fake: FakeGemini;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	n8n = await startN8n({
		credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })],
		workflows: loadExamples().filter((workflow) => workflow.id === EXAMPLE_IDS['shared-context-questions']),
	});
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
}, 60_000);

/** 400,000 characters: 100,000 tokens on the fake. */
const DOCUMENT = 'abcd'.repeat(100_000);
/** 38 characters each: with the document, 100,010 prompt tokens per item. */
const QUESTIONS = Array.from({ length: 20 }, (_, i) => `Question ${String(i).padStart(2, '0')}: what does the clause say?`);

describe('Shared Context example in a real n8n', () => {
	it('20 questions about a 100k-token document: the items sum to the hand calculation, ≥ 60% under uncached, no cache left', async () => {
		const answer = await n8n.callWebhook('gemini-meter/document-questions', { document: DOCUMENT, questions: QUESTIONS });
		expect(answer.status).toBe(200);
		const summary = answer.body as { sum_cost_total: number; sum_caching_uncachedTotal: number; count_text: number };
		expect(summary.count_text).toBe(20);
		expect(fake.caches()).toEqual([]);
		expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1beta/cachedContents')).toHaveLength(1);

		const execution = await latestExecution(n8n, EXAMPLE_IDS['shared-context-questions']);
		expect(execution.status).toBe('success');
		const items = nodeOutput(execution, 'Gemini Generate').map((item) => item.json as { caching: { runOneOff?: { creation: number; storage: number } } });
		const oneOff = items[0].caching.runOneOff!;
		// One creation (100,000 × $0.30 / 1M = $0.03) + storage for the time used ($1.00 per 1M
		// tokens per hour) + 20 × (100,000 cache reads × $0.03 + 10 question tokens × $0.30 +
		// 33 output tokens × $2.50, per 1M) = 0.03 + storage + 20 × 0.0030855.
		expect(oneOff.creation).toBe(0.03);
		expect(summary.sum_cost_total).toBeCloseTo(0.03 + oneOff.storage + 20 * 0.0030855, 10);
		// The same items uncached: 20 × (100,010 × $0.30 + 33 × $2.50) / 1M.
		expect(summary.sum_caching_uncachedTotal).toBeCloseTo(20 * 0.0300855, 10);
		expect(summary.sum_cost_total).toBeLessThan(0.4 * summary.sum_caching_uncachedTotal);
		expect(JSON.stringify(execution)).not.toContain(API_KEY);
	});
});

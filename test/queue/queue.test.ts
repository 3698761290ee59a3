import { EXAMPLE_IDS, demoCredentials, loadExamples } from '../../scripts/n8n/examples';
import { isAlive, modelCallEntries, nodeOutput, type Execution } from '../../scripts/n8n/harness';
import { startQueueCluster, type QueueCluster } from '../../scripts/queue/cluster';
import { listWorkflow } from '../../scripts/queue/workflows';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { attemptsByTag, gaps } from './attempts';

/**
 * The package in n8n 2.41's queue mode, deployed as an operator would: PostgreSQL and Redis from
 * Debian, one main instance and two workers (concurrency 20 each), the package installed as a
 * community package in every user folder. Executions are read back from n8n's records and matched
 * to the worker that ran them through the workers' logs. Prices:
 * https://ai.google.dev/gemini-api/docs/pricing (2.5 Flash).
 */

const API_KEY = 'queue-secret-key-8e3b';
const WORKER_CONCURRENCY = 20;
/** flex 2.5 Flash: 1000 × 0.15 / 1e6 = 0.00015; 200 × 1.25 / 1e6 = 0.00025 */
const USAGE = 'usage prompt=1000 output=200 thoughts=0';
const FLEX_COST = { input: 0.00015, output: 0.00025, total: 0.0004 };
const STORM_RETRIES = 3;
const STORM_CALLS = 25;
const STORM_ITEMS = 8;

/** The list example with Concurrency 20 and more retries: the 429 storm's workflow. */
const STORM = listWorkflow({
	id: 'geminiMeterStorm01',
	name: 'Queue mode: 429 storm',
	path: 'gemini-meter/storm',
	requestOptions: { concurrency: 20, maxRetries: STORM_RETRIES },
});

let fake: FakeGemini;
let cluster: QueueCluster;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	cluster = await startQueueCluster({
		credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })],
		workflows: [...loadExamples(), STORM],
		workers: 2,
		workerConcurrency: WORKER_CONCURRENCY,
		readyWebhook: { path: 'gemini-meter/ask', body: { prompt: 'Ready?' } },
		log: (line) => process.stderr.write(`[queue] ${line}\n`),
	});
}, 20 * 60_000);

afterAll(async () => {
	const pids = cluster ? [cluster.postgres.pid, cluster.redis.pid, cluster.main.pid, ...cluster.workers.map((w) => w.pid)] : [];
	await cluster?.stop();
	await fake?.close();
	// Nothing left running: every process group the cluster started is gone.
	for (const pid of pids) expect(isAlive(pid)).toBe(false);
}, 120_000);

async function executionsOf(workflowId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const finished = (await cluster.main.executions(workflowId)).filter((execution) => execution.stoppedAt);
		if (finished.length >= count || Date.now() > deadline) return finished.slice(0, count);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

describe('n8n queue mode: one main, two workers', () => {
	it('spreads 40 concurrent webhook calls over both workers, every item in order with its exact cost', async () => {
		const calls = Array.from({ length: 40 }, (_, call) =>
			Array.from({ length: 10 }, (_, item) => `Question ${call}.${item} [[fake:delay=300 ${USAGE}]]`),
		);
		const answers = await Promise.all(calls.map(async (questions) => await cluster.main.callWebhook('gemini-meter/questions', { questions, tier: 'flex' })));
		for (const [call, answer] of answers.entries()) {
			expect(answer.status).toBe(200);
			const items = answer.body as Array<{ text: string; cost: Record<string, unknown> }>;
			expect(items.map((item) => item.text)).toEqual(calls[call].map((_, item) => `Echo: Question ${call}.${item}`));
			for (const item of items) expect(item.cost).toMatchObject(FLEX_COST);
		}
		const executions = await executionsOf(EXAMPLE_IDS['answer-questions-webhook'], 40);
		expect(executions).toHaveLength(40);
		const split = [0, 0];
		for (const execution of executions) {
			expect(execution.status).toBe('success');
			const worker = cluster.workerOf(execution.id);
			expect(worker).toBeDefined();
			split[worker!]++;
		}
		process.stderr.write(`[queue] executions per worker: ${split.join(' / ')}\n`);
		// 40 jobs against 20 slots per worker: neither worker can have taken them all.
		expect(split[0]).toBeGreaterThan(0);
		expect(split[1]).toBeGreaterThan(0);
	});

	it('streams through a worker: the first words arrive long before the end, usage and cost with the end chunk', async () => {
		const words = Array.from({ length: 12 }, (_, i) => `word${i}`).join(' ');
		const streamed = await cluster.main.streamWebhook('gemini-meter/stream', { prompt: `${words} [[fake:chunk-interval=150 ${USAGE}]]`, tier: 'flex' });
		expect(streamed.status).toBe(200);
		const items = streamed.lines.filter((line) => line.chunk.type === 'item' && line.chunk.metadata?.nodeName === 'Gemini Stream');
		expect(items.map((line) => line.chunk.content).join('')).toBe(`Echo: ${words}`);
		expect(items.length).toBeGreaterThanOrEqual(8);
		expect(items.at(-1)!.at - items[0].at).toBeGreaterThanOrEqual(1000);
		const end = streamed.lines.find((line) => line.chunk.type === 'end' && line.chunk.metadata?.nodeName === 'Gemini Stream');
		expect(JSON.parse(String(end?.chunk.content))).toMatchObject({ cost: FLEX_COST, finishReason: 'STOP' });

		const [execution] = await executionsOf(EXAMPLE_IDS['stream-webhook'], 1);
		expect(execution.status).toBe('success');
		expect(cluster.workerOf(execution.id)).toBeDefined();
		expect(nodeOutput(execution, 'Gemini Stream')[0].json).toMatchObject({ text: `Echo: ${words}`, cost: FLEX_COST });
	});

	it('runs the agent example on a worker: the tool call and both model calls metered', async () => {
		const answer = await cluster.main.callWebhook('gemini-meter/agent', {
			question: `What is 6 times 7? [[fake:call=Calculator args='{"input":"6*7"}' usage prompt=1000 output=200 thoughts=100]]`,
			sessionId: 'queue-agent',
		});
		expect(answer.status).toBe(200);
		// gemini-3-flash-preview, Standard: 2 × (1000 × 0.50 + 300 × 3.00) / 1e6
		expect(answer.body).toEqual({ answer: 'Tool Calculator answered: {"result":[{"response":"42"}]}', costUsd: '0.0028', modelCalls: 2 });
		const [execution] = await executionsOf(EXAMPLE_IDS['agent-webhook'], 1);
		expect(cluster.workerOf(execution.id)).toBeDefined();
		const calls = modelCallEntries(execution, 'Gemini Chat Model (Metered)');
		expect(calls.map((call) => (call.cost as { total: number }).total)).toEqual([0.0014, 0.0014]);
	});

	it('runs the Shared Context (cache) example on a worker: one cache, the hand-computed total, no cache left', async () => {
		const questions = Array.from({ length: 20 }, (_, i) => `Question ${String(i).padStart(2, '0')}: what does the clause say?`);
		const answer = await cluster.main.callWebhook('gemini-meter/document-questions', { document: 'abcd'.repeat(100_000), questions });
		expect(answer.status).toBe(200);
		const summary = answer.body as { sum_cost_total: number; count_text: number };
		expect(summary.count_text).toBe(20);
		expect(fake.caches()).toEqual([]);
		const [execution] = await executionsOf(EXAMPLE_IDS['shared-context-questions'], 1);
		expect(cluster.workerOf(execution.id)).toBeDefined();
		const oneOff = (nodeOutput(execution, 'Gemini Generate')[0].json as { caching: { runOneOff: { creation: number; storage: number } } }).caching.runOneOff;
		// Creation 100,000 × 0.30 / 1e6 + storage + 20 × (100,000 × 0.03 + 10 × 0.30 + 33 × 2.50) / 1e6
		expect(oneOff.creation).toBe(0.03);
		expect(summary.sum_cost_total).toBeCloseTo(0.03 + oneOff.storage + 20 * 0.0030855, 10);
	});

	it('fires the Batch Trigger exactly once per finished job, each run on a worker', async () => {
		const jobOf = (json: Record<string, unknown>) =>
			((json.batch ?? (json.details as { batch?: unknown } | undefined)?.batch) as { name?: string } | undefined)?.name;
		const firings = async (job: string) =>
			(await cluster.main.executions(EXAMPLE_IDS['batch-trigger-results'])).filter((execution) =>
				nodeOutput(execution, 'Gemini Batch Trigger').some((item) => jobOf(item.json) === job),
			);
		const submit = async (label: string) => {
			const prompts = Array.from({ length: 5 }, (_, i) => `${label} ${i} [[fake:${USAGE}]]`);
			const answer = await cluster.main.callWebhook('gemini-meter/batch', { prompts });
			expect(answer.status).toBe(200);
			return String((answer.body as Array<{ batch: { name: string } }>)[0].batch.name);
		};
		const waitForFiring = async (job: string) => {
			// The trigger polls every minute (n8n's shortest interval).
			const deadline = Date.now() + 150_000;
			while ((await firings(job)).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2_000));
		};
		const first = await submit('First job');
		await waitForFiring(first);
		// A second job finishes after the first firing: the next poll must bring it, and not the first again.
		const second = await submit('Second job');
		await waitForFiring(second);
		for (const job of [first, second]) {
			const runs = await firings(job);
			expect(runs).toHaveLength(1);
			expect(runs[0].status).toBe('success');
			expect(cluster.workerOf(runs[0].id)).toBeDefined();
			expect(nodeOutput(runs[0], 'Gemini Batch Trigger').filter((item) => jobOf(item.json) === job)).toHaveLength(5);
		}
	}, 360_000);
});

describe('a 429 storm across both workers at concurrency 20', () => {
	it('ends every item with one result or error item, waits as RetryInfo says, within a bounded time', async () => {
		fake.reset();
		// 25 executions against 20 slots per worker, each held ≥ 3 s by its poisoned item: both workers take part.
		const poisoned = new Set([5]);
		const calls = Array.from({ length: STORM_CALLS }, (_, call) =>
			Array.from({ length: STORM_ITEMS }, (_, item) =>
				poisoned.has(item) ? `storm-${call}-${item} [[fake:429 retryDelay=1s]]` : `storm-${call}-${item} [[fake:${USAGE}]]`,
			),
		);
		// The first 120 generateContent requests of the other items get a 429 asking for a 1 s wait.
		fake.enqueueFault({ status: 429, retryDelay: '1s', times: 120, match: (r) => r.path.includes(':generateContent') && !JSON.stringify(r.body).includes('fake:429') });
		const started = Date.now();
		const answers = await Promise.all(calls.map(async (questions) => await cluster.main.callWebhook('gemini-meter/storm', { questions, tier: 'flex' })));
		const elapsedMs = Date.now() - started;

		for (const [call, answer] of answers.entries()) {
			expect(answer.status).toBe(200);
			const items = answer.body as Array<Record<string, unknown>>;
			expect(items).toHaveLength(STORM_ITEMS);
			for (const [item, json] of items.entries()) {
				if (poisoned.has(item)) {
					expect(json).toMatchObject({ error: expect.stringMatching(new RegExp(`429 RESOURCE_EXHAUSTED after ${STORM_RETRIES + 1} attempts[\\s\\S]*\\[item ${item}\\]$`)) });
					expect(json).not.toHaveProperty('cost');
				} else {
					expect(json).toMatchObject({ text: `Echo: storm-${call}-${item}`, cost: FLEX_COST });
				}
			}
		}
		const attempts = attemptsByTag(fake.requests, /storm-\d+-\d+/);
		expect(attempts.size).toBe(STORM_CALLS * STORM_ITEMS);
		let retried = 0;
		for (const [tag, times] of attempts) {
			const item = Number(tag.split('-')[2]);
			if (poisoned.has(item)) expect(times).toHaveLength(STORM_RETRIES + 1);
			retried += times.length - 1;
			// Each wait at least the 1 s RetryInfo asked for (a timer may fire a millisecond early).
			for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(995);
		}
		// Every 429 the storm sent was retried once: 120 for the storm, 3 for each call's poisoned item.
		expect(retried).toBe(120 + STORM_CALLS * STORM_RETRIES);
		const split = [0, 0];
		for (const execution of await executionsOf(STORM.id, STORM_CALLS)) split[cluster.workerOf(execution.id)!]++;
		process.stderr.write(`[queue] 429 storm: ${attempts.size} items, ${retried} retries, ${elapsedMs} ms, executions per worker ${split.join(' / ')}\n`);
		expect(split[0] + split[1]).toBe(STORM_CALLS);
		expect(Math.min(...split)).toBeGreaterThan(0);
		// Bounded: the poisoned items' three 1 s waits, plus generous room for a loaded machine.
		expect(elapsedMs).toBeGreaterThanOrEqual(3_000);
		expect(elapsedMs).toBeLessThan(60_000);
	}, 120_000);
});

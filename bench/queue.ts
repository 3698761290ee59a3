/**
 * Queue mode: the same 2,000 requests (80 webhook calls of 25 prompts, sent at once) through a
 * single n8n process, through n8n's queue mode with one worker, and with two workers, against the
 * fake Gemini server in its own process answering after 50 ms. Alone: `npm run bench:queue`.
 *
 * Each deployment has the same execution slots per process: the single process runs at most
 * WORKER_CONCURRENCY production executions at once (N8N_CONCURRENCY_PRODUCTION_LIMIT), each worker
 * takes WORKER_CONCURRENCY jobs (`n8n worker --concurrency`), and Gemini Generate sends
 * NODE_CONCURRENCY requests at a time. So one process keeps at most 5 × 1 requests in flight and
 * the second worker can double that: the ratio shows how far the queue turns a second worker into
 * throughput. Each deployment: warm-up calls, then the median of RUNS passes. Next to wall time,
 * the CPU time of the n8n processes (main and workers, from
 * /proc/<pid>/stat) per request: less noisy than wall time on a shared machine.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { demoCredentials } from '../scripts/n8n/examples';
import { startN8n, type N8nInstance } from '../scripts/n8n/harness';
import { startQueueCluster } from '../scripts/queue/cluster';
import { listWorkflow } from '../scripts/queue/workflows';
import { executionsStartedIn } from '../scripts/queue/workerLog';
import { startFakeProcess } from './fakeProcess';
import { medianBy } from './stats';

const API_KEY = 'bench-queue-key-6a0c';
const LATENCY_MS = 50;
const CALLS = 80;
const RUNS = 3;
const PROMPTS_PER_CALL = 25;
const WORKER_CONCURRENCY = 5;
const NODE_CONCURRENCY = 1;
const PATH = 'gemini-meter/bench-queue';
const WORKFLOW = listWorkflow({ id: 'geminiMeterBenchQ1', name: 'Bench: queue mode', path: PATH, requestOptions: { concurrency: NODE_CONCURRENCY } });
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK)

export interface QueueBenchRun {
	deployment: string;
	wallMs: number;
	requestsPerSecond: number;
	/** CPU time of the n8n processes (main and workers) per request, ms. */
	cpuMsPerRequest: number;
}

export interface QueueBenchResult {
	requests: number;
	latencyMs: number;
	workerConcurrency: number;
	nodeConcurrency: number;
	single: QueueBenchRun;
	oneWorker: QueueBenchRun;
	twoWorkers: QueueBenchRun;
	/** Executions each worker ran in the two-worker run. */
	split: number[];
	/** twoWorkers / oneWorker requests per second. */
	ratio: number;
}

/** utime + stime of a process, ms. Fields 14 and 15 of /proc/<pid>/stat, counted after the `(comm)` field. */
export function cpuMsFromStat(stat: string): number {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1000;
}

const cpuMs = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')), 0);

/** Sends every call at once; every answer must hold all its items without an error. */
async function sendAll(n8n: N8nInstance, calls: number): Promise<void> {
	const answers = await Promise.all(
		Array.from({ length: calls }, async (_, call) => {
			const questions = Array.from({ length: PROMPTS_PER_CALL }, (_, item) => `Bench ${call}.${item}`);
			return await n8n.callWebhook(PATH, { questions, tier: 'flex' });
		}),
	);
	for (const answer of answers) {
		const items = answer.body as Array<Record<string, unknown>>;
		if (answer.status !== 200 || !Array.isArray(items) || items.length !== PROMPTS_PER_CALL || items.some((item) => 'error' in item)) {
			throw new Error(`bench call failed: ${answer.status} ${answer.text.slice(0, 300)}`);
		}
	}
}

/** One timed pass of every call; CPU of the n8n processes over it. */
async function timedPass(deployment: string, n8n: N8nInstance, pids: () => number[]): Promise<QueueBenchRun> {
	const cpuBefore = cpuMs(pids());
	const started = performance.now();
	await sendAll(n8n, CALLS);
	const wallMs = performance.now() - started;
	const requests = CALLS * PROMPTS_PER_CALL;
	return { deployment, wallMs, requestsPerSecond: requests / (wallMs / 1000), cpuMsPerRequest: (cpuMs(pids()) - cpuBefore) / requests };
}

/** Warm-up calls first (code paths loaded, connections open), then the median of RUNS timed passes by wall time. */
async function measure(deployment: string, n8n: N8nInstance, pids: () => number[]): Promise<QueueBenchRun> {
	await sendAll(n8n, 4);
	const runs: QueueBenchRun[] = [];
	for (let run = 0; run < RUNS; run++) runs.push(await timedPass(deployment, n8n, pids));
	return medianBy(runs, (run) => run.wallMs);
}

export async function benchQueue(log: (line: string) => void = () => {}): Promise<QueueBenchResult> {
	const fake = await startFakeProcess({ apiKey: API_KEY, latencyMs: LATENCY_MS });
	const credentials = [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })];
	try {
		log('single n8n process…');
		const n8n = await startN8n({ credentials, workflows: [WORKFLOW], env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(WORKER_CONCURRENCY) }, log });
		let single: QueueBenchRun;
		try {
			single = await measure('single process (regular mode)', n8n, () => [n8n.pid]);
		} finally {
			await n8n.stop();
		}
		log('queue mode, one worker…');
		const cluster = await startQueueCluster({
			credentials,
			workflows: [WORKFLOW],
			workers: 1,
			workerConcurrency: WORKER_CONCURRENCY,
			readyWebhook: { path: PATH, body: { questions: ['Ready?'] } },
			log,
		});
		try {
			const pids = () => [cluster.main.pid, ...cluster.workers.map((worker) => worker.pid)];
			const oneWorker = await measure('queue mode, 1 worker', cluster.main, pids);
			log('queue mode, two workers…');
			await cluster.addWorker();
			const startedBefore = cluster.workers.map((worker) => executionsStartedIn(worker.logs()).length);
			const twoWorkers = await measure('queue mode, 2 workers', cluster.main, pids);
			const split = cluster.workers.map((worker, index) => executionsStartedIn(worker.logs()).length - startedBefore[index]);
			const ratio = twoWorkers.requestsPerSecond / oneWorker.requestsPerSecond;
			return { requests: CALLS * PROMPTS_PER_CALL, latencyMs: LATENCY_MS, workerConcurrency: WORKER_CONCURRENCY, nodeConcurrency: NODE_CONCURRENCY, single, oneWorker, twoWorkers, split, ratio };
		} finally {
			await cluster.stop();
		}
	} finally {
		await fake.stop();
	}
}

const TARGET_RATIO = 1.7;

export function queueSection(r: QueueBenchResult): string[] {
	const row = (run: QueueBenchRun) =>
		`| ${run.deployment} | ${(run.wallMs / 1000).toFixed(1)} | ${run.requestsPerSecond.toFixed(0)} | ${run.cpuMsPerRequest.toFixed(2)} | ${(run.requestsPerSecond / r.oneWorker.requestsPerSecond).toFixed(2)}× |`;
	return [
		'## 7. Queue mode: one worker vs two',
		'',
		`The same ${r.requests.toLocaleString('en-US')} requests (${CALLS} webhook calls of ${PROMPTS_PER_CALL} prompts, sent at once) against the fake server at ${r.latencyMs} ms, ` +
			`${r.workerConcurrency} executions at a time per process (worker concurrency; the single process: N8N_CONCURRENCY_PRODUCTION_LIMIT), ` +
			`Gemini Generate Concurrency ${r.nodeConcurrency}. Queue mode: PostgreSQL, Redis, one main instance (warm-up calls first, then the median of ${RUNS} timed passes by wall time).`,
		'',
		'| Deployment | Wall (s) | Requests/s | n8n CPU ms per request | vs 1 worker |',
		'|---|---:|---:|---:|---:|',
		row(r.single),
		row(r.oneWorker),
		row(r.twoWorkers),
		'',
		`Two workers ran ${r.split.join(' / ')} executions (warm-up and every pass); throughput ratio ${r.ratio.toFixed(2)}× (target ≥ ${TARGET_RATIO}×: ${r.ratio >= TARGET_RATIO ? 'met' : 'NOT met'}).`,
		'',
	];
}

if (require.main === module) {
	benchQueue((line) => console.error(`[bench:queue] ${line}`))
		.then((result) => {
			console.log(queueSection(result).join('\n'));
			console.log(JSON.stringify(result));
		})
		.catch((error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		});
}

/**
 * Real-n8n benchmark: Gemini Generate inside a real n8n 2.41.1 (scripts/n8n/harness.ts) next to
 * n8n's own references in the same n8n and the same run (realN8nWorkflows.ts): a No-Op workflow
 * (n8n's own share), a Set node evaluating the same `{{ $json.prompt }}` (n8n's floor for that
 * expression) and n8n's HTTP Request node sending the same requests; against the fake Gemini
 * server in a child process with a fixed latency per answer.
 *
 * After one checked warm-up of each workflow, `runs` rounds in which every workflow runs once,
 * in an order that turns each round, so drift hits all alike. Per run:
 *
 * - wall: the webhook call end to end as the client sees it (webhook handling, execution start
 *   and save included);
 * - CPU: the n8n process group's CPU time from before the call to `SETTLE_MS` after its answer
 *   (so the execution's save counts), less what n8n burns idle over that window (measured at
 *   start), per item;
 * - node: n8n's recorded executionTime of the nodes doing the work.
 *
 * Gemini Generate's target at concurrency c: at most the larger of 1.25 × the wire limit
 * (⌈N/c⌉ × latency) and 1.1 × (the Set workflow's wall time + the wire limit).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

import { demoCredentials } from '../scripts/n8n/examples';
import { startN8n, type Execution, type N8nInstance, type RunDataEntry } from '../scripts/n8n/harness';
import { runAlone } from './alone';
import { groupCpuUs } from './processCpu';
import { GEMINI_NODE, geminiSubject, HTTP_NODE, httpSubject, LOOP_NODE, noOpSubject, setSubject, DONE_NODE, SET_NODE, type Subject } from './realN8nWorkflows';
import { realN8nSection } from './report';
import { median } from './stats';

const API_KEY = 'bench-n8n-key-2b7e';
/** How long after the webhook's answer CPU is still counted (n8n saves the execution then). */
const SETTLE_MS = 150;
export const WIRE_FACTOR = 1.25;
export const FLOOR_FACTOR = 1.1;

export interface RealN8nTiming {
	/** End-to-end webhook wall time of each measured run, ms (client-measured). */
	runsMs: number[];
	medianMs: number;
	/** medianMs / items */
	msPerItem: number;
	itemsPerSecond: number;
	/** Median over runs of the summed n8n `executionTime` of the nodes doing the work. */
	nodeMedianMs: number;
	/** Median over runs of the n8n process group's CPU time per item, µs (idle burn removed). */
	cpuUsPerItem: number;
}
export interface RealN8nRow {
	concurrency: number;
	/** ⌈N/c⌉ × latency, ms. */
	wireLimitMs: number;
	httpRequest: RealN8nTiming;
	geminiGenerate: RealN8nTiming;
	/** The Set workflow's median wall time + the wire limit, ms. */
	floorPlusWireMs: number;
	/** max(1.25 × wire limit, 1.1 × floor + wire), ms. */
	targetMs: number;
}
export interface RealN8nResult {
	n8nVersion: string;
	items: number;
	latencyMs: number;
	runs: number;
	startupMs: number;
	/** CPU the n8n process group burns while idle, µs per second (subtracted from every run). */
	idleCpuUsPerSecond: number;
	noOp: RealN8nTiming;
	set: RealN8nTiming;
	rows: RealN8nRow[];
}

interface RunSample {
	wallMs: number;
	cpuUs: number;
	nodeMs: number;
}

// ---------------------------------------------------------------------------------------------
// Running and reading back

function prompts(items: number): string[] {
	return Array.from({ length: items }, (_, i) => `Say something about item ${i}`);
}

/** The newest execution of the workflow that is not `previousId`, once n8n has finished recording it. */
async function newExecution(n8n: N8nInstance, workflowId: string, previousId: string | undefined): Promise<Execution> {
	const deadline = performance.now() + 30_000;
	for (;;) {
		const [latest] = await n8n.executions(workflowId);
		if (latest && latest.id !== previousId && latest.stoppedAt && latest.status !== 'running' && latest.status !== 'new') {
			return latest;
		}
		if (performance.now() > deadline) throw new Error(`no new finished execution of ${workflowId} after 30 s`);
		await delay(100);
	}
}

function runsOf(execution: Execution, nodeName: string): RunDataEntry[] {
	return execution.data?.resultData.runData[nodeName] ?? [];
}

/** Every output item (first output) of every run of a node. */
function outputItems(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	return runsOf(execution, nodeName).flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

/** The warm-up run's check: every item went through the path's own node and reached Done. */
function checkOutputs(subject: Subject, execution: Execution, items: number): void {
	const name = `${subject.path} c${subject.concurrency}`;
	const counted = (nodeName: string, good: (json: Record<string, unknown>) => boolean) => {
		const all = outputItems(execution, nodeName);
		const ok = all.filter(good).length;
		if (all.length !== items || ok !== items) throw new Error(`${name}: ${all.length} ${nodeName} outputs, ${ok} good; expected ${items}: ${JSON.stringify(all[0])}`);
	};
	if (subject.path === 'http') {
		counted(HTTP_NODE, (json) => Array.isArray(json.candidates) && json.candidates.length > 0);
		const expectedLoopRuns = Math.ceil(items / subject.concurrency) + 1;
		if (runsOf(execution, LOOP_NODE).length !== expectedLoopRuns) {
			throw new Error(`${name}: Loop Over Items ran ${runsOf(execution, LOOP_NODE).length} times, expected ${expectedLoopRuns}`);
		}
	} else if (subject.path === 'gemini') {
		counted(GEMINI_NODE, (json) => typeof json.text === 'string' && json.text !== '' && json.error === undefined);
	} else if (subject.path === 'set') {
		counted(SET_NODE, (json) => typeof json.prompt === 'string' && json.prompt.startsWith('Say something'));
	}
	counted(DONE_NODE, () => true);
}

/** One webhook call of a subject: wall time, n8n's CPU, and n8n's record of it. */
async function runOnce(n8n: N8nInstance, subject: Subject, items: number, idleUsPerMs: number, lastIds: Map<string, string | undefined>, check: boolean): Promise<RunSample> {
	const body = { prompts: prompts(items) };
	const cpuBefore = groupCpuUs(n8n.pid);
	const answer = await n8n.callWebhook(subject.webhookPath, body);
	await delay(SETTLE_MS);
	const cpuUs = groupCpuUs(n8n.pid) - cpuBefore - idleUsPerMs * (answer.durationMs + SETTLE_MS);
	if (answer.status !== 200) throw new Error(`${subject.webhookPath}: webhook answered ${answer.status}: ${answer.text.slice(0, 500)}`);
	const execution = await newExecution(n8n, subject.workflow.id, lastIds.get(subject.workflow.id));
	lastIds.set(subject.workflow.id, execution.id);
	if (execution.status !== 'success') {
		throw new Error(`${subject.webhookPath}: execution ${execution.id} ended ${execution.status}: ${JSON.stringify(execution.data?.resultData.error)}`);
	}
	if (check) checkOutputs(subject, execution, items);
	const nodeMs = subject.timedNodes.flatMap((name) => runsOf(execution, name)).reduce((sum, run) => sum + run.executionTime, 0);
	return { wallMs: answer.durationMs, cpuUs, nodeMs };
}

function timing(samples: RunSample[], items: number): RealN8nTiming {
	const medianMs = median(samples.map((s) => s.wallMs));
	return {
		runsMs: samples.map((s) => s.wallMs),
		medianMs,
		msPerItem: medianMs / items,
		itemsPerSecond: items / (medianMs / 1000),
		nodeMedianMs: median(samples.map((s) => s.nodeMs)),
		cpuUsPerItem: Math.round(median(samples.map((s) => s.cpuUs)) / items),
	};
}

function describeRun(subject: Subject, label: string, sample: RunSample, items: number): string {
	const c = subject.concurrency ? ` c=${subject.concurrency}` : '';
	return `${subject.path}${c} ${label}: wall ${sample.wallMs} ms, CPU ${Math.round(sample.cpuUs / items)} µs/item, nodes ${sample.nodeMs} ms`;
}

function n8nVersionOf(n8n: N8nInstance): string {
	const file = join(n8n.runtime.dir, 'node_modules', 'n8n', 'package.json');
	return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** What the n8n process group burns with nothing to do, µs per ms. */
async function idleCpuRate(pid: number, windowMs = 1000): Promise<number> {
	const before = groupCpuUs(pid);
	const started = performance.now();
	await delay(windowMs);
	return (groupCpuUs(pid) - before) / (performance.now() - started);
}

export interface RealN8nOptions {
	fakeUrl: string;
	apiKey: string;
	latencyMs: number;
	items: number;
	concurrencies: number[];
	runs: number;
	log?: (line: string) => void;
	/** Extra environment for n8n (e.g. NODE_OPTIONS with --cpu-prof to profile it). */
	env?: Record<string, string>;
}

/** Starts one n8n with every workflow, measures them (see the top of this file), and stops n8n. */
export async function benchRealN8n(options: RealN8nOptions): Promise<RealN8nResult> {
	const { items, runs, latencyMs } = options;
	const log = options.log ?? (() => {});
	const noOp = noOpSubject();
	const set = setSubject();
	const pairs = options.concurrencies.map((c) => ({ http: httpSubject(options.fakeUrl, options.apiKey, c), gemini: geminiSubject(c) }));
	const subjects = [noOp, set, ...pairs.flatMap((pair) => [pair.http, pair.gemini])];
	const started = performance.now();
	const n8n = await startN8n({
		credentials: [demoCredentials({ apiKey: options.apiKey, baseUrl: options.fakeUrl })],
		workflows: subjects.map((s) => s.workflow),
		log,
		env: options.env,
	});
	try {
		const startupMs = Math.round(performance.now() - started);
		const n8nVersion = n8nVersionOf(n8n);
		log(`n8n ${n8nVersion} ready in ${startupMs} ms`);
		const lastIds = new Map<string, string | undefined>();
		for (const subject of subjects) log(describeRun(subject, 'warm-up', await runOnce(n8n, subject, items, 0, lastIds, true), items));
		const idleUsPerMs = await idleCpuRate(n8n.pid);
		log(`n8n idle: ${Math.round(idleUsPerMs * 1000)} µs CPU per second`);
		const samples = new Map<Subject, RunSample[]>(subjects.map((s) => [s, []]));
		for (let run = 1; run <= runs; run++) {
			// A different order each round, so no workflow always runs right after another.
			const order = subjects.map((_, i) => subjects[(i + run) % subjects.length]);
			for (const subject of order) {
				const sample = await runOnce(n8n, subject, items, idleUsPerMs, lastIds, false);
				samples.get(subject)!.push(sample);
				log(describeRun(subject, `run ${run}/${runs}`, sample, items));
			}
		}
		const setTiming = timing(samples.get(set)!, items);
		const rows = pairs.map(({ http, gemini }): RealN8nRow => {
			const wireLimitMs = Math.ceil(items / gemini.concurrency) * latencyMs;
			const floorPlusWireMs = setTiming.medianMs + wireLimitMs;
			return {
				concurrency: gemini.concurrency,
				wireLimitMs,
				httpRequest: timing(samples.get(http)!, items),
				geminiGenerate: timing(samples.get(gemini)!, items),
				floorPlusWireMs,
				targetMs: Math.max(WIRE_FACTOR * wireLimitMs, FLOOR_FACTOR * floorPlusWireMs),
			};
		});
		const idleCpuUsPerSecond = Math.round(idleUsPerMs * 1000);
		return { n8nVersion, items, latencyMs, runs, startupMs, idleCpuUsPerSecond, noOp: timing(samples.get(noOp)!, items), set: setTiming, rows };
	} finally {
		await n8n.stop();
	}
}

if (require.main === module) {
	const log = (line: string) => console.error(`[realN8n] ${line}`);
	const env = process.env.BENCH_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS } : undefined;
	const concurrencies = (process.env.BENCH_N8N_CONCURRENCIES ?? '20').split(',').map(Number);
	const runs = Number(process.env.BENCH_N8N_RUNS ?? 5);
	runAlone({
		name: 'realN8n',
		apiKey: API_KEY,
		latencyMs: 20,
		run: async (fakeUrl) => await benchRealN8n({ fakeUrl, apiKey: API_KEY, latencyMs: 20, items: 400, concurrencies, runs, log, env }),
		render: realN8nSection,
	});
}

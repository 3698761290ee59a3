/**
 * Real-n8n benchmark: the same workload through n8n's built-in HTTP Request node and through our
 * Gemini Generate node, both inside a real n8n 2.41.1 (scripts/n8n/harness.ts), against the fake
 * Gemini server in a child process with a fixed latency per answer, at several concurrencies.
 *
 * Both workflows start the same way: Webhook (POST, answers when the last node is done) → Split
 * Out (`body.prompts` → one item per prompt, in a `prompt` field). Then:
 *
 * - HTTP Request path: n8n's HTTP Request node has no concurrency limit of its own (its Batching
 *   option only sleeps between batches when the interval is over 0; with 0 every item's request is
 *   fired at once). The idiomatic way to bound it is Loop Over Items (Split in Batches v3, batch
 *   size c) → HTTP Request → back to Loop Over Items, whose "done" output goes on to a No-Op.
 *   HTTP Request POSTs the same body our node sends ({contents: [{role: user, parts: [{text}]}]})
 *   with the key in an `x-goog-api-key` header.
 * - Gemini Generate path: our node with Concurrency = c, then a No-Op.
 *
 * Measured per concurrency, after one warm-up run of each workflow (which is also checked: every
 * item got a 200 answer from the fake), `runs` runs alternating the two workflows so that drift
 * hits both equally:
 *
 * - wall: the webhook call's end-to-end time as the client sees it (n8n's own per-execution
 *   overhead included: webhook handling, starting the execution, saving it);
 * - node: from n8n's execution record, the summed `executionTime` of the nodes doing the
 *   requests (every run of Loop Over Items and HTTP Request, or the one Gemini Generate run).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

import { demoCredentials, EXAMPLE_CREDENTIAL_ID } from '../scripts/n8n/examples';
import { startN8n, type Execution, type N8nInstance, type RunDataEntry, type WorkflowRecord } from '../scripts/n8n/harness';
import { startFakeProcess } from './fakeProcess';
import { median } from './stats';

const API_KEY = 'bench-n8n-key-2b7e';
const MODEL = 'gemini-2.5-flash';
const LOOP_NODE = 'Loop Over Items';
const HTTP_NODE = 'HTTP Request';
const GEMINI_NODE = 'Gemini Generate';

export interface RealN8nTiming {
	/** End-to-end webhook wall time of each measured run, ms (client-measured). */
	runsMs: number[];
	medianMs: number;
	/** medianMs / items */
	msPerItem: number;
	itemsPerSecond: number;
	/** Median over runs of the summed n8n `executionTime` of the nodes doing the requests (HTTP Request + Loop Over Items runs, or the Gemini Generate run). */
	nodeMedianMs: number;
}
export interface RealN8nRow {
	concurrency: number;
	httpRequest: RealN8nTiming;
	geminiGenerate: RealN8nTiming;
}
export interface RealN8nResult {
	n8nVersion: string;
	items: number;
	latencyMs: number;
	runs: number;
	startupMs: number;
	rows: RealN8nRow[];
}

type Path = 'http' | 'gemini';

/** One workflow under test: its id, webhook path and the nodes whose time counts. */
interface Subject {
	path: Path;
	concurrency: number;
	workflow: WorkflowRecord;
	webhookPath: string;
	timedNodes: string[];
}

interface RunSample {
	wallMs: number;
	nodeMs: number;
	/** n8n's own record of the execution: stoppedAt − startedAt. */
	executionMs: number;
}

// ---------------------------------------------------------------------------------------------
// Workflows

type Node = Record<string, unknown>;

function node(name: string, type: string, typeVersion: number, x: number, parameters: Record<string, unknown>, extra: Node = {}): Node {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

const link = (target: string) => [{ node: target, type: 'main', index: 0 }];

/** Webhook → Split Out, the start both workflows share. */
function entryNodes(webhookPath: string): Node[] {
	return [
		node(
			'Webhook',
			'n8n-nodes-base.webhook',
			2.1,
			0,
			{ httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'noData', options: {} },
			{ webhookId: randomUUID() },
		),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, 220, {
			fieldToSplitOut: 'body.prompts',
			include: 'noOtherFields',
			options: { destinationFieldName: 'prompt' },
		}),
	];
}

/** Fixed-length ids like n8n's own (16 characters). */
function workflowId(path: Path, concurrency: number): string {
	return `benchN8n${path === 'http' ? 'Http' : 'Gem'}C${String(concurrency).padStart(path === 'http' ? 3 : 4, '0')}`;
}

function workflowRecord(id: string, name: string, nodes: Node[], connections: Record<string, unknown>): WorkflowRecord {
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
}

/** Webhook → Split Out → Loop Over Items (batch size c) ⇄ HTTP Request; done → Done. */
function httpSubject(fakeUrl: string, apiKey: string, concurrency: number): Subject {
	const webhookPath = `bench/http-c${concurrency}`;
	const nodes = [
		...entryNodes(webhookPath),
		node(LOOP_NODE, 'n8n-nodes-base.splitInBatches', 3, 440, { batchSize: concurrency, options: {} }),
		node(HTTP_NODE, 'n8n-nodes-base.httpRequest', 4.5, 660, {
			method: 'POST',
			url: `${fakeUrl}/v1beta/models/${MODEL}:generateContent`,
			authentication: 'none',
			sendHeaders: true,
			specifyHeaders: 'keypair',
			headerParameters: { parameters: [{ name: 'x-goog-api-key', value: apiKey }] },
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: "={{ { contents: [{ role: 'user', parts: [{ text: $json.prompt }] }] } }}",
			options: {},
		}),
		node('Done', 'n8n-nodes-base.noOp', 1, 660, {}),
	];
	const connections = {
		Webhook: { main: [link('Split Out')] },
		'Split Out': { main: [link(LOOP_NODE)] },
		// Split in Batches v3: output 0 is "done", output 1 is "loop".
		[LOOP_NODE]: { main: [link('Done'), link(HTTP_NODE)] },
		[HTTP_NODE]: { main: [link(LOOP_NODE)] },
	};
	const id = workflowId('http', concurrency);
	return {
		path: 'http',
		concurrency,
		webhookPath,
		workflow: workflowRecord(id, `Bench: HTTP Request, Loop Over Items of ${concurrency}`, nodes, connections),
		timedNodes: [LOOP_NODE, HTTP_NODE],
	};
}

/** Webhook → Split Out → Gemini Generate (Concurrency c) → Done. */
function geminiSubject(concurrency: number): Subject {
	const webhookPath = `bench/gemini-c${concurrency}`;
	const nodes = [
		...entryNodes(webhookPath),
		node(
			GEMINI_NODE,
			'n8n-nodes-gemini-meter.geminiGenerate',
			1.1,
			440,
			{ model: { __rl: true, mode: 'id', value: MODEL }, prompt: '={{ $json.prompt }}', requestOptions: { concurrency } },
			{ credentials: { geminiApi: { id: EXAMPLE_CREDENTIAL_ID, name: 'Gemini API' } } },
		),
		node('Done', 'n8n-nodes-base.noOp', 1, 660, {}),
	];
	const connections = {
		Webhook: { main: [link('Split Out')] },
		'Split Out': { main: [link(GEMINI_NODE)] },
		[GEMINI_NODE]: { main: [link('Done')] },
	};
	const id = workflowId('gemini', concurrency);
	return {
		path: 'gemini',
		concurrency,
		webhookPath,
		workflow: workflowRecord(id, `Bench: Gemini Generate, concurrency ${concurrency}`, nodes, connections),
		timedNodes: [GEMINI_NODE],
	};
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

function summedExecutionTime(execution: Execution, nodeNames: string[]): number {
	return nodeNames.flatMap((name) => runsOf(execution, name)).reduce((sum, run) => sum + run.executionTime, 0);
}

/** Every output item (first output) of every run of a node. */
function outputItems(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	return runsOf(execution, nodeName).flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

/** The warm-up run's check: every prompt got a 200 answer from the fake, through the path's own node. */
function checkOutputs(subject: Subject, execution: Execution, items: number): void {
	const name = `${subject.path} c${subject.concurrency}`;
	if (subject.path === 'http') {
		const answers = outputItems(execution, HTTP_NODE);
		const good = answers.filter((json) => Array.isArray(json.candidates) && json.candidates.length > 0);
		const done = runsOf(execution, LOOP_NODE).at(-1)?.data?.main?.[0]?.length ?? 0;
		const expectedLoopRuns = Math.ceil(items / subject.concurrency) + 1;
		if (answers.length !== items || good.length !== items || done !== items) {
			throw new Error(`${name}: ${answers.length} HTTP Request outputs, ${good.length} with candidates, ${done} on "done"; expected ${items}`);
		}
		if (runsOf(execution, LOOP_NODE).length !== expectedLoopRuns) {
			throw new Error(`${name}: Loop Over Items ran ${runsOf(execution, LOOP_NODE).length} times, expected ${expectedLoopRuns}`);
		}
	} else {
		const answers = outputItems(execution, GEMINI_NODE);
		const good = answers.filter((json) => typeof json.text === 'string' && json.text !== '' && json.error === undefined);
		if (answers.length !== items || good.length !== items) {
			throw new Error(`${name}: ${answers.length} Gemini Generate outputs, ${good.length} with text; expected ${items}: ${JSON.stringify(answers[0])}`);
		}
	}
	const doneItems = outputItems(execution, 'Done').length;
	if (doneItems !== items) throw new Error(`${name}: ${doneItems} items reached Done, expected ${items}`);
}

/** One webhook call of a subject, and n8n's record of it. */
async function runOnce(n8n: N8nInstance, subject: Subject, items: number, lastIds: Map<string, string | undefined>, check: boolean): Promise<RunSample> {
	const answer = await n8n.callWebhook(subject.webhookPath, { prompts: prompts(items) });
	if (answer.status !== 200) throw new Error(`${subject.webhookPath}: webhook answered ${answer.status}: ${answer.text.slice(0, 500)}`);
	const execution = await newExecution(n8n, subject.workflow.id, lastIds.get(subject.workflow.id));
	lastIds.set(subject.workflow.id, execution.id);
	if (execution.status !== 'success') {
		throw new Error(`${subject.webhookPath}: execution ${execution.id} ended ${execution.status}: ${JSON.stringify(execution.data?.resultData.error)}`);
	}
	if (check) checkOutputs(subject, execution, items);
	return {
		wallMs: answer.durationMs,
		nodeMs: summedExecutionTime(execution, subject.timedNodes),
		executionMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
	};
}

function timing(samples: RunSample[], items: number): RealN8nTiming {
	const medianMs = median(samples.map((s) => s.wallMs));
	return {
		runsMs: samples.map((s) => s.wallMs),
		medianMs,
		msPerItem: medianMs / items,
		itemsPerSecond: items / (medianMs / 1000),
		nodeMedianMs: median(samples.map((s) => s.nodeMs)),
	};
}

function describeRun(subject: Subject, label: string, sample: RunSample): string {
	return `c=${subject.concurrency} ${subject.path.padEnd(6)} ${label}: wall ${sample.wallMs} ms, nodes ${sample.nodeMs} ms, execution ${sample.executionMs} ms`;
}

function n8nVersionOf(n8n: N8nInstance): string {
	const file = join(n8n.runtime.dir, 'node_modules', 'n8n', 'package.json');
	return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** One concurrency: a checked warm-up of each workflow, then `runs` alternating measured runs. */
async function benchConcurrency(
	n8n: N8nInstance,
	http: Subject,
	gemini: Subject,
	options: { items: number; runs: number; log: (line: string) => void },
	lastIds: Map<string, string | undefined>,
): Promise<RealN8nRow> {
	const { items, runs, log } = options;
	for (const subject of [http, gemini]) {
		log(describeRun(subject, 'warm-up', await runOnce(n8n, subject, items, lastIds, true)));
	}
	const samples: Record<Path, RunSample[]> = { http: [], gemini: [] };
	for (let run = 1; run <= runs; run++) {
		for (const subject of [http, gemini]) {
			const sample = await runOnce(n8n, subject, items, lastIds, false);
			samples[subject.path].push(sample);
			log(describeRun(subject, `run ${run}/${runs}`, sample));
		}
	}
	return { concurrency: http.concurrency, httpRequest: timing(samples.http, items), geminiGenerate: timing(samples.gemini, items) };
}

/**
 * Starts one n8n with a workflow pair per concurrency, measures each pair (see the top of this
 * file), and stops n8n. The fake server at `fakeUrl` is the caller's (it must answer `apiKey`).
 */
export async function benchRealN8n(options: {
	fakeUrl: string;
	apiKey: string;
	latencyMs: number;
	items: number;
	concurrencies: number[];
	runs: number;
	log?: (line: string) => void;
}): Promise<RealN8nResult> {
	const log = options.log ?? (() => {});
	const pairs = options.concurrencies.map((c) => ({ http: httpSubject(options.fakeUrl, options.apiKey, c), gemini: geminiSubject(c) }));
	const started = performance.now();
	const n8n = await startN8n({
		credentials: [demoCredentials({ apiKey: options.apiKey, baseUrl: options.fakeUrl })],
		workflows: pairs.flatMap((pair) => [pair.http.workflow, pair.gemini.workflow]),
		log,
	});
	try {
		const startupMs = Math.round(performance.now() - started);
		const n8nVersion = n8nVersionOf(n8n);
		log(`n8n ${n8nVersion} ready in ${startupMs} ms`);
		const lastIds = new Map<string, string | undefined>();
		const rows: RealN8nRow[] = [];
		for (const pair of pairs) {
			rows.push(await benchConcurrency(n8n, pair.http, pair.gemini, { items: options.items, runs: options.runs, log }, lastIds));
		}
		return { n8nVersion, items: options.items, latencyMs: options.latencyMs, runs: options.runs, startupMs, rows };
	} finally {
		await n8n.stop();
	}
}

// ---------------------------------------------------------------------------------------------
// Report

export function printRealN8n(r: RealN8nResult): void {
	console.log(
		`\nReal n8n ${r.n8nVersion}: ${r.items} items per webhook call, fake Gemini with ${r.latencyMs} ms latency, ` +
			`median of ${r.runs} runs after a warm-up (n8n start-up ${(r.startupMs / 1000).toFixed(1)} s)`,
	);
	const ms = (value: number) => `${Math.round(value)} ms`;
	const rows: string[][] = [['concurrency', 'path', 'wall median', 'ms/item', 'items/s', 'node time', 'runs (ms)']];
	for (const row of r.rows) {
		for (const [label, t] of [
			['HTTP Request + Loop Over Items', row.httpRequest],
			['Gemini Generate', row.geminiGenerate],
		] as const) {
			rows.push([String(row.concurrency), label, ms(t.medianMs), t.msPerItem.toFixed(1), t.itemsPerSecond.toFixed(1), ms(t.nodeMedianMs), t.runsMs.join(', ')]);
		}
	}
	const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
	for (const [i, row] of rows.entries()) {
		console.log(`   ${row.map((cell, c) => (c === 1 || c === 6 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
		if (i === 0) console.log(`   ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
	}
	console.log('   wall: the webhook call end to end (client); node time: summed n8n executionTime of Loop Over Items +');
	console.log('   HTTP Request runs, or of the Gemini Generate run. Both workflows: Webhook → Split Out → … → No-Op.');
}

async function main(): Promise<void> {
	const log = (line: string) => console.error(`[realN8n] ${line}`);
	const latencyMs = 20;
	const started = performance.now();
	const fake = await startFakeProcess({ apiKey: API_KEY, latencyMs });
	try {
		const result = await benchRealN8n({ fakeUrl: fake.url, apiKey: API_KEY, latencyMs, items: 200, concurrencies: [1, 5, 20], runs: 3, log });
		printRealN8n(result);
		console.log(`   total ${((performance.now() - started) / 1000).toFixed(1)} s`);
		console.log(JSON.stringify({ realN8n: result }));
	} finally {
		await fake.stop();
	}
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}

/**
 * Gemini Batch Submit in a real n8n 2.41.1 (scripts/n8n/harness.ts), next to n8n's own floor in
 * the same run: a Set node evaluating the same expression over the same items, and a No-Op for the
 * engine's share (workflows: batchRealN8nFlows.ts). The fake Gemini server runs in its own process
 * and keeps the jobs pending, so it does no batch work while n8n is measured.
 *
 * After one checked warm-up of every contender, `runs` rounds call each contender's webhook once,
 * in a rotated order per round (drift hits all alike); then the Item Field mode submits
 * `bulkItems`. Per run: the contender node's `executionTime` from n8n's execution record (the
 * figure compared), the n8n process's CPU time over the webhook call (/proc, whole execution:
 * webhook, Split Out, saving), and the caller's wall time. Medians are reported.
 *
 * Alone: `npm run bench:batch-n8n` (BENCH_BATCH_N8N_ITEMS, BENCH_BATCH_N8N_BULK,
 * BENCH_BATCH_N8N_RUNS, BENCH_BATCH_N8N_CONTENDERS=set,noop,expr,field change the defaults;
 * BENCH_BATCH_N8N_CPU_PROF=<dir> has n8n write a V8 CPU profile there when it stops:
 * https://nodejs.org/api/cli.html#--cpu-prof).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

import { demoCredentials } from '../scripts/n8n/examples';
import { startN8n, type Execution, type N8nInstance } from '../scripts/n8n/harness';
import { CONTENDER_NODE, contenderWorkflow, webhookPathOf, workflowIdOf, type Contender } from './batchRealN8nFlows';
import { startFakeProcess } from './fakeProcess';
import { median } from './stats';

const API_KEY = 'bench-batch-n8n-key-61c3';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux (https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html)

export interface RunSample {
	nodeMs: number;
	cpuMs: number;
	wallMs: number;
}
export interface ContenderTiming {
	contender: Contender;
	items: number;
	samples: RunSample[];
	nodeMs: number;
	cpuMs: number;
	wallMs: number;
}
export interface BatchRealN8nResult {
	n8nVersion: string;
	items: number;
	runs: number;
	promptChars: number;
	/** The machine's 1-minute load average when the measured runs began, and its cores. */
	load: { average: number; cores: number };
	timings: ContenderTiming[];
	bulk?: ContenderTiming;
}

const prompt = (i: number) => `Summarize support ticket ${i}: the customer cannot sign in since the last update.`;
const prompts = (count: number) => Array.from({ length: count }, (_, i) => prompt(i));

/** CPU time (user + system) of a process so far, ms; null where /proc is missing. */
function cpuMsOf(pid: number): number | null {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
	} catch {
		return null;
	}
}

async function newestExecution(n8n: N8nInstance, workflowId: string, previousId: string | undefined): Promise<Execution> {
	const deadline = performance.now() + 60_000;
	for (;;) {
		const { data } = await n8n.api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=1`);
		const latest = data[0];
		if (latest && latest.id !== previousId && latest.stoppedAt && latest.status !== 'running' && latest.status !== 'new') return latest;
		if (performance.now() > deadline) throw new Error(`no new finished execution of ${workflowId} after 60 s`);
		await delay(100);
	}
}

function check(contender: Contender, execution: Execution, items: number): void {
	const run = execution.data?.resultData.runData[CONTENDER_NODE]?.[0];
	const output = run?.data?.main?.[0] ?? [];
	const gemini = contender === 'expr' || contender === 'field';
	const batch = output[0]?.json.batch as { name?: string } | undefined;
	const ok = gemini ? output.length === 1 && String(batch?.name).startsWith('batches/') : output.length === items;
	if (!ok) throw new Error(`${contender}: unexpected output (${output.length} items): ${JSON.stringify(output[0]?.json ?? run?.error).slice(0, 400)}`);
}

async function runOnce(n8n: N8nInstance, contender: Contender, body: { prompts: string[] }, lastIds: Map<Contender, string>): Promise<RunSample> {
	const cpuBefore = cpuMsOf(n8n.pid);
	const answer = await n8n.callWebhook(webhookPathOf(contender), body);
	const cpuAfter = cpuMsOf(n8n.pid);
	if (answer.status !== 200) throw new Error(`${contender}: webhook answered ${answer.status}: ${answer.text.slice(0, 400)}`);
	const execution = await newestExecution(n8n, workflowIdOf(contender), lastIds.get(contender));
	lastIds.set(contender, execution.id);
	if (execution.status !== 'success') throw new Error(`${contender}: execution ended ${execution.status}: ${JSON.stringify(execution.data?.resultData.error)}`);
	check(contender, execution, body.prompts.length);
	return {
		nodeMs: execution.data?.resultData.runData[CONTENDER_NODE]?.[0]?.executionTime ?? Number.NaN,
		cpuMs: cpuBefore === null || cpuAfter === null ? Number.NaN : cpuAfter - cpuBefore,
		wallMs: answer.durationMs,
	};
}

function timing(contender: Contender, items: number, samples: RunSample[]): ContenderTiming {
	const of = (key: keyof RunSample) => median(samples.map((sample) => sample[key]));
	return { contender, items, samples, nodeMs: of('nodeMs'), cpuMs: of('cpuMs'), wallMs: of('wallMs') };
}

export async function benchBatchRealN8n(options: {
	items?: number;
	bulkItems?: number;
	runs?: number;
	contenders?: Contender[];
	/** Extra environment for n8n, e.g. NODE_OPTIONS=--cpu-prof for a profile. */
	n8nEnv?: Record<string, string>;
	log?: (line: string) => void;
}): Promise<BatchRealN8nResult> {
	const { items = 20_000, bulkItems = 100_000, runs = 3, contenders = ['set', 'noop', 'expr', 'field'] } = options;
	const log = options.log ?? (() => {});
	// Jobs stay pending for an hour: the fake does no batch work during the measurement.
	const fake = await startFakeProcess({ apiKey: API_KEY, batchPendingMs: 3_600_000 });
	try {
		const n8n = await startN8n({ credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })], workflows: contenders.map(contenderWorkflow), env: options.n8nEnv, log });
		try {
			const n8nVersion = (JSON.parse(readFileSync(join(n8n.runtime.dir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version: string }).version;
			const body = { prompts: prompts(items) };
			const lastIds = new Map<Contender, string>();
			const samples = new Map<Contender, RunSample[]>(contenders.map((c) => [c, []]));
			const describe = (c: Contender, label: string, s: RunSample) => `${c.padEnd(5)} ${label}: node ${s.nodeMs} ms, n8n CPU ${s.cpuMs} ms, wall ${s.wallMs} ms`;
			for (const contender of contenders) log(describe(contender, 'warm-up', await runOnce(n8n, contender, body, lastIds)));
			const load = { average: loadavg()[0], cores: cpus().length };
			for (let round = 0; round < runs; round++) {
				const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
				for (const contender of order) {
					const sample = await runOnce(n8n, contender, body, lastIds);
					samples.get(contender)!.push(sample);
					log(describe(contender, `run ${round + 1}/${runs}`, sample));
				}
			}
			const timings = contenders.map((c) => timing(c, items, samples.get(c)!));
			let bulk: ContenderTiming | undefined;
			if (contenders.includes('field') && bulkItems > 0) {
				const bulkBody = { prompts: prompts(bulkItems) };
				const bulkSamples: RunSample[] = [];
				for (let run = 0; run < runs; run++) {
					bulkSamples.push(await runOnce(n8n, 'field', bulkBody, lastIds));
					log(describe('field', `${bulkItems} items, run ${run + 1}/${runs}`, bulkSamples[run]));
				}
				bulk = timing('field', bulkItems, bulkSamples);
			}
			return { n8nVersion, items, runs, promptChars: prompt(items - 1).length, load, timings, ...(bulk ? { bulk } : {}) };
		} finally {
			await n8n.stop();
		}
	} finally {
		await fake.stop();
	}
}

// ---------------------------------------------------------------------------------------------
// Report

const LABELS: Record<Contender, string> = {
	set: "n8n's Set node, `{{ $json.prompt }}` (reference)",
	noop: "n8n's No-Op (the engine's share)",
	expr: 'Gemini Batch Submit, Prompt `{{ $json.prompt }}`',
	field: 'Gemini Batch Submit, Prompt Source: Item Field',
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The section's markdown lines: each figure next to its reference from the same run. */
export function batchRealN8nSection(r: BatchRealN8nResult): string[] {
	const set = r.timings.find((t) => t.contender === 'set');
	const ratio = (t: ContenderTiming) => (set ? `${(t.nodeMs / set.nodeMs).toFixed(2)}×` : 'n/a');
	const cpuRatio = (t: ContenderTiming) => (set ? `${(t.cpuMs / set.cpuMs).toFixed(2)}×` : 'n/a');
	const row = (t: ContenderTiming) =>
		`| ${LABELS[t.contender]} | ${t.items.toLocaleString('en-US')} | ${seconds(t.nodeMs)} | ${ratio(t)} | ${seconds(t.cpuMs)} | ${cpuRatio(t)} | ${seconds(t.wallMs)} | ${t.samples.map((s) => s.nodeMs).join(', ')} |`;
	const lines = [
		`## 8. Batch Submit in a real n8n ${r.n8nVersion}`,
		'',
		`Webhook → Split Out → contender; ${r.items.toLocaleString('en-US')} items (~${r.promptChars}-character prompts), medians of ${r.runs} interleaved runs after a warm-up of each, one n8n, fake Gemini in its own process; load average ${r.load.average.toFixed(1)} on ${r.load.cores} cores when the runs began.`,
		'',
		'| Contender | Items | Node time | vs Set node | n8n CPU (whole execution) | vs Set node | Wall (caller) | Node time per run (ms) |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
		...r.timings.map(row),
		...(r.bulk ? [row(r.bulk)] : []),
		'',
	];
	const expr = r.timings.find((t) => t.contender === 'expr');
	if (expr && set) lines.push(`Expression mode: ${ratio(expr)} the Set node's time (${cpuRatio(expr)} its execution's CPU) for the same expression over the same items (target ≤ 1.2×).`);
	if (r.bulk) lines.push(`Item Field mode, ${r.bulk.items.toLocaleString('en-US')} items: ${seconds(r.bulk.nodeMs)} in Submit (target < 10 s).`);
	lines.push(
		"Node time: the contender node's executionTime in n8n's execution record (Submit includes sending the job to the fake). n8n CPU: the n8n process over the webhook call " +
			`(webhook, Split Out, the contender, saving the execution: the Set node's and No-Op's ${r.items.toLocaleString('en-US')} output items are saved too, Submit's one item).`,
	);
	return lines;
}

function fromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
	return value;
}

if (require.main === module) {
	const contenders = (process.env.BENCH_BATCH_N8N_CONTENDERS ?? 'set,noop,expr,field').split(',') as Contender[];
	benchBatchRealN8n({
		items: fromEnv('BENCH_BATCH_N8N_ITEMS', 20_000),
		bulkItems: fromEnv('BENCH_BATCH_N8N_BULK', 100_000),
		runs: fromEnv('BENCH_BATCH_N8N_RUNS', 3),
		contenders,
		...(process.env.BENCH_BATCH_N8N_CPU_PROF ? { n8nEnv: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_BATCH_N8N_CPU_PROF}` } } : {}),
		log: (line) => console.error(`[batch-n8n] ${line}`),
	})
		.then((result) => {
			console.log(batchRealN8nSection(result).join('\n'));
			console.log(JSON.stringify({ batchRealN8n: result }));
		})
		.catch((error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		});
}

/**
 * Batch benchmark: Gemini Batch submits and collects one large job (100,000 requests by default,
 * `BENCH_BATCH_REQUESTS` to change it) against the fake server, run by n8n's execution engine,
 * with the time and the peak memory of each phase:
 *
 * 1. submit   — Submit: every item's request is built lazily (three passes: validate, measure,
 *               send), the JSONL (over 20 MB) is uploaded in 8 MiB chunks and the job created.
 * 2. wait     — Get Status until SUCCEEDED (time only).
 * 3. collect  — Get Results: the results file downloaded and parsed as a stream; every result
 *               becomes an n8n output item, and n8n holds all of those items (that is its output).
 * 4. stream   — the same results read with `batchResults` + `batchResultItem` and dropped one by
 *               one: the memory of the streaming itself, without the output items.
 *
 * Processes: the fake server runs in a child process, so its memory (it stores the upload and
 * writes the results file) is not counted. Each measured phase runs in a fresh `node --expose-gc`
 * process of its own: the same warm-up (modules, engine, a 3-request job), a full GC, then the
 * phase, so no phase inherits another's heap pages and the other bench sections leave nothing
 * behind. Each phase runs twice, in two such processes:
 *
 * - the timed run: time; peak RSS (`process.memoryUsage()` every 20 ms and the kernel's VmHWM,
 *   reset before the phase); peak heap (heapUsed every 20 ms and just before every GC, from
 *   v8.GCProfiler, which also sees the synchronous stretches where the sampler cannot run).
 *   With plenty of RAM V8 lets garbage pile up (young generation up to 64 MB, old generation to
 *   hundreds of MB before a major GC), so these peaks are mostly garbage not yet collected.
 * - the live run, with V8's `--gc-global` (every GC is a full mark-compact): the heap right after
 *   each of those GCs is what is really alive at that moment; its maximum is the live peak. GCs
 *   come every time the young generation fills, also inside synchronous code.
 *
 * "+" = over the value right before the phase (after a full GC).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { GCProfiler } from 'node:v8';

import { BinaryDataService } from 'n8n-core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { GeminiBatch } from '../nodes/GeminiBatch/GeminiBatch.node';
import { batchResultItem, batchResults, getBatchJob } from '../nodes/shared/execution/batchJobs';
import { GeminiClient } from '../nodes/shared/transport/GeminiClient';
import { runNode } from '../test/n8n/engine';
import { startFakeProcess } from './fakeProcess';

const API_KEY = 'bench-batch-key-71c3';
const ROOT = resolve(__dirname, '..');
const TS_NODE = require.resolve('ts-node/dist/bin.js');
const RESULT_MARKER = 'BENCH_BATCH_RESULT ';
const USAGE = '[[fake:usage prompt=40 output=20 thoughts=0]]';
/** Batch price of gemini-2.5-flash (priceTable.ts): 40 × 0.15 / 1e6 + 20 × 1.25 / 1e6 = 0.000006 + 0.000025. */
const EXPECTED_COST = { input: 0.000006, output: 0.000025, total: 0.000031 };

/** One run of a phase, in its own process. Bytes. */
export interface PhaseRun {
	ms: number;
	/** Right before the phase, after a full GC. */
	rssBefore: number;
	heapBefore: number;
	/** Highest value seen during the phase (absolute, then the rise over the value before). */
	peakRss: number;
	peakRssIncrease: number;
	peakHeap: number;
	peakHeapIncrease: number;
	/** The most the heap held right after any GC of the phase (a live peak when every GC is full). */
	peakHeapAfterGc: number;
	peakHeapAfterGcIncrease: number;
	/** Heap still in use after the phase and a full GC, over heapBefore: what the phase's result keeps. */
	heapKeptIncrease: number | null;
	gcs: number;
	fullGcs: number;
	/** 20 ms samples taken, and the longest stretch without one (synchronous code). */
	samples: number;
	longestSampleGapMs: number;
}

export interface PhaseNumbers {
	/** The timed run: time, RSS and heap peaks. */
	timed: PhaseRun;
	/** The --gc-global run: its peakHeapAfterGc is the live heap peak (its time is slower). */
	live: PhaseRun;
}

export interface BatchBenchResult {
	requests: number;
	/** n8n's engine alone on the same input items (a node that only counts them): its share of Submit. */
	engineOnly: PhaseNumbers;
	nodeVersion: string;
	promptChars: number;
	/** Heap taken by the input items, already in Submit's baseline (n8n's input, held by the caller). */
	inputItemsHeap: number;
	jobName: string;
	/** The uploaded JSONL's size, as the fake server recorded it (GET files/{id} → sizeBytes); null for an inline job. */
	jsonlBytes: number | null;
	jsonlBytesSource: string;
	/** 'file' (over 20 MB) or 'inline' (a small quick run). */
	jsonlInput: string;
	/** The results JSONL's size (GET files/batch-… → sizeBytes); null when the results came inline. */
	resultsFileBytes: number | null;
	submit: PhaseNumbers;
	wait: { ms: number; polls: number };
	collect: PhaseNumbers & { items: number; checked: number };
	streamOnly: PhaseNumbers & { results: number };
	/** The fake server's own peak RSS (its process, not counted above). */
	fakeServerPeakRss: number | null;
}

export function batchRequestsFromEnv(): number {
	const raw = process.env.BENCH_BATCH_REQUESTS;
	if (raw === undefined || raw === '') return 100_000;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_BATCH_REQUESTS must be a positive integer, got "${raw}"`);
	return n;
}

// ---------------------------------------------------------------------------------------------
// Memory measurement

const gc = (globalThis as { gc?: () => void }).gc;

function collectGarbage(): void {
	if (!gc) return;
	gc();
	gc();
}

function kernelPeakRss(pid: number | 'self' = 'self'): number | null {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : null;
	} catch {
		return null;
	}
}

/** Resets the kernel's peak RSS to the current RSS (Linux ≥ 4.0); false where unsupported. */
function resetKernelPeakRss(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

async function measured<T>(phase: () => Promise<T>): Promise<{ value: T; run: PhaseRun }> {
	collectGarbage();
	const before = process.memoryUsage();
	const kernel = resetKernelPeakRss();
	let peakRss = before.rss;
	let peakHeap = before.heapUsed;
	let samples = 0;
	let longestGap = 0;
	let last = performance.now();
	const sample = () => {
		const now = performance.now();
		longestGap = Math.max(longestGap, now - last);
		last = now;
		const { rss, heapUsed } = process.memoryUsage();
		peakRss = Math.max(peakRss, rss);
		peakHeap = Math.max(peakHeap, heapUsed);
		samples++;
	};
	const timer = setInterval(sample, 20);
	const profiler = new GCProfiler();
	profiler.start();
	const started = performance.now();
	let value: T;
	try {
		value = await phase();
	} finally {
		clearInterval(timer);
	}
	const ms = performance.now() - started;
	sample();
	const gcs = profiler.stop()?.statistics ?? [];
	let peakAfterGc = before.heapUsed;
	for (const stat of gcs) {
		peakHeap = Math.max(peakHeap, stat.beforeGC.heapStatistics.usedHeapSize);
		peakAfterGc = Math.max(peakAfterGc, stat.afterGC.heapStatistics.usedHeapSize);
	}
	const kernelPeak = kernel ? kernelPeakRss() : null;
	if (kernelPeak !== null) peakRss = Math.max(peakRss, kernelPeak);
	let heapKeptIncrease: number | null = null;
	if (gc) {
		// Why: n8n-core's execution promise settles a little after runNode returns; until it does
		// it still references the run's input items, which would count as "kept".
		await delay(250);
		collectGarbage();
		const kept = process.memoryUsage().heapUsed;
		heapKeptIncrease = kept - before.heapUsed;
		peakAfterGc = Math.max(peakAfterGc, kept);
	}
	return {
		value,
		run: {
			ms,
			rssBefore: before.rss,
			heapBefore: before.heapUsed,
			peakRss,
			peakRssIncrease: peakRss - before.rss,
			peakHeap,
			peakHeapIncrease: peakHeap - before.heapUsed,
			peakHeapAfterGc: peakAfterGc,
			peakHeapAfterGcIncrease: peakAfterGc - before.heapUsed,
			heapKeptIncrease,
			gcs: gcs.length,
			fullGcs: gcs.filter((stat) => stat.gcType === 'MarkSweepCompact').length,
			samples,
			longestSampleGapMs: Math.round(longestGap),
		},
	};
}

// ---------------------------------------------------------------------------------------------
// The phases

const SUBJECTS = ['export button', 'invoice PDF', 'password reset mail', 'mobile login', 'CSV import', 'dark mode'];

/** A realistic ~150-character prompt, different for every item. */
function prompt(i: number): string {
	const subject = SUBJECTS[i % SUBJECTS.length];
	return `Ticket ${i}: the customer says the ${subject} stopped working after the update. Summarize in one line. ${USAGE}`;
}

function inputItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { prompt: prompt(i) } }));
}

async function runBatch(url: string, parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }]) {
	const result = await runNode({
		nodeType: new GeminiBatch(),
		parameters: { model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', ...parameters },
		items,
		credentials: { apiKey: API_KEY, baseUrl: url },
	});
	if (result.error) throw new Error(`Gemini Batch ${String(parameters.operation)} failed: ${result.error.message}`);
	return result.items;
}

async function fileSize(url: string, name: string): Promise<number> {
	const response = await fetch(`${url}/v1beta/${name}`, { headers: { 'x-goog-api-key': API_KEY } });
	if (!response.ok) throw new Error(`GET ${name}: ${response.status}`);
	const file = (await response.json()) as { sizeBytes?: string };
	return Number(file.sizeBytes);
}

function checkResult(json: IDataObject, key: string): void {
	const usage = json.usage as IDataObject | undefined;
	const cost = json.cost as IDataObject | undefined;
	const problems: string[] = [];
	if (json.key !== key) problems.push(`key ${String(json.key)}`);
	if (usage?.promptTokens !== 40 || usage.outputTokens !== 20) problems.push(`usage ${JSON.stringify(usage)}`);
	if (cost?.input !== EXPECTED_COST.input || cost.output !== EXPECTED_COST.output || cost.total !== EXPECTED_COST.total) {
		problems.push(`cost ${JSON.stringify(cost)}`);
	}
	if ((json.batch as IDataObject | undefined)?.state !== 'SUCCEEDED') problems.push(`batch ${JSON.stringify(json.batch)}`);
	if (problems.length) throw new Error(`result ${key} is wrong: ${problems.join('; ')}`);
}

/** Indexes to spot-check: the ends, the middle and a few in between. */
function spotIndexes(count: number): number[] {
	return [...new Set([0, 1, Math.floor(count / 3), Math.floor(count / 2), Math.floor((2 * count) / 3), count - 2, count - 1])].filter(
		(i) => i >= 0 && i < count,
	);
}

const log = (message: string) => process.stderr.write(`   [batch] ${message}\n`);

type PhaseName = 'submit' | 'collect' | 'stream' | 'binaries';

/**
 * A node that only counts its input items: run on Submit's items, it shows what n8n's engine
 * itself costs for them (its time and its heap), to set against Submit's figures. The run is too
 * short for any GC to see its heap, so the node takes a full GC itself and notes the heap in use
 * (the engine's data for the run is all there by then); the GC's time is left out of the time.
 */
class CountItems implements INodeType {
	static heapInside = 0;
	static gcMs = 0;

	description = {
		displayName: 'Count Items',
		name: 'countItems',
		group: ['transform'],
		version: 1,
		description: 'Counts its input items',
		defaults: { name: 'Count Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const started = performance.now();
		collectGarbage();
		CountItems.heapInside = process.memoryUsage().heapUsed;
		CountItems.gcMs = performance.now() - started;
		return [[{ json: { items: this.getInputData().length } }]];
	}
}

// ---------------------------------------------------------------------------------------------
// Binaries: Submit of items that each carry a file

/** Size of each item's file in the binaries section (`BENCH_BATCH_FILE_BYTES`, default 1 MB). */
function fileBytesFromEnv(): number {
	const bytes = Number(process.env.BENCH_BATCH_FILE_BYTES ?? 1_000_000);
	if (!Number.isInteger(bytes) || bytes < 1) throw new Error(`BENCH_BATCH_FILE_BYTES must be a positive integer, got "${process.env.BENCH_BATCH_FILE_BYTES}"`);
	return bytes;
}

const BINARY_MODE = 'bench';

/**
 * Items whose binaries live outside the items, as in n8n's filesystem or S3 binary mode: an item
 * holds an id, and n8n's BinaryDataService reads the bytes when a node asks for them. The bytes
 * are made on each read (no disk), so what the node holds is all the heap shows.
 */
function binaryItems(count: number, fileBytes: number): INodeExecutionData[] {
	// n8n-core's own copy of the DI container (it nests its own @n8n/di), where the service lives.
	const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] })) as typeof import('@n8n/di');
	Container.get(BinaryDataService).setManager(BINARY_MODE as never, {
		getAsBuffer: async (fileId: string) => Buffer.alloc(fileBytes, `%PDF-1.7 ${fileId} `),
	} as never);
	return Array.from({ length: count }, (_, i) => ({
		json: { prompt: `Summarize document ${i}. ${USAGE}` },
		binary: { file: { id: `${BINARY_MODE}:doc-${i}`, data: BINARY_MODE, mimeType: 'application/pdf', fileName: `doc-${i}.pdf` } },
	}));
}

async function submitBinaries(url: string, requests: number): Promise<PhaseReport> {
	const items = binaryItems(requests, fileBytesFromEnv());
	const { value, run } = await measured(async () => await runBatch(url, { operation: 'submit', options: { binaryProperties: 'file' } }, items));
	const job = value[0]?.json.batch as IDataObject | undefined;
	if (!job || !String(job.name).startsWith('batches/')) throw new Error(`Submit should give one job item, got ${JSON.stringify(value[0]?.json)}`);
	return { run, jobName: String(job.name), file: typeof job.file === 'string' ? job.file : null, input: String(job.input), count: items.length };
}

export interface BinariesBenchResult {
	requests: number;
	fileBytes: number;
	/** All the items' files together, raw and as the base64 the requests carry. */
	totalFileBytes: number;
	totalBase64Bytes: number;
	jsonlBytes: number | null;
	input: string;
	submit: PhaseNumbers;
}

/** Submit of `requests` items with one file each; peak memory next to the files' total size. */
export async function benchBatchBinaries(requests = 1000): Promise<BinariesBenchResult> {
	const fileBytes = fileBytesFromEnv();
	const fake = await startFakeProcess({ apiKey: API_KEY, batchPendingMs: 0, batchRunningMs: 500 });
	try {
		const { timed, live } = await timedAndLive('binaries', fake.url, requests);
		return {
			requests,
			fileBytes,
			totalFileBytes: requests * fileBytes,
			totalBase64Bytes: requests * Math.ceil(fileBytes / 3) * 4,
			jsonlBytes: timed.file ? await fileSize(fake.url, timed.file) : null,
			input: String(timed.input),
			submit: { timed: timed.run, live: live.run },
		};
	} finally {
		await fake.stop();
	}
}

export function printBatchBinaries(r: BinariesBenchResult): void {
	const n = r.requests.toLocaleString('en-US');
	console.log(`\nBatch Submit of ${n} items with one ${mb(r.fileBytes)} file each (binaries read through n8n's BinaryDataService), Node ${process.version}`);
	console.log(`   files ${mb(r.totalFileBytes)} in all, ${mb(r.totalBase64Bytes)} as base64; requests JSONL ${mb(r.jsonlBytes)} (${r.input} input)`);
	const [rss, heap, live, kept] = memoryCells(r.submit);
	console.log(`   time ${seconds(r.submit.timed.ms)}; peak RSS MB ${rss}; peak heap MB ${heap}; live heap MB ${live}; heap kept ${kept}`);
	// Base64 strings this long live outside V8's heap (external strings): RSS is where they show.
	const rise = r.submit.timed.peakRssIncrease;
	console.log(`   peak RSS rise / all files as base64: ${((100 * rise) / r.totalBase64Bytes).toFixed(1)} % (files this size are external strings: RSS, not heap, shows them)`);
}

/** What a phase process reports back. */
interface PhaseReport {
	run: PhaseRun;
	/** submit: the job, and n8n's engine alone on the same items. */
	engineOnly?: PhaseRun;
	jobName?: string;
	file?: string | null;
	input?: string;
	inputItemsHeap?: number;
	/** collect: output items; stream: results read. */
	count?: number;
	checked?: number;
}

/**
 * Warm-up, the same in every phase process: modules, n8n's engine, the first connection, Submit
 * and Get Results on a 3-request inline job that the fake finishes at once.
 */
async function warmUp(url: string): Promise<void> {
	const [job] = await runBatch(url, { operation: 'submit', options: { displayName: 'warm-up [[fake:batch-pending=0 batch-running=0]]' } }, inputItems(3));
	const name = String((job.json.batch as IDataObject).name);
	const results = await runBatch(url, { operation: 'getResults', batchName: name });
	if (results.length !== 3) throw new Error(`warm-up: ${results.length} results`);
}

/** One phase, measured in this process (a fresh one, started by `phaseInChild`). */
async function runPhase(phase: PhaseName, url: string, requests: number, jobName: string): Promise<PhaseReport> {
	await warmUp(url);
	if (phase === 'submit') {
		collectGarbage();
		const heapWithoutItems = process.memoryUsage().heapUsed;
		const items = inputItems(requests);
		collectGarbage();
		const inputItemsHeap = process.memoryUsage().heapUsed - heapWithoutItems;
		const engineOnly = await measured(async () => await runNode({ nodeType: new CountItems(), parameters: {}, items }));
		if (engineOnly.value.items[0]?.json.items !== requests) throw new Error('the engine-only run did not see every item');
		const engine = engineOnly.run;
		engine.ms -= CountItems.gcMs;
		engine.peakHeapAfterGc = Math.max(engine.peakHeapAfterGc, CountItems.heapInside);
		engine.peakHeapAfterGcIncrease = engine.peakHeapAfterGc - engine.heapBefore;
		const { value, run } = await measured(async () => await runBatch(url, { operation: 'submit' }, items));
		const job = value[0]?.json.batch as IDataObject | undefined;
		if (value.length !== 1 || !job || !String(job.name).startsWith('batches/')) {
			throw new Error(`Submit should give one job item, got ${JSON.stringify(value[0]?.json)}`);
		}
		return {
			run,
			engineOnly: engineOnly.run,
			jobName: String(job.name),
			file: typeof job.file === 'string' ? job.file : null,
			input: String(job.input),
			inputItemsHeap,
			count: items.length,
		};
	}
	if (phase === 'binaries') return await submitBinaries(url, requests);
	const spots = spotIndexes(requests);
	if (phase === 'collect') {
		const { value, run } = await measured(async () => await runBatch(url, { operation: 'getResults', batchName: jobName }));
		if (value.length !== requests) throw new Error(`Get Results gave ${value.length} items, expected ${requests}`);
		for (const i of spots) checkResult(value[i].json, String(i));
		return { run, count: value.length, checked: spots.length };
	}
	const client = new GeminiClient({ apiKey: API_KEY, baseUrl: url });
	const { value, run } = await measured(async () => {
		const settings = { timeoutMs: 120_000 };
		const job = await getBatchJob(client, jobName, settings);
		const check = new Set(spots);
		let count = 0;
		for await (const result of batchResults(client, job, settings)) {
			const { json, failed } = batchResultItem(job, result);
			if (failed) throw new Error(`result ${count} failed: ${String(json.error)}`);
			if (check.has(count)) checkResult(json, String(count));
			count++;
		}
		return count;
	});
	if (value !== requests) throw new Error(`the stream gave ${value} results, expected ${requests}`);
	return { run, count: value, checked: spots.length };
}

/**
 * Runs one phase in a new `node --expose-gc` process, so that it starts from the same clean
 * baseline; `live` adds `--gc-global` (every GC a full one) for the live heap peak.
 */
async function phaseInChild(phase: PhaseName, url: string, requests: number, jobName: string, live: boolean): Promise<PhaseReport> {
	const flags = ['--expose-gc', ...(live ? ['--gc-global'] : [])];
	const child = spawn(process.execPath, [...flags, TS_NODE, '--transpile-only', '--prefer-ts-exts', 'bench/batch.ts'], {
		cwd: ROOT,
		env: { ...process.env, BENCH_BATCH_PHASE: phase, BENCH_BATCH_URL: url, BENCH_BATCH_REQUESTS: String(requests), BENCH_BATCH_JOB: jobName },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let stdout = '';
	child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
	const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
	const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
	if (code !== 0 || !line) throw new Error(`the batch benchmark's ${phase} process failed (exit ${code})`);
	return JSON.parse(line.slice(RESULT_MARKER.length)) as PhaseReport;
}

async function timedAndLive(phase: PhaseName, url: string, requests: number, jobName = ''): Promise<{ timed: PhaseReport; live: PhaseReport }> {
	log(`${phase}: timed run`);
	const timed = await phaseInChild(phase, url, requests, jobName, false);
	log(`${phase}: live run (--gc-global)`);
	const live = await phaseInChild(phase, url, requests, jobName || String(timed.jobName), true);
	return { timed, live };
}

/**
 * Submits and collects a job of `requests` requests (see the top of this file). The fake server
 * and every measured run are processes of their own; this process only waits for the job.
 */
export async function benchBatch(requests = 100_000): Promise<BatchBenchResult> {
	const fake = await startFakeProcess({ apiKey: API_KEY, batchPendingMs: 0, batchRunningMs: 500 });
	try {
		// The live Submit run submits a second, identical job; the timed run's job is the one collected.
		const submit = await timedAndLive('submit', fake.url, requests);
		const jobName = String(submit.timed.jobName);
		const jsonlBytes = submit.timed.file ? await fileSize(fake.url, submit.timed.file) : null;

		log(`wait: ${jobName}`);
		let polls = 0;
		const waitStarted = performance.now();
		for (;;) {
			polls++;
			const [status] = await runBatch(fake.url, { operation: 'getStatus', batchName: jobName });
			const state = (status.json.batch as IDataObject).state;
			if (state === 'SUCCEEDED') break;
			if (state !== 'PENDING' && state !== 'RUNNING') throw new Error(`the job ended ${String(state)}`);
			if (performance.now() - waitStarted > 120_000) throw new Error(`the job is still ${String(state)} after 120 s`);
			await delay(100);
		}
		const waitMs = performance.now() - waitStarted;
		const resultsFileBytes = jsonlBytes === null ? null : await fileSize(fake.url, `files/batch-${jobName.replace(/^batches\//, '')}`);

		const collect = await timedAndLive('collect', fake.url, requests, jobName);
		const stream = await timedAndLive('stream', fake.url, requests, jobName);

		return {
			requests,
			engineOnly: { timed: submit.timed.engineOnly!, live: submit.live.engineOnly! },
			nodeVersion: process.version,
			promptChars: prompt(requests - 1).length,
			inputItemsHeap: Number(submit.timed.inputItemsHeap),
			jobName,
			jsonlBytes,
			jsonlBytesSource: 'fake server: GET files/{id} sizeBytes of the upload',
			jsonlInput: String(submit.timed.input),
			resultsFileBytes,
			submit: { timed: submit.timed.run, live: submit.live.run },
			wait: { ms: waitMs, polls },
			collect: { timed: collect.timed.run, live: collect.live.run, items: Number(collect.timed.count), checked: Number(collect.timed.checked) },
			streamOnly: { timed: stream.timed.run, live: stream.live.run, results: Number(stream.timed.count) },
			fakeServerPeakRss: fake.child.pid ? kernelPeakRss(fake.child.pid) : null,
		};
	} finally {
		await fake.stop();
	}
}

// ---------------------------------------------------------------------------------------------
// Report

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const signed = (bytes: number) => `${bytes < 0 ? '-' : '+'}${Math.abs(bytes / 1e6).toFixed(1)}`;
/** "437.6 (+116.4)": the peak in MB and its rise over the value right before the phase. */
const peak = (value: number, increase: number) => `${(value / 1e6).toFixed(1)} (${signed(increase)})`;

function memoryCells({ timed, live }: PhaseNumbers): string[] {
	return [
		peak(timed.peakRss, timed.peakRssIncrease),
		peak(timed.peakHeap, timed.peakHeapIncrease),
		peak(live.peakHeapAfterGc, live.peakHeapAfterGcIncrease),
		timed.heapKeptIncrease === null ? 'n/a' : signed(timed.heapKeptIncrease),
		String(live.fullGcs),
	];
}

/** The batch section as a table (first row: header) and the notes that explain it. */
export function batchTable(r: BatchBenchResult): { title: string; facts: string[]; rows: string[][]; notes: string[] } {
	const n = r.requests.toLocaleString('en-US');
	const file = (label: string, bytes: number | null) => (bytes === null ? `${label} inline` : `${label} ${mb(bytes)}`);
	return {
		title: `Batch job of ${n} requests (~${r.promptChars}-character prompts), Node ${r.nodeVersion}; fake server and every measured run in processes of their own`,
		facts: [
			`requests JSONL ${mb(r.jsonlBytes)} (${r.jsonlInput} input; size from the ${r.jsonlBytesSource}), results JSONL ${mb(r.resultsFileBytes)}`,
			`the ${n} input items take ${mb(r.inputItemsHeap)} of heap before Submit starts (n8n's input; in the baseline)`,
		],
		rows: [
			['phase', 'time', 'peak RSS MB', 'peak heap MB', 'live heap MB', 'heap kept', 'full GCs', 'file'],
			[`n8n engine alone (${n} items, no-op node)`, seconds(r.engineOnly.timed.ms), ...memoryCells(r.engineOnly), ''],
			[`submit (${n} items → 1 job)`, seconds(r.submit.timed.ms), ...memoryCells(r.submit), file('requests', r.jsonlBytes)],
			[`wait (${r.wait.polls} × Get Status)`, seconds(r.wait.ms), '', '', '', '', '', ''],
			[`collect (Get Results → ${r.collect.items.toLocaleString('en-US')} items)`, seconds(r.collect.timed.ms), ...memoryCells(r.collect), file('results', r.resultsFileBytes)],
			['collect, stream only (nothing kept)', seconds(r.streamOnly.timed.ms), ...memoryCells(r.streamOnly), file('results', r.resultsFileBytes)],
		],
		notes: [
			'peak (+ rise over the value right before the phase). peak RSS / peak heap: the timed run, garbage not yet collected included.',
			'live heap: the most alive after any GC in a second run where every GC is full (--gc-global; "full GCs" = how many). heap kept: still in use after the phase and a full GC.',
			"n8n engine alone: the same items through a node that only counts them (n8n's own share of Submit's figures).",
			`fake server's own peak RSS (its process, not counted): ${mb(r.fakeServerPeakRss)}`,
			`checked ${r.collect.checked} results in both collects: key, usage 40/20, cost.total ${EXPECTED_COST.total} (batch 2.5 Flash)`,
		],
	};
}

export function printBatch(r: BatchBenchResult): void {
	const { title, facts, rows, notes } = batchTable(r);
	console.log(`\n${title}`);
	for (const fact of facts) console.log(`   ${fact}`);
	const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
	for (const [i, row] of rows.entries()) {
		console.log(`   ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
		if (i === 0) console.log(`   ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
	}
	for (const note of notes) console.log(`   ${note}`);
}

/** The numbers for the final JSON line of `npm run bench` (bytes and ms). */
export function batchSummary(r: BatchBenchResult) {
	const phase = ({ timed, live }: PhaseNumbers) => ({
		ms: Math.round(timed.ms),
		peakRssBytes: timed.peakRss,
		peakRssIncreaseBytes: timed.peakRssIncrease,
		peakHeapBytes: timed.peakHeap,
		peakHeapIncreaseBytes: timed.peakHeapIncrease,
		liveHeapPeakBytes: live.peakHeapAfterGc,
		liveHeapPeakIncreaseBytes: live.peakHeapAfterGcIncrease,
		heapKeptIncreaseBytes: timed.heapKeptIncrease,
	});
	return {
		requests: r.requests,
		jsonlBytes: r.jsonlBytes,
		resultsFileBytes: r.resultsFileBytes,
		inputItemsHeapBytes: r.inputItemsHeap,
		engineOnly: phase(r.engineOnly),
		submit: phase(r.submit),
		wait: { ms: Math.round(r.wait.ms), polls: r.wait.polls },
		collect: { ...phase(r.collect), items: r.collect.items },
		streamOnly: phase(r.streamOnly),
	};
}

async function main(): Promise<void> {
	const requests = batchRequestsFromEnv();
	const phase = process.env.BENCH_BATCH_PHASE as PhaseName | undefined;
	if (phase) {
		// A phase process started by phaseInChild: its report goes back on stdout.
		const report = await runPhase(phase, process.env.BENCH_BATCH_URL ?? '', requests, process.env.BENCH_BATCH_JOB ?? '');
		process.stdout.write(`${RESULT_MARKER}${JSON.stringify(report)}\n`);
		return;
	}
	if (process.env.BENCH_BATCH_SECTION === 'binaries') {
		// `BENCH_BATCH_SECTION=binaries`: only the Submit-with-files measurement (1,000 items by default).
		const binaries = await benchBatchBinaries(Number(process.env.BENCH_BATCH_REQUESTS ?? 1000));
		printBatchBinaries(binaries);
		console.log(JSON.stringify({ batchBinaries: binaries }));
		return;
	}
	const result = await benchBatch(requests);
	printBatch(result);
	console.log(JSON.stringify({ batch: batchSummary(result) }));
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}

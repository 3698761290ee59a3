/**
 * Batch jobs: their clock-driven state, their stats, and their results. A job's state is a function
 * of the time since it was created (PENDING for `pendingMs`, RUNNING for `runningMs`, then final),
 * so tests need no timers. Results are made on first look at a finished job: inline ones in memory,
 * file ones streamed line by line to `files/batch-<id>` (never all in memory at once).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, linkSync, copyFileSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { BatchError, Census, WorkItem } from './batchwork';
import { batchError, evaluate, fileItems, fileLine, inlineEntry, resultOf } from './batchwork';
import { DirectiveCounter } from './directives';
import type { FileRecord, FileStore } from './filestore';
import { randomId, removeQuietly } from './filestore';
import type { CatalogueModel } from './models';
import type { BatchStatePrefix, BatchTiming } from './types';

export const BATCH_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch';
export const OUTPUT_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput';
export const DEFAULT_BATCH_TIMING: BatchTiming = { pendingMs: 100, runningMs: 300 };

export type BatchState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';
/** How a job ends if nobody cancels it (display-name directives `batch-fail`, `batch-expire`). */
export type BatchEnding = 'succeed' | 'fail' | 'expire';

export type BatchInput = { kind: 'inline'; items: WorkItem[] } | { kind: 'file'; path: string };

export interface BatchJob {
	id: string;
	model: CatalogueModel;
	displayName?: string;
	createTime: number;
	timing: BatchTiming;
	ending: BatchEnding;
	census: Census;
	input: BatchInput;
	cancelTime?: number;
	inlineResults?: Array<Record<string, unknown>>;
	resultsFile?: Promise<FileRecord>;
}

export interface NewJob {
	model: CatalogueModel;
	displayName?: string;
	timing: BatchTiming;
	ending: BatchEnding;
	census: Census;
	input: BatchInput;
}

interface Snapshot {
	state: BatchState;
	/** Requests processed so far, in input order. */
	processed: number;
	updateTime: number;
	endTime?: number;
}

const FINAL: BatchState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'];
/** Lines are written in blocks of about this many characters. */
const WRITE_BLOCK = 64 * 1024;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Requests processed by time `at`: none while pending, then evenly over the running time. */
function processedAt(job: BatchJob, at: number): number {
	const running = at - job.createTime - job.timing.pendingMs;
	if (job.ending === 'expire' || running < 0) return 0;
	if (job.timing.runningMs <= 0) return job.census.count;
	return Math.min(job.census.count, Math.floor((job.census.count * running) / job.timing.runningMs));
}

function snapshot(job: BatchJob, now: number): Snapshot {
	if (job.cancelTime !== undefined) {
		return { state: 'CANCELLED', processed: processedAt(job, job.cancelTime), updateTime: job.cancelTime, endTime: job.cancelTime };
	}
	const { pendingMs, runningMs } = job.timing;
	const end = job.createTime + pendingMs + runningMs;
	if (now >= end) {
		const state: BatchState = job.ending === 'succeed' ? 'SUCCEEDED' : job.ending === 'fail' ? 'FAILED' : 'EXPIRED';
		return { state, processed: job.ending === 'expire' ? 0 : job.census.count, updateTime: end, endTime: end };
	}
	if (now < job.createTime + pendingMs || job.ending === 'expire') return { state: 'PENDING', processed: 0, updateTime: job.createTime };
	return { state: 'RUNNING', processed: processedAt(job, now), updateTime: job.createTime + pendingMs };
}

/** How many of the (ascending) failing indexes are below `processed`. */
function failedBefore(failed: number[], processed: number): number {
	let low = 0;
	let high = failed.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (failed[mid] < processed) low = mid + 1;
		else high = mid;
	}
	return low;
}

/** int64 counts as JSON strings; zero counts left out (proto3 JSON), requestCount always there. */
function batchStats(job: BatchJob, snap: Snapshot): Record<string, string> {
	const total = job.census.count;
	let failed = failedBefore(job.census.failed, snap.processed);
	let successful = snap.processed - failed;
	let pending = total - snap.processed;
	if (snap.state === 'FAILED') [successful, failed, pending] = [0, total, 0];
	const stats: Record<string, string> = { requestCount: String(total) };
	if (successful > 0) stats.successfulRequestCount = String(successful);
	if (failed > 0) stats.failedRequestCount = String(failed);
	if (pending > 0) stats.pendingRequestCount = String(pending);
	return stats;
}

export interface BatchStoreOptions {
	files: FileStore;
	timing: BatchTiming;
	prefix: BatchStatePrefix;
	nextResponseId(): string;
}

export class BatchStore {
	private readonly jobs = new Map<string, BatchJob>();
	/** Results files being written, so that `dispose()` can wait for them to stop. */
	private readonly writing = new Set<Promise<unknown>>();
	private closed = false;

	constructor(private readonly options: BatchStoreOptions) {}

	get timing(): BatchTiming {
		return this.options.timing;
	}

	create(input: NewJob): BatchJob {
		const job: BatchJob = { ...input, id: randomId(16), createTime: Date.now() };
		this.jobs.set(job.id, job);
		return job;
	}

	/** A path for a job's private copy (hard link) of its input file, which survives deleting the upload. */
	keepInput(source: FileRecord): string {
		const path = this.options.files.pathFor(`batch-input-${randomId(12)}.jsonl`);
		try {
			linkSync(source.path, path);
		} catch {
			copyFileSync(source.path, path);
		}
		return path;
	}

	get(id: string): BatchJob | undefined {
		return this.jobs.get(id);
	}

	/** Newest first. */
	list(): BatchJob[] {
		return [...this.jobs.values()].reverse();
	}

	/** Cancels a job that has not ended yet; false when it had. */
	cancel(job: BatchJob, now = Date.now()): boolean {
		if (FINAL.includes(snapshot(job, now).state)) return false;
		job.cancelTime = now;
		return true;
	}

	delete(job: BatchJob): void {
		this.jobs.delete(job.id);
		if (job.input.kind === 'file') removeQuietly(job.input.path);
	}

	/** The long-running operation for the job as it is now (making its results first if it just succeeded). */
	async operation(job: BatchJob, now = Date.now()): Promise<Record<string, unknown>> {
		const snap = snapshot(job, now);
		const output = snap.state === 'SUCCEEDED' ? await this.output(job) : undefined;
		const name = `batches/${job.id}`;
		const metadata: Record<string, unknown> = { '@type': BATCH_TYPE, model: `models/${job.model.id}` };
		if (job.displayName !== undefined) metadata.displayName = job.displayName;
		if (output) metadata.output = output;
		metadata.createTime = iso(job.createTime);
		if (snap.endTime !== undefined) metadata.endTime = iso(snap.endTime);
		metadata.updateTime = iso(snap.updateTime);
		metadata.batchStats = batchStats(job, snap);
		metadata.state = `${this.options.prefix}${snap.state}`;
		metadata.name = name;
		const operation: Record<string, unknown> = { name, metadata, done: FINAL.includes(snap.state) };
		if (output) operation.response = { '@type': OUTPUT_TYPE, ...output };
		if (snap.state === 'FAILED') operation.error = failure();
		return operation;
	}

	/** Called before any file lookup: `batch-<id>` of a succeeded file job is written on demand. */
	async ensureResultsFile(fileId: string): Promise<void> {
		if (!fileId.startsWith('batch-')) return;
		const job = this.jobs.get(fileId.slice('batch-'.length));
		if (job?.input.kind === 'file' && snapshot(job, Date.now()).state === 'SUCCEEDED') await this.output(job);
	}

	private async output(job: BatchJob): Promise<Record<string, unknown>> {
		if (job.input.kind === 'inline') {
			job.inlineResults ??= this.inlineResults(job, job.input.items);
			return { inlinedResponses: { inlinedResponses: job.inlineResults } };
		}
		if (!job.resultsFile) {
			const writing = this.writeResultsFile(job, job.input.path);
			const forget = (): void => void this.writing.delete(writing);
			this.writing.add(writing);
			writing.then(forget, forget);
			job.resultsFile = writing;
		}
		const file = await job.resultsFile;
		return { responsesFile: `files/${file.id}` };
	}

	private inlineResults(job: BatchJob, items: WorkItem[]): Array<Record<string, unknown>> {
		const counter = new DirectiveCounter();
		const responseId = (): string => this.options.nextResponseId();
		return items.map((item) => inlineEntry(item, resultOf(job.model, evaluate(job.model, item, counter), responseId)));
	}

	/** One JSON line per request, in input order, streamed to disk with backpressure. */
	private async writeResultsFile(job: BatchJob, inputPath: string): Promise<FileRecord> {
		const { files } = this.options;
		const id = `batch-${job.id}`;
		const path = files.pathFor(`${id}.jsonl`);
		const out = createWriteStream(path);
		const hash = createHash('sha256');
		const counter = new DirectiveCounter();
		const responseId = (): string => this.options.nextResponseId();
		let size = 0;
		let block = '';
		const flush = async (): Promise<void> => {
			const bytes = Buffer.from(block);
			block = '';
			hash.update(bytes);
			size += bytes.length;
			if (!out.write(bytes)) await once(out, 'drain');
		};
		const stillWanted = (): boolean => !this.closed && this.jobs.get(job.id) === job;
		try {
			for await (const item of fileItems(inputPath)) {
				if (!stillWanted()) throw new Error(`batch ${job.id} went away while its results were being written`);
				block += `${JSON.stringify(fileLine(item, resultOf(job.model, evaluate(job.model, item, counter), responseId)))}\n`;
				if (block.length >= WRITE_BLOCK) await flush();
			}
			await flush();
			out.end();
			await finished(out);
			if (!stillWanted()) throw new Error(`batch ${job.id} went away while its results were being written`);
		} catch (error) {
			out.destroy();
			removeQuietly(path);
			job.resultsFile = undefined;
			throw error;
		}
		return files.add({ id, displayName: id, mimeType: 'application/jsonl', sizeBytes: size, createTime: Date.now(), sha256: hash.digest('hex'), path });
	}

	/** Forgets every job (files are removed by the FileStore's reset). */
	reset(): void {
		this.jobs.clear();
	}

	/** Stops results files being written and waits until they have. */
	async dispose(): Promise<void> {
		this.closed = true;
		await Promise.allSettled([...this.writing]);
		this.jobs.clear();
	}
}

/** The operation's `error` when a job FAILED (directive `batch-fail`). */
function failure(): BatchError {
	return batchError(500, 'The batch job failed (fake directive batch-fail).');
}

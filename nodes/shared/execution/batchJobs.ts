import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import type { IDataObject } from 'n8n-workflow';

import {
	fileBatchBody,
	INLINE_LIMIT_BYTES,
	inlineBatchBody,
	isFinalState,
	jsonlChunks,
	measureJsonl,
	normalizeBatchJob,
	normalizeBatchList,
	parseJsonlStream,
	type BatchEntry,
	type BatchItemError,
	type BatchJob,
	type BatchList,
} from '../batch';
import { buildOutputItem, meterUsage } from '../output/buildOutputItem';
import { createOnce } from './createOnce';
import type { PriceOverride } from '../pricing';
import { mapGenerateResponse, parseGenerateResponse } from '../response/mapGenerateResponse';
import { GeminiApiError } from '../transport/googleError';
import type { CallSettings, GeminiClient } from '../transport/GeminiClient';

/**
 * Batch API jobs (gemini-api.md §5): create (inline under 20 MB, else a JSONL file uploaded in
 * chunks), get, wait, list, cancel, delete, and results read as a stream, one item per request.
 * Shared by the Gemini Batch node and the Gemini Batch Trigger.
 */

/** What one job summary item shows. */
export function jobSummary(job: BatchJob): IDataObject {
	return {
		name: job.name,
		displayName: job.displayName ?? null,
		state: job.state,
		done: job.done,
		model: job.model?.replace(/^models\//, '') ?? null,
		createTime: job.createTime ?? null,
		updateTime: job.updateTime ?? null,
		endTime: job.endTime ?? null,
		counts: job.counts as unknown as IDataObject,
		...(job.responsesFile ? { responsesFile: job.responsesFile } : {}),
		...(job.error ? { error: job.error as IDataObject } : {}),
	};
}

export interface CreateJobInput {
	modelPath: string;
	/** The user's name for the job; a short unique suffix is added (see `uniqueDisplayName`). */
	displayName: string;
	/**
	 * Called once per pass (measure, then send): requests are built lazily, each item's files read
	 * as its request is encoded and dropped after, never all held.
	 */
	entries: () => AsyncIterable<BatchEntry>;
	settings: CallSettings;
}

export interface CreatedJob {
	job: BatchJob;
	input: 'inline' | 'file';
	file?: string;
	/** How the create went: creates sent, and one sentence for the item. */
	submission: { attempts: number; foundExisting: boolean; note: string };
}

// A JSON request body repeats each line's content plus a little structure per request.
const INLINE_OVERHEAD_PER_REQUEST = 64;

/** Jobs are looked for in this many pages of 100 after a create whose answer was lost. */
const LOOKUP_PAGES = 10;

/**
 * The user's name plus a random suffix: after a create whose answer was lost, the job is found
 * by this name, so it must be this submission's alone. "Display Name Contains" still matches.
 */
export function uniqueDisplayName(displayName: string, random: () => string = () => randomBytes(4).toString('hex')): string {
	return `${displayName.trim() || 'batch'} (n8n ${random()})`;
}

/** The job named exactly `displayName`, from the newest pages of the job list. */
export async function findBatchJobByName(client: GeminiClient, displayName: string, settings: CallSettings): Promise<BatchJob | undefined> {
	let pageToken: string | undefined;
	for (let page = 0; page < LOOKUP_PAGES; page++) {
		const list = await listBatchJobs(client, pageToken, settings);
		const found = list.jobs.find((job) => job.displayName === displayName);
		if (found) return found;
		pageToken = list.nextPageToken;
		if (!pageToken) return undefined;
	}
	return undefined;
}

/**
 * Creates the job at most once (createOnce): the create POST is never re-sent after an answer
 * that may hide a created job; the job list is searched for its unique name first.
 */
export async function createBatchJob(client: GeminiClient, input: CreateJobInput): Promise<CreatedJob> {
	const displayName = uniqueDisplayName(input.displayName);
	const size = await measureJsonl(input.entries());
	const path = `${input.modelPath}:batchGenerateContent`;
	let body: unknown;
	let file: string | undefined;
	if (size.bytes + size.lines * INLINE_OVERHEAD_PER_REQUEST < INLINE_LIMIT_BYTES) {
		// Under the 20 MB inline limit, so holding these requests together is bounded.
		const entries: BatchEntry[] = [];
		for await (const entry of input.entries()) entries.push(entry);
		body = inlineBatchBody(displayName, entries);
	} else {
		const uploaded = await client.uploadFile(
			{
				displayName: `${displayName}-requests.jsonl`,
				mimeType: 'application/jsonl',
				sizeBytes: size.bytes,
				body: () => jsonlChunks(input.entries()),
			},
			input.settings,
		);
		file = uploaded.name;
		body = fileBatchBody(displayName, file);
	}
	const created = await createOnce({
		what: 'batch job',
		identity: `named "${displayName}"`,
		settings: input.settings,
		create: async (settings) => normalizeBatchJob((await client.json<unknown>('POST', path, body, settings)).body),
		find: async () => await findBatchJobByName(client, displayName, input.settings),
	});
	return {
		job: created.value,
		input: file === undefined ? 'inline' : 'file',
		...(file === undefined ? {} : { file }),
		submission: { attempts: created.attempts, foundExisting: created.found, note: created.note },
	};
}

export function batchPath(name: string): string {
	const trimmed = name.trim();
	return trimmed.startsWith('batches/') ? trimmed : `batches/${trimmed}`;
}

export async function getBatchJob(client: GeminiClient, name: string, settings: CallSettings): Promise<BatchJob> {
	const { body } = await client.json<unknown>('GET', batchPath(name), undefined, settings);
	return normalizeBatchJob(body);
}

export async function listBatchJobs(client: GeminiClient, pageToken: string | undefined, settings: CallSettings): Promise<BatchList> {
	const query = new URLSearchParams({ pageSize: '100' });
	if (pageToken) query.set('pageToken', pageToken);
	const { body } = await client.json<unknown>('GET', `batches?${query.toString()}`, undefined, settings);
	return normalizeBatchList(body);
}

/** How long to wait before the next status check: starts at the user's interval, grows ×1.5, ≤ 5 min. */
export function nextPollDelayMs(previousMs: number): number {
	return Math.min(300_000, Math.round(previousMs * 1.5));
}

export class BatchNotDoneError extends Error {
	constructor(readonly job: BatchJob, why: string) {
		super(why);
		this.name = 'BatchNotDoneError';
	}
}

/** Polls until the job reaches a final state; past `maxWaitMs` it fails naming the last state. */
export async function waitForBatchJob(
	client: GeminiClient,
	name: string,
	options: { pollIntervalMs: number; maxWaitMs: number; settings: CallSettings },
): Promise<BatchJob> {
	const deadline = Date.now() + options.maxWaitMs;
	let wait = options.pollIntervalMs;
	for (;;) {
		const job = await getBatchJob(client, name, options.settings);
		if (isFinalState(job.state)) return job;
		const left = deadline - Date.now();
		if (left <= 0) {
			throw new BatchNotDoneError(
				job,
				`Batch job ${job.name} is still ${job.state} after the maximum wait (option "Max Wait (Minutes)"); get its results later with Get Results or the Gemini Batch Trigger`,
			);
		}
		await delay(Math.min(wait, left), undefined, { signal: options.settings.signal });
		wait = nextPollDelayMs(wait);
	}
}

/** One request's result as a contract item at the batch price, plus its key and job. */
export function batchResultItem(
	job: BatchJob,
	result: { key?: string; response?: unknown; error?: BatchItemError },
	priceOverride?: PriceOverride,
	warnings: readonly string[] = [],
): { key: string | null; json: IDataObject; failed: boolean } {
	const key = result.key ?? null;
	const batch = { name: job.name, state: job.state };
	if (result.error || result.response === undefined) {
		const error = result.error ?? { message: 'The result has neither a response nor an error' };
		const status = [error.code, error.status].filter((s) => s !== undefined).join(' ');
		return {
			key,
			failed: true,
			json: {
				error: `Batch request ${key ?? '?'} failed${status ? ` (${status})` : ''}: ${error.message ?? 'no message'}`,
				details: { key, batch, code: error.code ?? null, status: error.status ?? null },
			},
		};
	}
	const model = (job.model ?? 'unknown').replace(/^models\//, '');
	const response = mapGenerateResponse(parseGenerateResponse(result.response));
	const item = buildOutputItem({
		model,
		response,
		requestedTier: 'batch',
		servedTier: 'batch',
		metered: meterUsage({ model, servedTier: 'batch', usageMetadata: response.usageMetadata, priceOverride }),
		latencyMs: 0,
		warnings: [...warnings],
	});
	// No per-request latency exists for a batch; the job's own times are under `batch`.
	item.latencyMs = null;
	return { key, failed: false, json: { key, ...item, batch } };
}

/**
 * The results of a finished job, one per request, as they are read: inline responses, or the
 * results file downloaded and parsed line by line (never held whole).
 */
export async function* batchResults(
	client: GeminiClient,
	job: BatchJob,
	settings: CallSettings,
): AsyncGenerator<{ key?: string; response?: unknown; error?: BatchItemError }> {
	if (job.state !== 'SUCCEEDED') {
		throw new BatchNotDoneError(
			job,
			job.done
				? `Batch job ${job.name} ended ${job.state}${job.error?.message ? `: ${job.error.message}` : ''}; it has no results`
				: `Batch job ${job.name} is not done yet (state ${job.state}); try again later or use the Gemini Batch Trigger`,
		);
	}
	if (job.inlinedResponses) {
		yield* job.inlinedResponses;
		return;
	}
	if (!job.responsesFile) {
		throw new GeminiApiError({ kind: 'http', message: `Batch job ${job.name} succeeded but names no results` });
	}
	yield* parseJsonlStream(await client.download(job.responsesFile, settings));
}

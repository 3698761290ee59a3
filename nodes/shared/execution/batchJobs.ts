import { setTimeout as delay } from 'node:timers/promises';

import type { IDataObject } from 'n8n-workflow';

import {
	isFinalState,
	normalizeBatchJob,
	normalizeBatchList,
	parseJsonlStream,
	type BatchItemError,
	type BatchJob,
	type BatchList,
} from '../batch';
import { buildOutputItem, meterUsage } from '../output/buildOutputItem';
import type { MediaFile } from '../response/media';
import type { PriceOverride, PriceTable } from '../pricing';
import { mapGenerateResponse, parseGenerateResponse } from '../response/mapGenerateResponse';
import { toolUseOf } from '../response/toolUse';
import { GeminiApiError } from '../transport/googleError';
import type { CallSettings, GeminiClient } from '../transport/GeminiClient';

/**
 * Batch API jobs (https://ai.google.dev/gemini-api/docs/batch-mode): get, wait, list, and results read as a stream, one item per
 * request (creation: batchCreate.ts).
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

/** The first status check comes soon, so a job that finishes in seconds is not waited on for long. */
export const FIRST_POLL_DELAY_MS = 2_000;

/** How long to wait before the next status check: grows ×1.5 from the first, up to `maxMs` (the user's interval). */
export function nextPollDelayMs(previousMs: number, maxMs: number): number {
	return Math.min(maxMs, Math.round(previousMs * 1.5));
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
	let wait = Math.min(FIRST_POLL_DELAY_MS, options.pollIntervalMs);
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
		wait = nextPollDelayMs(wait, options.pollIntervalMs);
	}
}

/** How batch results are priced: the execution's table and the node's Price Override. */
export interface BatchPricing {
	prices?: PriceTable;
	priceOverride?: PriceOverride;
}

/**
 * When a job's requests count as made, for the prices in force: the job's creation time (Google
 * prices a job when it is submitted), else now.
 */
export function batchPricedAt(job: BatchJob, now: Date = new Date()): Date {
	const created = job.createTime ? Date.parse(job.createTime) : Number.NaN;
	return Number.isNaN(created) ? now : new Date(created);
}

/** One request's result as a contract item at the batch price, plus its key and job. */
export function batchResultItem(
	job: BatchJob,
	result: { key?: string; response?: unknown; error?: BatchItemError },
	pricing: BatchPricing = {},
	warnings: readonly string[] = [],
): { key: string | null; json: IDataObject; failed: boolean; files: MediaFile[] } {
	const key = result.key ?? null;
	const batch = { name: job.name, state: job.state };
	if (result.error || result.response === undefined) {
		const error = result.error ?? { message: 'The result has neither a response nor an error' };
		const status = [error.code, error.status].filter((s) => s !== undefined).join(' ');
		return {
			key,
			failed: true,
			files: [],
			json: {
				error: `Batch request ${key ?? '?'} failed${status ? ` (${status})` : ''}: ${error.message ?? 'no message'}`,
				details: { key, batch, code: error.code ?? null, status: error.status ?? null },
			},
		};
	}
	const model = (job.model ?? 'unknown').replace(/^models\//, '');
	const parsed = parseGenerateResponse(result.response);
	const response = mapGenerateResponse(parsed);
	const item = buildOutputItem({
		model,
		response,
		requestedTier: 'batch',
		servedTier: 'batch',
		metered: meterUsage({
			model,
			servedTier: 'batch',
			usageMetadata: response.usageMetadata,
			priceOverride: pricing.priceOverride,
			prices: pricing.prices,
			at: batchPricedAt(job),
			modelVersion: response.modelVersion,
			toolUse: toolUseOf(parsed),
		}),
		latencyMs: 0,
		warnings: [...warnings],
	});
	// No per-request latency exists for a batch; the job's own times are under `batch`.
	item.latencyMs = null;
	return { key, failed: false, json: { key, ...item, batch }, files: response.files };
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

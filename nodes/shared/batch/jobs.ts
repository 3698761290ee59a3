import { z } from 'zod';

import { isRecord, toItemError, type BatchItemError } from './itemError';

/**
 * Batch jobs as the API returns them (https://ai.google.dev/gemini-api/docs/batch-mode): a long-running operation
 * `{ name, metadata: {…GenerateContentBatch}, done, response | error }` from create/get/list,
 * or the batch resource itself with the same fields at the top level. Normalized to one flat
 * shape with numeric counts and the state without its `BATCH_STATE_` / `JOB_STATE_` prefix.
 */

export type BatchState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'EXPIRED' | 'UNSPECIFIED';

export interface BatchCounts {
	requests: number;
	succeeded: number;
	failed: number;
	pending: number;
}

export interface BatchInlinedResponse {
	key?: string;
	response?: unknown;
	error?: BatchItemError;
}

export interface BatchJob {
	name: string;
	displayName?: string;
	model?: string;
	state: BatchState;
	/** As sent, e.g. `BATCH_STATE_RUNNING`; empty when the API sent none. */
	rawState: string;
	done: boolean;
	createTime?: string;
	updateTime?: string;
	endTime?: string;
	counts: BatchCounts;
	/** `files/…` holding the JSONL results of a file-input batch. */
	responsesFile?: string;
	/** Results of an inline batch, in request order. */
	inlinedResponses?: BatchInlinedResponse[];
	error?: BatchItemError;
}

export interface BatchList {
	jobs: BatchJob[];
	nextPageToken?: string;
}

const FINAL_STATES: ReadonlySet<BatchState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED']);

export function isFinalState(state: BatchState): boolean {
	return FINAL_STATES.has(state);
}

/**
 * The live API's `BATCH_STATE_*` and the SDK/docs' `JOB_STATE_*`. The extra JOB_STATE values
 * (Vertex's vocabulary) map to the nearest batch state so polling logic sees only seven.
 */
const STATE_ALIASES: Readonly<Record<string, BatchState>> = {
	PENDING: 'PENDING',
	QUEUED: 'PENDING',
	PAUSED: 'PENDING',
	RUNNING: 'RUNNING',
	UPDATING: 'RUNNING',
	// Not final: a cancelling job still ends as SUCCEEDED, FAILED or CANCELLED.
	CANCELLING: 'RUNNING',
	SUCCEEDED: 'SUCCEEDED',
	PARTIALLY_SUCCEEDED: 'SUCCEEDED',
	FAILED: 'FAILED',
	CANCELLED: 'CANCELLED',
	EXPIRED: 'EXPIRED',
};

export function normalizeBatchState(rawState: string | undefined): BatchState {
	const bare = (rawState ?? '').trim().toUpperCase().replace(/^(BATCH_STATE_|JOB_STATE_)/, '');
	return STATE_ALIASES[bare] ?? 'UNSPECIFIED';
}

/** int64 counts arrive as strings ("9"); proto3 JSON omits zeros, so absent means 0. */
const countSchema = z
	.union([z.number(), z.string()])
	.optional()
	.transform((value) => {
		const count = typeof value === 'string' ? Number(value) : value;
		return count !== undefined && Number.isSafeInteger(count) && count >= 0 ? count : 0;
	});

const batchStatsSchema = z
	.object({
		requestCount: countSchema,
		successfulRequestCount: countSchema,
		failedRequestCount: countSchema,
		pendingRequestCount: countSchema,
	})
	.passthrough();

const inlinedListSchema = z.union([
	z.array(z.unknown()),
	z.object({ inlinedResponses: z.array(z.unknown()).optional() }).passthrough(),
]);

const outputSchema = z
	.object({ responsesFile: z.string().optional(), inlinedResponses: inlinedListSchema.optional() })
	.passthrough();

const destSchema = z
	.object({ fileName: z.string().optional(), inlinedResponses: inlinedListSchema.optional() })
	.passthrough();

/** The GenerateContentBatch fields, found under `metadata` (operation) or at the top level. */
const batchFieldsSchema = z
	.object({
		name: z.string().optional(),
		displayName: z.string().optional(),
		model: z.string().optional(),
		state: z.string().optional(),
		createTime: z.string().optional(),
		updateTime: z.string().optional(),
		endTime: z.string().optional(),
		batchStats: batchStatsSchema.optional(),
		output: outputSchema.optional(),
		dest: destSchema.optional(),
		error: z.unknown().optional(),
	})
	.passthrough();

export const batchOperationSchema = batchFieldsSchema
	.extend({
		metadata: batchFieldsSchema.optional(),
		done: z.boolean().optional(),
		response: outputSchema.optional(),
	})
	.passthrough();

export type BatchOperation = z.infer<typeof batchOperationSchema>;
type BatchFields = z.infer<typeof batchFieldsSchema>;
type InlinedList = z.infer<typeof inlinedListSchema>;

function inlinedEntries(list: InlinedList | undefined): unknown[] | undefined {
	if (list === undefined) return undefined;
	return Array.isArray(list) ? list : list.inlinedResponses;
}

/** `{ metadata: { key }, response | error }` (API) or `{ key, … }` → one inline result. */
function toInlinedResponse(entry: unknown): BatchInlinedResponse {
	if (!isRecord(entry)) return { error: { message: 'The inline response is not an object' } };
	const metadata = isRecord(entry.metadata) ? entry.metadata : {};
	const key = metadata.key ?? entry.key;
	const result: BatchInlinedResponse = {};
	if (typeof key === 'string' || typeof key === 'number') result.key = String(key);
	if (entry.response !== undefined) result.response = entry.response;
	const error = toItemError(entry.error);
	if (error) result.error = error;
	return result;
}

function findInlinedResponses(op: BatchOperation, fields: BatchFields): BatchInlinedResponse[] | undefined {
	const entries =
		inlinedEntries(op.response?.inlinedResponses) ??
		inlinedEntries(fields.output?.inlinedResponses) ??
		inlinedEntries(fields.dest?.inlinedResponses);
	return entries?.map(toInlinedResponse);
}

function findResponsesFile(op: BatchOperation, fields: BatchFields): string | undefined {
	return op.response?.responsesFile ?? fields.output?.responsesFile ?? fields.dest?.fileName;
}

/** A finished operation without a state still tells success from failure. */
function stateOf(fields: BatchFields, op: BatchOperation, error: BatchItemError | undefined): BatchState {
	const state = normalizeBatchState(fields.state);
	if (state !== 'UNSPECIFIED' || op.done !== true) return state;
	return error ? 'FAILED' : 'SUCCEEDED';
}

function describeIssues(error: z.ZodError): string {
	return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

export function normalizeBatchJob(op: unknown): BatchJob {
	const parsed = batchOperationSchema.safeParse(op);
	if (!parsed.success) throw new Error(`Unexpected batch job from the API (${describeIssues(parsed.error)})`);
	const operation = parsed.data;
	// The operation's own fields, overlaid by its metadata (the batch resource) when present.
	const fields: BatchFields = { ...operation, ...operation.metadata };
	const error = toItemError(operation.error) ?? toItemError(fields.error);
	const state = stateOf(fields, operation, error);
	const stats = fields.batchStats;
	const job: BatchJob = {
		name: operation.name ?? fields.name ?? '',
		state,
		rawState: fields.state ?? '',
		done: operation.done ?? isFinalState(state),
		counts: {
			requests: stats?.requestCount ?? 0,
			succeeded: stats?.successfulRequestCount ?? 0,
			failed: stats?.failedRequestCount ?? 0,
			pending: stats?.pendingRequestCount ?? 0,
		},
	};
	assignDefined(job, {
		displayName: fields.displayName,
		model: fields.model,
		createTime: fields.createTime,
		updateTime: fields.updateTime,
		endTime: fields.endTime,
		responsesFile: findResponsesFile(operation, fields),
		inlinedResponses: findInlinedResponses(operation, fields),
		error,
	});
	return job;
}

/** Optional fields only when present, so results compare and serialize cleanly. */
function assignDefined(job: BatchJob, optional: Partial<BatchJob>): void {
	for (const [name, value] of Object.entries(optional)) {
		if (value !== undefined) Object.assign(job, { [name]: value });
	}
}

/** `GET batches` → `{ operations[] }` on the live API; `{ batches[] }` is accepted too. */
export function normalizeBatchList(body: unknown): BatchList {
	const record = isRecord(body) ? body : {};
	const items = Array.isArray(record.operations) ? record.operations : Array.isArray(record.batches) ? record.batches : [];
	const list: BatchList = { jobs: items.map(normalizeBatchJob) };
	if (typeof record.nextPageToken === 'string' && record.nextPageToken !== '') list.nextPageToken = record.nextPageToken;
	return list;
}

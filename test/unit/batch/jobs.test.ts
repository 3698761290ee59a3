import {
	isFinalState,
	normalizeBatchJob,
	normalizeBatchList,
	normalizeBatchState,
	type BatchState,
} from '../../../nodes/shared/batch/jobs';

/** Operations shaped like the live API's (gemini-api.md §5): int64 counts as strings. */

const generateResponse = (text: string) => ({
	candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP' }],
	usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 },
});

const fileOperation = {
	name: 'batches/123abc',
	metadata: {
		'@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
		model: 'models/gemini-2.5-flash',
		displayName: 'nightly',
		inputConfig: { fileName: 'files/input-1' },
		output: { responsesFile: 'files/batch-123abc' },
		createTime: '2026-06-02T10:00:00.000000Z',
		endTime: '2026-06-02T10:20:00.000000Z',
		updateTime: '2026-06-02T10:20:00.000000Z',
		batchStats: { requestCount: '9', successfulRequestCount: '8', failedRequestCount: '1' },
		state: 'BATCH_STATE_SUCCEEDED',
		name: 'batches/123abc',
	},
	done: true,
	response: {
		'@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput',
		responsesFile: 'files/batch-123abc',
	},
};

const runningOperation = {
	name: 'batches/run1',
	metadata: {
		'@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
		model: 'models/gemini-2.5-flash',
		displayName: 'running',
		createTime: '2026-06-02T10:00:00.000000Z',
		updateTime: '2026-06-02T10:01:00.000000Z',
		batchStats: { requestCount: '3', pendingRequestCount: '3' },
		state: 'BATCH_STATE_RUNNING',
		name: 'batches/run1',
	},
};

const inlineEntries = [
	{ metadata: { key: 'r1' }, response: generateResponse('one') },
	{ metadata: { key: 'r2' }, error: { code: 400, message: 'Invalid request', status: 'INVALID_ARGUMENT' } },
	{ response: generateResponse('three') },
];

describe('normalizeBatchJob', () => {
	it('flattens a finished file-output operation with string counts', () => {
		expect(normalizeBatchJob(fileOperation)).toEqual({
			name: 'batches/123abc',
			displayName: 'nightly',
			model: 'models/gemini-2.5-flash',
			state: 'SUCCEEDED',
			rawState: 'BATCH_STATE_SUCCEEDED',
			done: true,
			createTime: '2026-06-02T10:00:00.000000Z',
			updateTime: '2026-06-02T10:20:00.000000Z',
			endTime: '2026-06-02T10:20:00.000000Z',
			counts: { requests: 9, succeeded: 8, failed: 1, pending: 0 },
			responsesFile: 'files/batch-123abc',
		});
	});

	it('reads a running operation without done and without zero-valued counts', () => {
		const job = normalizeBatchJob(runningOperation);
		expect(job).toMatchObject({ state: 'RUNNING', done: false, counts: { requests: 3, succeeded: 0, failed: 0, pending: 3 } });
		expect(job.responsesFile).toBeUndefined();
		expect(job.inlinedResponses).toBeUndefined();
		expect('endTime' in job).toBe(false);
	});

	it.each<[string, BatchState]>([
		['BATCH_STATE_PENDING', 'PENDING'],
		['BATCH_STATE_RUNNING', 'RUNNING'],
		['BATCH_STATE_SUCCEEDED', 'SUCCEEDED'],
		['BATCH_STATE_FAILED', 'FAILED'],
		['BATCH_STATE_CANCELLED', 'CANCELLED'],
		['BATCH_STATE_EXPIRED', 'EXPIRED'],
		['BATCH_STATE_UNSPECIFIED', 'UNSPECIFIED'],
		['JOB_STATE_PENDING', 'PENDING'],
		['JOB_STATE_QUEUED', 'PENDING'],
		['JOB_STATE_RUNNING', 'RUNNING'],
		['JOB_STATE_CANCELLING', 'RUNNING'],
		['JOB_STATE_SUCCEEDED', 'SUCCEEDED'],
		['JOB_STATE_PARTIALLY_SUCCEEDED', 'SUCCEEDED'],
		['JOB_STATE_FAILED', 'FAILED'],
		['JOB_STATE_CANCELLED', 'CANCELLED'],
		['JOB_STATE_EXPIRED', 'EXPIRED'],
		['SOMETHING_NEW', 'UNSPECIFIED'],
	])('maps %s to %s, keeping the raw value', (rawState, state) => {
		expect(normalizeBatchState(rawState)).toBe(state);
		const job = normalizeBatchJob({ ...runningOperation, metadata: { ...runningOperation.metadata, state: rawState } });
		expect(job.state).toBe(state);
		expect(job.rawState).toBe(rawState);
		expect(job.done).toBe(isFinalState(state));
	});

	it('knows the final states', () => {
		expect(['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'].every((s) => isFinalState(s as BatchState))).toBe(true);
		expect(['PENDING', 'RUNNING', 'UNSPECIFIED'].some((s) => isFinalState(s as BatchState))).toBe(false);
	});

	it('reads inline responses under response.inlinedResponses.inlinedResponses', () => {
		const job = normalizeBatchJob({
			...fileOperation,
			metadata: { ...fileOperation.metadata, output: undefined },
			response: {
				'@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput',
				inlinedResponses: { inlinedResponses: inlineEntries },
			},
		});
		expect(job.responsesFile).toBeUndefined();
		expect(job.inlinedResponses).toEqual([
			{ key: 'r1', response: generateResponse('one') },
			{ key: 'r2', error: { code: 400, message: 'Invalid request', status: 'INVALID_ARGUMENT' } },
			{ response: generateResponse('three') },
		]);
	});

	it('reads inline responses under metadata.output.inlinedResponses.inlinedResponses', () => {
		const job = normalizeBatchJob({
			name: 'batches/in1',
			metadata: {
				...fileOperation.metadata,
				name: 'batches/in1',
				output: { inlinedResponses: { inlinedResponses: inlineEntries } },
			},
			done: true,
		});
		expect(job.inlinedResponses?.map((r) => r.key)).toEqual(['r1', 'r2', undefined]);
		expect(job.inlinedResponses?.[0].response).toEqual(generateResponse('one'));
	});

	it('reads a top-level batch resource with dest.inlinedResponses (nested or flat) and JOB_STATE', () => {
		const resource = {
			name: 'batches/sdk1',
			displayName: 'from the SDK',
			model: 'models/gemini-2.5-flash',
			state: 'JOB_STATE_SUCCEEDED',
			createTime: '2026-06-02T10:00:00Z',
			batchStats: { requestCount: 3, successfulRequestCount: 2, failedRequestCount: 1 },
			dest: { inlinedResponses: { inlinedResponses: inlineEntries } },
		};
		const nested = normalizeBatchJob(resource);
		expect(nested).toMatchObject({ name: 'batches/sdk1', state: 'SUCCEEDED', done: true, counts: { requests: 3, succeeded: 2, failed: 1, pending: 0 } });
		expect(nested.inlinedResponses).toHaveLength(3);
		const flat = normalizeBatchJob({ ...resource, dest: { inlinedResponses: inlineEntries } });
		expect(flat.inlinedResponses).toEqual(nested.inlinedResponses);
		expect(normalizeBatchJob({ ...resource, dest: { fileName: 'files/out' } }).responsesFile).toBe('files/out');
	});

	it('reports the error of a failed operation', () => {
		const job = normalizeBatchJob({
			name: 'batches/f1',
			metadata: { ...runningOperation.metadata, state: 'BATCH_STATE_FAILED' },
			done: true,
			error: { code: 3, message: 'The input file is not valid JSONL' },
		});
		expect(job).toMatchObject({ state: 'FAILED', done: true, error: { code: 3, message: 'The input file is not valid JSONL' } });
	});

	it('infers the outcome of a finished operation that carries no state', () => {
		expect(normalizeBatchJob({ name: 'batches/x', done: true, response: { responsesFile: 'files/y' } }).state).toBe('SUCCEEDED');
		expect(normalizeBatchJob({ name: 'batches/x', done: true, error: { code: 13, message: 'boom' } }).state).toBe('FAILED');
		expect(normalizeBatchJob({ name: 'batches/x' })).toMatchObject({ state: 'UNSPECIFIED', done: false, rawState: '' });
	});

	it('treats unusable counts as 0 and rejects what is not a batch at all', () => {
		const job = normalizeBatchJob({ name: 'b', batchStats: { requestCount: 'many', failedRequestCount: -1 } });
		expect(job.counts).toEqual({ requests: 0, succeeded: 0, failed: 0, pending: 0 });
		expect(() => normalizeBatchJob('batches/x')).toThrow(/Unexpected batch job/);
		expect(() => normalizeBatchJob({ name: 42 })).toThrow(/name/);
	});
});

describe('normalizeBatchList', () => {
	it('reads operations[] and the next page token', () => {
		const list = normalizeBatchList({ operations: [fileOperation, runningOperation], nextPageToken: 'tok-2' });
		expect(list.jobs.map((job) => [job.name, job.state])).toEqual([
			['batches/123abc', 'SUCCEEDED'],
			['batches/run1', 'RUNNING'],
		]);
		expect(list.nextPageToken).toBe('tok-2');
	});

	it('reads batches[] and an empty answer', () => {
		expect(normalizeBatchList({ batches: [runningOperation] }).jobs).toHaveLength(1);
		expect(normalizeBatchList({})).toEqual({ jobs: [] });
		expect(normalizeBatchList({ operations: [], nextPageToken: '' })).toEqual({ jobs: [] });
	});
});

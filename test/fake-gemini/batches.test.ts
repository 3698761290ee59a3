import { startFakeGemini } from './server';
import type { FakeGemini } from './server';
import type { GenerateContentResponse } from './types';
import { call, download, sleep, uploadFile } from './testkit';
import type { Reply } from './testkit';

const BATCH_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch';
const OUTPUT_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput';

interface Operation {
	name: string;
	metadata: Record<string, unknown> & { state: string; batchStats: Record<string, string> };
	done: boolean;
	response?: { '@type': string; inlinedResponses?: { inlinedResponses: InlineResult[] }; responsesFile?: string };
	error?: { code: number; message: string; status: string };
}

interface BatchError {
	code: number;
	message: string;
	status: string;
}

interface InlineResult {
	metadata?: { key: string };
	response?: GenerateContentResponse;
	error?: BatchError;
}

interface FileResult {
	key?: string;
	response?: GenerateContentResponse;
	error?: BatchError;
}

let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ port: 0, batchTiming: { pendingMs: 60, runningMs: 200 } });
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => fake.reset());

const user = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	contents: [{ role: 'user', parts: [{ text }] }],
	...extra,
});

const inline = (displayName: string, requests: Array<{ key: string; request: unknown }>): Record<string, unknown> => ({
	batch: {
		displayName,
		inputConfig: { requests: { requests: requests.map(({ key, request }) => ({ request, metadata: { key } })) } },
	},
});

const create = (body: unknown, model = 'gemini-2.5-flash', on: FakeGemini = fake): Promise<Reply> =>
	call(on, 'POST', `/v1beta/models/${model}:batchGenerateContent`, body);

const opOf = (reply: Reply): Operation => reply.json as unknown as Operation;
const idOf = (op: Operation): string => op.name.slice('batches/'.length);

async function getOp(name: string, on: FakeGemini = fake): Promise<Operation> {
	const reply = await call(on, 'GET', `/v1beta/${name}`);
	expect(reply.status).toBe(200);
	return opOf(reply);
}

/** Polls until the job is done, collecting every state seen. */
async function untilDone(name: string, on: FakeGemini = fake): Promise<{ op: Operation; states: string[] }> {
	const states: string[] = [];
	for (let i = 0; i < 500; i++) {
		const op = await getOp(name, on);
		if (states[states.length - 1] !== op.metadata.state) states.push(op.metadata.state);
		if (op.done) return { op, states };
		await sleep(15);
	}
	throw new Error(`${name} never finished`);
}

const jsonl = (lines: Array<{ key: string; request: unknown }>): Buffer => Buffer.from(lines.map((line) => JSON.stringify(line)).join('\n') + '\n');

describe('inline batch', () => {
	it('create answers with a PENDING long-running operation, counts as strings', async () => {
		const reply = await create(inline('my job', [{ key: 'r1', request: user('one') }, { key: 'r2', request: user('two') }]));
		expect(reply.status).toBe(200);
		const op = opOf(reply);
		expect(op).toEqual({
			name: expect.stringMatching(/^batches\/[a-z0-9]{16}$/),
			metadata: {
				'@type': BATCH_TYPE,
				model: 'models/gemini-2.5-flash',
				displayName: 'my job',
				createTime: expect.any(String),
				updateTime: expect.any(String),
				batchStats: { requestCount: '2', pendingRequestCount: '2' },
				state: 'BATCH_STATE_PENDING',
				name: op.name,
			},
			done: false,
		});
		expect(Object.keys(op)).toEqual(['name', 'metadata', 'done']);
	});

	it('goes PENDING → RUNNING → SUCCEEDED; results in request order with keys, usage without serviceTier', async () => {
		const requests = [
			{ key: 'first', request: user('hello batch') },
			{ key: 'second', request: user('[[fake:usage prompt=12 output=40 thoughts=17]] counted') },
			{ key: 'third', request: user('[[fake:answer="exactly this"]]') },
			{ key: 'fourth', request: user('structured', { generationConfig: { responseMimeType: 'application/json', responseJsonSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } }) },
		];
		const created = opOf(await create(inline('progress', requests)));
		const { op, states } = await untilDone(created.name);
		expect(states).toEqual(['BATCH_STATE_PENDING', 'BATCH_STATE_RUNNING', 'BATCH_STATE_SUCCEEDED']);
		expect(op.done).toBe(true);
		expect(op.metadata.batchStats).toEqual({ requestCount: '4', successfulRequestCount: '4' });
		expect(typeof op.metadata.endTime).toBe('string');
		expect(op.response?.['@type']).toBe(OUTPUT_TYPE);
		const results = op.response?.inlinedResponses?.inlinedResponses ?? [];
		expect(op.metadata.output).toEqual({ inlinedResponses: { inlinedResponses: results } });
		expect(results.map((result) => result.metadata?.key)).toEqual(['first', 'second', 'third', 'fourth']);

		const texts = results.map((result) => result.response?.candidates?.[0].content.parts.at(-1)?.text);
		expect(texts).toEqual(['Echo: hello batch', 'Echo: counted', 'exactly this', '{"n":42}']);
		for (const result of results) {
			expect(result.response?.usageMetadata).toBeDefined();
			expect(result.response?.usageMetadata).not.toHaveProperty('serviceTier');
			expect(result.response?.modelVersion).toBe('gemini-2.5-flash');
		}
		expect(results[1].response?.usageMetadata).toEqual({
			promptTokenCount: 12,
			candidatesTokenCount: 40,
			totalTokenCount: 69,
			promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
			thoughtsTokenCount: 17,
		});
		expect(new Set(results.map((result) => result.response?.responseId)).size).toBe(4);
	});

	it('turns fail / status directives and invalid bodies into per-request errors, counted as failed', async () => {
		const created = opOf(
			await create(
				inline('errors', [
					{ key: 'ok', request: user('fine') },
					{ key: 'fail', request: user('[[fake:fail]]') },
					{ key: 'e400', request: user('[[fake:400]]') },
					{ key: 'e500', request: user('[[fake:500]]') },
					{ key: 'invalid', request: user('hot', { generationConfig: { temperature: 5 } }) },
					{ key: 'unknown-directive', request: user('[[fake:nonsense]]') },
				]),
			),
		);
		expect(created.metadata.batchStats).toEqual({ requestCount: '6', pendingRequestCount: '6' });
		const { op } = await untilDone(created.name);
		expect(op.metadata.state).toBe('BATCH_STATE_SUCCEEDED');
		expect(op.metadata.batchStats).toEqual({ requestCount: '6', successfulRequestCount: '1', failedRequestCount: '5' });
		const results = op.response?.inlinedResponses?.inlinedResponses ?? [];
		expect(results[0].response).toBeDefined();
		expect(results[1]).toEqual({ metadata: { key: 'fail' }, error: { code: 500, message: expect.any(String), status: 'INTERNAL' } });
		expect(results[2].error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
		expect(results[3].error).toMatchObject({ code: 500, status: 'INTERNAL' });
		expect(results[4].error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
		expect(results[4].error?.message).toContain('temperature');
		expect(results[5].error?.message).toContain('nonsense');
		expect(results.slice(1).every((result) => result.response === undefined)).toBe(true);
	});

	it('counts progress while RUNNING (processed in order, failures counted as they are reached)', async () => {
		const requests = Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, request: user(i % 10 === 0 ? '[[fake:500]]' : `n${i}`) }));
		const created = opOf(await create(inline('[[fake:batch-pending=0 batch-running=3000]] slow', requests)));
		await sleep(300);
		const op = await getOp(created.name);
		expect(op.metadata.state).toBe('BATCH_STATE_RUNNING');
		const stats = op.metadata.batchStats;
		for (const value of Object.values(stats)) expect(typeof value).toBe('string');
		const done = Number(stats.successfulRequestCount ?? 0) + Number(stats.failedRequestCount ?? 0);
		expect(done).toBeGreaterThan(0);
		expect(done).toBeLessThan(100);
		expect(done + Number(stats.pendingRequestCount)).toBe(100);
		expect(Number(stats.failedRequestCount)).toBe(Math.ceil(done / 10));
	});

	it('times=N in a batch counts within the job', async () => {
		const requests = [1, 2, 3].map((n) => ({ key: `k${n}`, request: user(`[[fake:429 times=1]] n${n}`) }));
		const { op } = await untilDone(opOf(await create(inline('times', requests))).name);
		const results = op.response?.inlinedResponses?.inlinedResponses ?? [];
		expect(results.map((result) => (result.error ? result.error.code : 'ok'))).toEqual([429, 'ok', 'ok']);
	});

	it('refuses an unknown model or one without batchGenerateContent (404), and bad bodies (400)', async () => {
		const body = inline('x', [{ key: 'a', request: user('a') }]);
		const unknown = await create(body, 'gemini-nope');
		expect(unknown.status).toBe(404);
		expect((unknown.json.error as BatchError).status).toBe('NOT_FOUND');
		expect((await create(body, 'gemini-1.5-flash-002')).status).toBe(404);
		expect((await create({ batch: { displayName: 'x', inputConfig: { requests: { requests: [] } } } })).status).toBe(400);
		expect((await create({ batch: { displayName: 'x', inputConfig: { requests: [] } } })).status).toBe(400);
		expect((await create({ batch: { displayName: 'x', inputConfig: { fileName: 'files/a', requests: { requests: [{}] } } } })).status).toBe(400);
		expect((await create({ batch: { displayName: 'x', bogus: 1, inputConfig: { fileName: 'files/a' } } })).status).toBe(400);
		expect((await create(inline('[[fake:batch-explode]]', [{ key: 'a', request: user('a') }]))).status).toBe(400);
		const missingFile = await create({ batch: { displayName: 'x', inputConfig: { fileName: 'files/none' } } });
		expect(missingFile.status).toBe(404);
	});

	it('refuses inline requests over 20 MB', async () => {
		const big = 'x'.repeat(1024 * 1024);
		const requests = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, request: user(big) }));
		const reply = await create(inline('too big', requests));
		expect(reply.status).toBe(400);
		expect((reply.json.error as BatchError).message).toContain('exceeds the limit');
	});
});

describe('file batch', () => {
	it('reads a JSONL file and writes a JSONL results file (one line per request, in order)', async () => {
		const lines = [
			{ key: 'a', request: user('alpha') },
			{ key: 'b', request: user('[[fake:fail]] beta') },
			{ key: 'c', request: user('[[fake:answer=gamma]]') },
		];
		const input = await uploadFile(fake, jsonl(lines), { displayName: 'input.jsonl', mimeType: 'application/jsonl' });
		const created = opOf(await create({ batch: { displayName: 'from file', inputConfig: { fileName: input.name } } }));
		expect(created.metadata.batchStats).toEqual({ requestCount: '3', pendingRequestCount: '3' });
		// The job keeps its own copy of the input: deleting the upload does not break it.
		await call(fake, 'DELETE', `/v1beta/${String(input.name)}`);

		const { op } = await untilDone(created.name);
		expect(op.metadata.batchStats).toEqual({ requestCount: '3', successfulRequestCount: '2', failedRequestCount: '1' });
		const fileName = `files/batch-${idOf(op)}`;
		expect(op.response).toEqual({ '@type': OUTPUT_TYPE, responsesFile: fileName });
		expect(op.metadata.output).toEqual({ responsesFile: fileName });

		const got = await download(fake, fileName);
		expect(got.status).toBe(200);
		const text = got.bytes.toString('utf8');
		expect(text.endsWith('\n')).toBe(true);
		const results = text.trimEnd().split('\n').map((line) => JSON.parse(line) as FileResult);
		expect(results.map((result) => result.key)).toEqual(['a', 'b', 'c']);
		expect(results[0].response?.candidates?.[0].content.parts.at(-1)?.text).toBe('Echo: alpha');
		expect(results[0].response?.usageMetadata).not.toHaveProperty('serviceTier');
		expect(results[1]).toEqual({ key: 'b', error: { code: 500, message: expect.any(String), status: 'INTERNAL' } });
		expect(results[2].response?.candidates?.[0].content.parts.at(-1)?.text).toBe('gamma');

		const meta = await call(fake, 'GET', `/v1beta/${fileName}`);
		expect(meta.json).toMatchObject({ name: fileName, mimeType: 'application/jsonl', sizeBytes: String(got.bytes.length), state: 'ACTIVE' });
	});

	it('a 20,000-request file job completes with a 20,000-line results file', async () => {
		const lines = Array.from({ length: 20_000 }, (_, i) => ({ key: `req-${i}`, request: user(`request number ${i}`) }));
		const input = await uploadFile(fake, jsonl(lines), { chunkSize: 1024 * 1024 });
		const created = opOf(await create({ batch: { displayName: '[[fake:batch-pending=0 batch-running=0]] big', inputConfig: { fileName: input.name } } }));
		expect(created.metadata.batchStats.requestCount).toBe('20000');
		const { op } = await untilDone(created.name);
		expect(op.metadata.state).toBe('BATCH_STATE_SUCCEEDED');
		expect(op.metadata.batchStats).toEqual({ requestCount: '20000', successfulRequestCount: '20000' });
		const got = await download(fake, op.response?.responsesFile ?? '');
		const out = got.bytes.toString('utf8').trimEnd().split('\n');
		expect(out).toHaveLength(20_000);
		const last = JSON.parse(out[19_999]) as FileResult;
		expect(last.key).toBe('req-19999');
		expect(last.response?.candidates?.[0].content.parts.at(-1)?.text).toBe('Echo: request number 19999');
	});
});

describe('job lifecycle', () => {
	const one = (name: string): Record<string, unknown> => inline(name, [{ key: 'a', request: user('a') }]);

	it('lists newest first with pagination', async () => {
		const names: string[] = [];
		for (const name of ['j1', 'j2', 'j3']) names.push(opOf(await create(one(name))).name);
		const first = await call(fake, 'GET', '/v1beta/batches?pageSize=2');
		expect(first.status).toBe(200);
		const page1 = first.json.operations as Operation[];
		expect(page1.map((op) => op.name)).toEqual([names[2], names[1]]);
		expect(typeof first.json.nextPageToken).toBe('string');
		const second = await call(fake, 'GET', `/v1beta/batches?pageSize=2&pageToken=${String(first.json.nextPageToken)}`);
		expect((second.json.operations as Operation[]).map((op) => op.name)).toEqual([names[0]]);
		expect(second.json.nextPageToken).toBeUndefined();
		expect((await call(fake, 'GET', '/v1beta/batches?pageToken=garbage')).status).toBe(400);
	});

	it('cancel stops a running job (CANCELLED, done); a finished job stays as it was', async () => {
		const slow = opOf(await create(one('[[fake:batch-pending=5000]] slow')));
		const cancelled = await call(fake, 'POST', `/v1beta/${slow.name}:cancel`);
		expect(cancelled.status).toBe(200);
		expect(cancelled.json).toEqual({});
		const op = await getOp(slow.name);
		expect(op.metadata.state).toBe('BATCH_STATE_CANCELLED');
		expect(op.done).toBe(true);
		expect(op.response).toBeUndefined();

		const quick = opOf(await create(one('[[fake:batch-pending=0 batch-running=0]] quick')));
		expect((await call(fake, 'POST', `/v1beta/${quick.name}:cancel`)).json).toEqual({});
		expect((await getOp(quick.name)).metadata.state).toBe('BATCH_STATE_SUCCEEDED');
	});

	it('delete answers {} and the job is gone (404 NOT_FOUND)', async () => {
		const op = opOf(await create(one('doomed')));
		const deleted = await call(fake, 'DELETE', `/v1beta/${op.name}`);
		expect(deleted.status).toBe(200);
		expect(deleted.json).toEqual({});
		const gone = await call(fake, 'GET', `/v1beta/${op.name}`);
		expect(gone.status).toBe(404);
		expect(gone.json).toEqual({ error: { code: 404, message: `Batch ${op.name} not found.`, status: 'NOT_FOUND' } });
		expect((await call(fake, 'POST', `/v1beta/${op.name}:cancel`)).status).toBe(404);
		expect((await call(fake, 'DELETE', `/v1beta/${op.name}`)).status).toBe(404);
		expect((await call(fake, 'GET', '/v1beta/batches/unknown')).status).toBe(404);
	});

	it('[[fake:batch-fail]] ends FAILED with an error; [[fake:batch-expire]] ends EXPIRED without running', async () => {
		const failing = opOf(await create(one('[[fake:batch-fail]] bad')));
		const failed = await untilDone(failing.name);
		expect(failed.states).toEqual(['BATCH_STATE_PENDING', 'BATCH_STATE_RUNNING', 'BATCH_STATE_FAILED']);
		expect(failed.op.error).toEqual({ code: 500, message: expect.any(String), status: 'INTERNAL' });
		expect(failed.op.response).toBeUndefined();
		expect(failed.op.metadata.batchStats).toEqual({ requestCount: '1', failedRequestCount: '1' });

		const expiring = opOf(await create(one('[[fake:batch-expire]] old')));
		const expired = await untilDone(expiring.name);
		expect(expired.states).toEqual(['BATCH_STATE_PENDING', 'BATCH_STATE_EXPIRED']);
		expect(expired.op.error).toBeUndefined();
		expect(expired.op.response).toBeUndefined();
		expect(expired.op.metadata.batchStats).toEqual({ requestCount: '1', pendingRequestCount: '1' });
	});

	it.each([
		['[[fake:503-after-create]]', 503],
		['[[fake:reset-after-create]]', 'reset'],
	])('%s creates the job, then loses the answer', async (directive, expected) => {
		const answer = await create(one(`${directive} lost answer`)).then(
			(reply) => reply.status,
			() => 'reset',
		);
		expect(answer).toBe(expected);
		const listed = await call(fake, 'GET', '/v1beta/batches');
		const jobs = listed.json.operations as Operation[];
		expect(jobs.map((job) => job.metadata.displayName)).toEqual([`${directive} lost answer`]);
	});

	it('a queued fault with `after` lets the route create, then answers with the status instead', async () => {
		fake.enqueueFault({ after: 504, match: (req) => req.path.endsWith(':batchGenerateContent') });
		const lost = await create(one('queued after'));
		expect(lost.status).toBe(504);
		expect(lost.json).toMatchObject({ error: { code: 504 } });
		const listed = await call(fake, 'GET', '/v1beta/batches');
		expect((listed.json.operations as Operation[]).map((job) => job.metadata.displayName)).toEqual(['queued after']);
	});

	it('needs the API key', async () => {
		const reply = await call(fake, 'GET', '/v1beta/batches', undefined, {});
		expect(reply.status).toBe(400);
		expect(JSON.stringify(reply.json)).toContain('API_KEY_INVALID');
	});
});

describe('options', () => {
	it('batchStatePrefix JOB_STATE_ spells states the SDK way', async () => {
		const sdk = await startFakeGemini({ port: 0, batchStatePrefix: 'JOB_STATE_', batchTiming: { pendingMs: 20, runningMs: 20 } });
		try {
			const created = opOf(await create(inline('sdk', [{ key: 'a', request: user('a') }]), 'gemini-2.5-flash', sdk));
			expect(created.metadata.state).toBe('JOB_STATE_PENDING');
			const { states } = await untilDone(created.name, sdk);
			expect(states[states.length - 1]).toBe('JOB_STATE_SUCCEEDED');
			expect(states.every((state) => state.startsWith('JOB_STATE_'))).toBe(true);
		} finally {
			await sdk.close();
		}
	});

	it('refuses a bad prefix or timing', async () => {
		await expect(startFakeGemini({ batchStatePrefix: 'STATE_' as 'JOB_STATE_' })).rejects.toThrow('batchStatePrefix');
		await expect(startFakeGemini({ batchTiming: { pendingMs: -1 } })).rejects.toThrow('batchTiming.pendingMs');
	});
});

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Agent, request } from 'undici';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from '../n8n/engine';
import { expectNothingLeftOpen } from './harness';

/**
 * Batch Submit when the create's answer is lost. The job-creating POST is never sent again
 * blindly: after a 5xx or a dropped connection the node looks for the job by its unique display
 * name, and creates again only when none exists. Each case counts the jobs the fake holds
 * afterwards and the creates it received, and reads what the item says happened.
 */

const API_KEY = 'faults-batch-create-key-77e1';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 20, runningMs: 40 } });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const prompts = (n: number): INodeExecutionData[] => Array.from({ length: n }, (_, i) => ({ json: { prompt: `Question ${i}` } }));

async function submit(displayName: string, operation = 'submit', continueOnFail = false, items = prompts(3)) {
	return await runNode({
		nodeType: new GeminiBatch(),
		parameters: {
			operation,
			model: 'gemini-2.5-flash',
			prompt: '={{ $json.prompt }}',
			options: { displayName, pollIntervalSeconds: 0.05, maxWaitMinutes: 1 },
		},
		items,
		credentials: { apiKey: API_KEY, baseUrl: fake.url },
		continueOnFail,
	});
}

/** A list from the fake, read on a connection of its own that is closed afterwards. */
async function listOnServer<T>(path: string): Promise<T> {
	const agent = new Agent();
	try {
		const response = await request(`${fake.url}/v1beta/${path}?pageSize=99`, { dispatcher: agent, headers: { 'x-goog-api-key': API_KEY } });
		return (await response.body.json()) as T;
	} finally {
		await agent.close();
	}
}

async function jobsOnServer(): Promise<Array<{ name: string; displayName: string }>> {
	const body = await listOnServer<{ operations?: Array<{ name: string; metadata: { displayName: string } }> }>('batches');
	return (body.operations ?? []).map((op) => ({ name: op.name, displayName: op.metadata.displayName }));
}

async function filesOnServer(): Promise<Array<{ name: string; displayName: string }>> {
	return (await listOnServer<{ files?: Array<{ name: string; displayName: string }> }>('files')).files ?? [];
}

const creates = () => fake.requests.filter((r) => r.path.endsWith(':batchGenerateContent'));
const lists = () => fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1beta/batches?pageSize=100'));
const isCreate = (r: { path: string }) => r.path.endsWith(':batchGenerateContent');

describe('Batch Submit: the job-creating POST is never re-sent blindly', () => {
	it.each([
		['503-after-create', /that attempt got a 503 UNAVAILABLE after the batch job was created/],
		['reset-after-create', /that attempt got a dropped connection \(\w+\) after the batch job was created/],
	])('[[fake:%s]]: exactly one job exists, and the item says it was found', async (directive, said) => {
		const result = await submit(`nightly [[fake:${directive}]]`);
		expect(result.error).toBeUndefined();
		await expectNothingLeftOpen(fake);
		const jobs = await jobsOnServer();
		expect(jobs).toHaveLength(1);
		expect(creates()).toHaveLength(1);
		expect(lists().length).toBeGreaterThanOrEqual(1);
		const json = result.items[0].json as IDataObject & { batch: IDataObject; submission: IDataObject };
		expect(json.batch.name).toBe(jobs[0].name);
		expect(json.batch.displayName).toMatch(new RegExp(`^nightly \\[\\[fake:${directive}\\]\\] \\(n8n [0-9a-f]{8}\\)$`));
		expect(json.submission).toMatchObject({ attempts: 1, foundExisting: true });
		expect(String(json.submission.note)).toMatch(/^Found the batch job the first attempt created/);
		expect(String(json.submission.note)).toMatch(said);
	});

	it('a 503 before anything was created: looked for, none found, created on the second try; one job', async () => {
		fake.enqueueFault({ status: 503, match: isCreate });
		const result = await submit('retry-me');
		expect(result.error).toBeUndefined();
		expect(await jobsOnServer()).toHaveLength(1);
		expect(creates()).toHaveLength(2);
		// The lookup came between the two creates.
		const listAt = fake.requests.findIndex((r) => r.path.startsWith('/v1beta/batches?pageSize=100'));
		expect(listAt).toBeGreaterThan(fake.requests.indexOf(creates()[0]));
		expect(listAt).toBeLessThan(fake.requests.indexOf(creates()[1]));
		const submission = result.items[0].json.submission as IDataObject;
		expect(submission).toMatchObject({ attempts: 2, foundExisting: false });
		expect(submission.note).toBe(
			'The batch job was created on the second try after a 503 UNAVAILABLE; the first attempt created no batch job.',
		);
	});

	it('a 504 after create under Submit and Wait: one job, and every result item warns how it was found', async () => {
		fake.enqueueFault({ after: 504, match: isCreate });
		const result = await submit('wait-after-504', 'submitAndWait');
		expect(result.error).toBeUndefined();
		expect(await jobsOnServer()).toHaveLength(1);
		expect(creates()).toHaveLength(1);
		expect(result.items).toHaveLength(3);
		for (const item of result.items) {
			expect(item.json.warnings).toEqual([expect.stringMatching(/^Found the batch job the first attempt created: that attempt got a 504 DEADLINE_EXCEEDED after the batch job was created/)]);
		}
	});

	it('a 429 created nothing: retried by the transport without a lookup; one job', async () => {
		fake.enqueueFault({ status: 429, retryDelay: '0.05s', match: isCreate });
		const result = await submit('quota-once');
		expect(result.error).toBeUndefined();
		expect(await jobsOnServer()).toHaveLength(1);
		expect(creates()).toHaveLength(2);
		expect(lists()).toHaveLength(0);
		expect(result.items[0].json.submission).toMatchObject({ attempts: 1, foundExisting: false });
	});

	it('a 400 is not retried and not looked up: the error keeps Google’s status, no job exists', async () => {
		fake.enqueueFault({ status: 400, match: isCreate });
		const result = await submit('refused', 'submit', true);
		expect(await jobsOnServer()).toHaveLength(0);
		expect(creates()).toHaveLength(1);
		expect(lists()).toHaveLength(0);
		expect(result.items[0].json).toMatchObject({ details: { httpCode: '400', googleStatus: 'INVALID_ARGUMENT' } });
	});

	it('when every create fails before creating, each failure is looked up and the error says none was created', async () => {
		fake.enqueueFault({ status: 500, times: 10, match: isCreate });
		const result = await submit('never', 'submit', true);
		expect(await jobsOnServer()).toHaveLength(0);
		// The first try and three more (the default retry budget), each followed by a lookup.
		expect(creates()).toHaveLength(4);
		expect(lists()).toHaveLength(4);
		const error = String(result.items[0].json.error);
		expect(error).toMatch(/^Gemini API error 500 INTERNAL/);
		expect(error).toMatch(/No batch job named "never \(n8n [0-9a-f]{8}\)" exists, so none was created; it was not sent again after 4 attempts/);
	}, 30_000);

	it('a requests file whose finalize answer is lost: found by its name, not uploaded again; one file, one job', async () => {
		fake.enqueueFault({ after: 'reset', match: (r) => r.path.includes('upload_id=') && String(r.headers['x-goog-upload-command']).includes('finalize') });
		const big = 'x'.repeat(10_500);
		const items = Array.from({ length: 2_000 }, (_, i): INodeExecutionData => ({ json: { prompt: `${i} ${big}` } }));
		const result = await submit('big-job', 'submit', false, items);
		expect(result.error).toBeUndefined();
		const starts = fake.requests.filter((r) => r.headers['x-goog-upload-command'] === 'start');
		expect(starts).toHaveLength(1);
		const files = await filesOnServer();
		expect(files).toEqual([expect.objectContaining({ displayName: expect.stringMatching(/^big-job \(n8n [0-9a-f]{8}\)-requests\.jsonl$/) })]);
		expect(await jobsOnServer()).toHaveLength(1);
		const json = result.items[0].json as IDataObject & { batch: IDataObject; submission: IDataObject };
		expect(json.batch).toMatchObject({ input: 'file', file: files[0].name });
		expect(json.submission.note).toMatch(
			/^Found the requests file the first attempt created: that attempt got no usable answer after the requests file was created, so it was not sent again\. The batch job was created on the first try\.$/,
		);
	});

	it('when the lookup itself fails, nothing is re-sent and the error says to check with List', async () => {
		fake.enqueueFault({ after: 503, match: isCreate });
		fake.enqueueFault({ status: 403, match: (r) => r.path.startsWith('/v1beta/batches?pageSize=100') });
		const result = await submit('cannot-look', 'submit', true);
		expect(creates()).toHaveLength(1);
		expect(await jobsOnServer()).toHaveLength(1);
		expect(String(result.items[0].json.error)).toMatch(/may have been created, and looking for it failed .*check with List before submitting again/);
	});
});

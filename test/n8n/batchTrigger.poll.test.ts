import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';

import { GeminiBatchTrigger } from '../../nodes/GeminiBatchTrigger/GeminiBatchTrigger.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { call, uploadFile } from '../fake-gemini/testkit';

/**
 * The Batch Trigger's poll against the fake server, with its workflow static data kept between
 * polls like n8n keeps it. A job counts as emitted only after its results were fetched: a
 * failed results download leaves it for the next poll.
 */

const API_KEY = 'trigger-poll-key-5b0e';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 0, runningMs: 0 } });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const NODE: INode = { id: 'trigger', name: 'Gemini Batch Trigger', type: 'geminiBatchTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** The n8n functions `poll` uses, with one static-data object shared by every poll. */
function pollFunctions(staticData: IDataObject, warnings: string[]): IPollFunctions {
	const parameters: IDataObject = { states: ['SUCCEEDED'], displayNameContains: 'watched', includeResults: true };
	return {
		getCredentials: async () => ({ apiKey: API_KEY, baseUrl: fake.url }),
		getNodeParameter: (name: string) => parameters[name],
		getWorkflowStaticData: () => staticData,
		getMode: () => 'trigger',
		getNode: () => NODE,
		logger: { warn: (message: string) => warnings.push(message), debug: () => {}, info: () => {}, error: () => {} },
	} as unknown as IPollFunctions;
}

/** A finished job whose results are a file (downloaded by the trigger). */
async function fileJob(displayName: string, prompts: string[]): Promise<string> {
	const jsonl = prompts.map((text, i) => JSON.stringify({ key: `k${i}`, request: { contents: [{ role: 'user', parts: [{ text }] }] } })).join('\n');
	const file = await uploadFile(fake, Buffer.from(jsonl), { mimeType: 'application/jsonl' });
	const created = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:batchGenerateContent', {
		batch: { displayName, inputConfig: { fileName: file.name } },
	});
	expect(created.status).toBe(200);
	return String(created.json.name);
}

const isDownload = (r: { path: string }) => r.path.startsWith('/download/');

describe('Gemini Batch Trigger: a job is recorded as emitted only after its results were', () => {
	it('a failed results download emits nothing, records nothing, and the next poll emits the job', async () => {
		const name = await fileJob('watched nightly', ['one', 'two']);
		const staticData: IDataObject = {};
		const warnings: string[] = [];
		const trigger = new GeminiBatchTrigger();
		fake.enqueueFault({ status: 403, match: isDownload });

		await expect(trigger.poll.call(pollFunctions(staticData, warnings))).rejects.toThrow(/403/);
		expect(Object.keys((staticData.emitted as IDataObject | undefined) ?? {})).toEqual([]);
		expect(warnings).toEqual([expect.stringContaining(`the results of ${name} could not be fetched`)]);

		const second = await trigger.poll.call(pollFunctions(staticData, warnings));
		expect(second?.[0].map((item) => item.json.key)).toEqual(['k0', 'k1']);
		expect(Object.keys(staticData.emitted as IDataObject)).toEqual([name]);

		expect(await trigger.poll.call(pollFunctions(staticData, warnings))).toBeNull();
	});

	it('one job’s results fail: the other job is emitted and recorded, the failed one only at the next poll', async () => {
		const broken = await fileJob('watched broken', ['a', 'b', 'c']);
		await new Promise((resolve) => setTimeout(resolve, 5)); // a later end time: emitted after the first
		const healthy = await fileJob('watched healthy', ['d']);
		const staticData: IDataObject = {};
		const warnings: string[] = [];
		const trigger = new GeminiBatchTrigger();
		// The broken job's results file is refused once (a status the transport does not retry).
		const brokenId = broken.slice('batches/'.length);
		fake.enqueueFault({ status: 403, match: (r) => isDownload(r) && r.path.includes(brokenId) });

		const first = await trigger.poll.call(pollFunctions(staticData, warnings));
		expect(first?.[0].map((item) => (item.json.batch as IDataObject).name)).toEqual([healthy]);
		expect(first?.[0].map((item) => item.json.key)).toEqual(['k0']);
		expect(Object.keys(staticData.emitted as IDataObject)).toEqual([healthy]);
		expect(warnings).toEqual([expect.stringContaining(`the results of ${broken} could not be fetched`)]);

		const second = await trigger.poll.call(pollFunctions(staticData, warnings));
		expect(second?.[0].map((item) => item.json.key)).toEqual(['k0', 'k1', 'k2']);
		expect(Object.keys(staticData.emitted as IDataObject).sort()).toEqual([broken, healthy].sort());
	});
});

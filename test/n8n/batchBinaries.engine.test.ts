import { BinaryDataService } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from './engine';

/**
 * Batch Submit with a file on every item, run by n8n's engine with the binaries outside the items
 * (as in n8n's filesystem binary mode: the item holds an id, the bytes are read on request). Each
 * item's file is read when its request is encoded and not kept: so the upload of the requests
 * file starts while later items' files have not been read for it yet. Reading every file up
 * front (and holding them all for the whole job) fails this.
 */

const API_KEY = 'batch-binaries-key-3a9f';
const FILE_BYTES = 1_000_000;
const ITEMS = 24; // 24 × 1.33 MB of base64 > the 20 MB inline limit: a JSONL file in 8 MiB chunks
const MODE = 'lazytest';

let fake: FakeGemini;
/** Every read of a file, in order, with the number of upload chunks the fake had received by then. */
const reads: Array<{ fileId: string; chunksBefore: number }> = [];

const uploadChunks = () => fake.requests.filter((r) => r.path.includes('upload_id=') && r.bodyBytes !== undefined).length;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 0, runningMs: 0 } });
	// n8n-core's own copy of the DI container (it nests its own @n8n/di), where the service lives.
	const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] })) as typeof import('@n8n/di');
	Container.get(BinaryDataService).setManager(MODE as never, {
		getAsBuffer: async (fileId: string) => {
			reads.push({ fileId, chunksBefore: uploadChunks() });
			return Buffer.alloc(FILE_BYTES, `%PDF ${fileId} `);
		},
		// The size comes from the metadata, as from n8n's filesystem and S3 managers: no read.
		getMetadata: async (fileId: string) => ({ fileName: `${fileId}.pdf`, mimeType: 'application/pdf', fileSize: FILE_BYTES }),
	} as never);
});
afterAll(async () => {
	await fake.close();
});

const items = (): INodeExecutionData[] =>
	Array.from({ length: ITEMS }, (_, i) => ({
		json: { prompt: `Summarize document ${i}` },
		binary: { file: { id: `${MODE}:doc-${i}`, data: MODE, mimeType: 'application/pdf', fileName: `doc-${i}.pdf` } },
	}));

describe('Gemini Batch Submit reads each item’s files when its request is encoded', () => {
	it('reads a file once per pass (measure, send), and the send pass interleaves with the upload', async () => {
		const result = await runNode({
			nodeType: new GeminiBatch(),
			parameters: { operation: 'submit', model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { binaryProperties: 'file' } },
			items: items(),
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.batch).toMatchObject({ input: 'file' });

		// Pass 1 (measure) reads every file in item order before anything is uploaded; pass 2 (send) again.
		const order = Array.from({ length: ITEMS }, (_, i) => `doc-${i}`);
		expect(reads.map((r) => r.fileId)).toEqual([...order, ...order]);
		expect(reads.slice(0, ITEMS).every((r) => r.chunksBefore === 0)).toBe(true);
		// In the send pass the last files are read only after earlier chunks went out: not all held at once.
		const sendPass = reads.slice(ITEMS);
		expect(sendPass[0].chunksBefore).toBe(0);
		expect(sendPass[ITEMS - 1].chunksBefore).toBeGreaterThanOrEqual(2);
	});

	it('a Binary Properties name an item lacks is refused before any file is read or anything is sent', async () => {
		reads.length = 0;
		fake.reset();
		const input = items();
		delete input[5].binary;
		const result = await runNode({
			nodeType: new GeminiBatch(),
			parameters: { operation: 'submit', model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { binaryProperties: 'file' } },
			items: input,
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error?.message).toMatch(/Binary Properties \(options\.binaryProperties\) names "file", but the item has no such binary field .*\[item 5\]/);
		expect(reads).toEqual([]);
		expect(fake.requests).toEqual([]);
	});
});

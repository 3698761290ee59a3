import { startFakeGemini } from '../../fake-gemini/server';
import type { FakeGemini } from '../../fake-gemini/types';
import { DISPLAY_NAME_PREFIX, forgetUploads, uploadOrReuse, type FileMemory, type StreamedBytes } from '../../../nodes/shared/media/geminiFiles';
import { GeminiClient } from '../../../nodes/shared/transport/GeminiClient';
import { createHash } from 'node:crypto';

/**
 * Files API uploads against the fake Gemini: streamed, waited on until ACTIVE (videos are
 * PROCESSING first), reused while the same bytes come again, uploaded again once gone.
 */

const FAST = { retry: { maxRetries: 1, maxTotalWaitMs: 1000, baseDelayMs: 10, maxDelayMs: 20 } };

function bytesOf(content: Buffer, mimeType = 'video/mp4'): StreamedBytes & { reads: number } {
	const source = {
		mimeType,
		sizeBytes: content.length,
		reads: 0,
		body: async function* () {
			source.reads += 1;
			for (let at = 0; at < content.length; at += 100_000) yield content.subarray(at, at + 100_000);
		},
	};
	return source;
}

describe('uploadOrReuse', () => {
	let fake: FakeGemini;
	let client: GeminiClient;
	beforeAll(async () => {
		fake = await startFakeGemini();
		client = new GeminiClient({ apiKey: fake.apiKey, baseUrl: fake.url });
	});
	afterAll(async () => await fake.close());
	beforeEach(() => {
		fake.reset();
		forgetUploads();
	});

	const uploads = () => fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/'));
	const starts = () => uploads().filter((r) => r.headers['x-goog-upload-command'] === 'start');

	it('uploads a video, waits while it is PROCESSING, and names it by its SHA-256', async () => {
		const content = Buffer.alloc(700_000, 7);
		const outcome = await uploadOrReuse(client, bytesOf(content), undefined, FAST);
		const sha256 = createHash('sha256').update(content).digest('hex');
		expect(outcome).toMatchObject({ reused: false, sha256 });
		expect(outcome.file.uri).toMatch(/\/v1beta\/files\/[a-z0-9]+$/);
		expect(starts()).toHaveLength(1);
		const metadataReads = fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1beta/${outcome.file.name}`);
		expect(metadataReads.length).toBeGreaterThanOrEqual(2); // PROCESSING, PROCESSING, ACTIVE
		const file = await (await fetch(`${fake.url}/v1beta/${outcome.file.name}`, { headers: { 'x-goog-api-key': fake.apiKey } })).json();
		expect(file).toMatchObject({ state: 'ACTIVE', displayName: `${DISPLAY_NAME_PREFIX}${sha256}`, sizeBytes: '700000' });
	});

	it('reuses the upload for the same bytes (concurrent items share one upload); other bytes are uploaded', async () => {
		const content = Buffer.alloc(300_000, 1);
		const [a, b] = await Promise.all([uploadOrReuse(client, bytesOf(content), undefined, FAST), uploadOrReuse(client, bytesOf(content), undefined, FAST)]);
		expect(a.file.name).toBe(b.file.name);
		expect([a.reused, b.reused].sort()).toEqual([false, true]);
		const again = await uploadOrReuse(client, bytesOf(content), undefined, FAST);
		expect(again).toMatchObject({ reused: true, file: { name: a.file.name } });
		expect(starts()).toHaveLength(1);
		await uploadOrReuse(client, bytesOf(Buffer.alloc(300_000, 2)), undefined, FAST);
		expect(starts()).toHaveLength(2);
	});

	it('finds the file through the workflow memory in a new process, and uploads again once it is gone', async () => {
		const content = Buffer.alloc(200_000, 3);
		const memory: FileMemory = {};
		const first = await uploadOrReuse(client, bytesOf(content, 'image/png'), memory, FAST);
		expect(memory[first.sha256]?.name).toBe(first.file.name);
		forgetUploads(); // another process: only the static data remains
		expect(await uploadOrReuse(client, bytesOf(content, 'image/png'), memory, FAST)).toMatchObject({ reused: true, file: { name: first.file.name } });
		await fetch(`${fake.url}/v1beta/${first.file.name}`, { method: 'DELETE', headers: { 'x-goog-api-key': fake.apiKey } });
		forgetUploads();
		const third = await uploadOrReuse(client, bytesOf(content, 'image/png'), memory, FAST);
		expect(third.reused).toBe(false);
		expect(third.file.name).not.toBe(first.file.name);
		expect(memory[first.sha256]?.name).toBe(third.file.name);
		expect(starts()).toHaveLength(2);
	});

	it('does not reuse a remembered file that expires within the hour', async () => {
		const content = Buffer.alloc(100_000, 4);
		const first = await uploadOrReuse(client, bytesOf(content, 'image/png'), undefined, FAST);
		forgetUploads();
		const memory: FileMemory = { [first.sha256]: { ...first.file, expirationTime: new Date(Date.now() + 10 * 60_000).toISOString() } };
		expect((await uploadOrReuse(client, bytesOf(content, 'image/png'), memory, FAST)).reused).toBe(false);
	});

	it('drops expired files from the workflow memory when it remembers a new one', async () => {
		const memory: FileMemory = { old: { name: 'files/old', uri: 'x', mimeType: 'image/png', expirationTime: new Date(Date.now() - 1000).toISOString() } };
		const outcome = await uploadOrReuse(client, bytesOf(Buffer.alloc(1000, 5), 'image/png'), memory, FAST);
		expect(Object.keys(memory)).toEqual([outcome.sha256]);
	});
});

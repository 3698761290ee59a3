import { GeminiClient, type UploadFileInput } from '../../nodes/shared/transport/GeminiClient';
import type { RetrySettings } from '../../nodes/shared/transport/retryPolicy';
import { startFakeGemini, type FakeGemini, type RecordedRequest } from '../fake-gemini/server';
import { call } from '../fake-gemini/testkit';

/**
 * The resumable upload never starts a second upload of what may already exist: after a chunk's
 * retries are used up it asks the session first and goes on in it while it is active; after a
 * lost finalize answer it stops and says the file may exist. Against the fake server, whose
 * queued `after` fault lets the finalize create the file and then loses its answer.
 */

const API_KEY = 'upload-recovery-key-e41b';
const KIB = 1024;
const FAST_RETRY: RetrySettings = { maxRetries: 2, maxTotalWaitMs: 10_000, baseDelayMs: 5, maxDelayMs: 20 };

let fake: FakeGemini;
let client: GeminiClient;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	client = new GeminiClient({ apiKey: API_KEY, baseUrl: fake.url });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const command = (r: RecordedRequest) => String(r.headers['x-goog-upload-command'] ?? '');
const starts = () => fake.requests.filter((r) => command(r) === 'start');
const isChunk = (r: RecordedRequest) => r.path.includes('upload_id=') && command(r).includes('upload');

function input(bytes: number, displayName: string): UploadFileInput & { reads: () => number } {
	let reads = 0;
	const source = Buffer.alloc(bytes, 'jsonl line\n');
	return {
		displayName,
		mimeType: 'application/jsonl',
		sizeBytes: bytes,
		chunkBytes: 256 * KIB,
		body: async function* () {
			reads++;
			for (let at = 0; at < bytes; at += 100 * KIB) yield source.subarray(at, Math.min(bytes, at + 100 * KIB));
		},
		reads: () => reads,
	};
}

async function filesOnServer(): Promise<Array<{ displayName: string; sizeBytes: string }>> {
	const listed = await call(fake, 'GET', '/v1beta/files?pageSize=100');
	return (listed.json.files as Array<{ displayName: string; sizeBytes: string }> | undefined) ?? [];
}

describe('uploadFile: asks before it starts anything again', () => {
	it('a chunk that keeps failing while the session stays active: the upload goes on in the same session', async () => {
		// The second chunk fails 3 times: the first try and both retries; the session itself is fine.
		fake.enqueueFault({ status: 503, times: 3, match: (r) => isChunk(r) && r.headers['x-goog-upload-offset'] === String(256 * KIB) });
		const upload = input(600 * KIB, 'kept-session.jsonl');
		const file = await client.uploadFile(upload, { retry: FAST_RETRY });
		expect(file).toMatchObject({ displayName: 'kept-session.jsonl', sizeBytes: 600 * KIB });
		expect(starts()).toHaveLength(1);
		expect(await filesOnServer()).toHaveLength(1);
		// The body was read again (to reach the failed chunk) but the bytes before it were not re-sent.
		expect(upload.reads()).toBe(2);
		const firstChunkSends = fake.requests.filter((r) => isChunk(r) && r.headers['x-goog-upload-offset'] === '0');
		expect(firstChunkSends).toHaveLength(1);
	});

	it('a finalize whose answer is lost: no second upload, and the error says the file may exist', async () => {
		fake.enqueueFault({ after: 'reset', match: (r) => isChunk(r) && command(r).includes('finalize') });
		const upload = input(300 * KIB, 'lost-finalize.jsonl');
		const error = await client.uploadFile(upload, { retry: FAST_RETRY }).catch((e: unknown) => e as Error);
		expect(error.message).toMatch(/^The upload's last chunk \(finalize\) got no usable answer .*the file "lost-finalize\.jsonl" may have been created, so the upload was not started again$/);
		expect(starts()).toHaveLength(1);
		expect(await filesOnServer()).toEqual([expect.objectContaining({ displayName: 'lost-finalize.jsonl', sizeBytes: String(300 * KIB) })]);
	});
});

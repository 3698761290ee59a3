import { randomBytes } from 'node:crypto';

import { GeminiClient } from '../../nodes/shared/transport/GeminiClient';
import { GeminiApiError } from '../../nodes/shared/transport/googleError';
import type { RetrySettings } from '../../nodes/shared/transport/retryPolicy';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { close, listen, readBody, sendJson, type LoggedRequest, type TestServer } from './localServer';

/**
 * A results download that breaks half-way resumes with a Range request from the bytes already
 * received, a bounded number of times, and the consumer sees every byte exactly once. Against the
 * fake server (which honours Range and can cut a download after N bytes).
 */

const API_KEY = 'download-test-key-2b9d';
const FAST_RETRY: RetrySettings = { maxRetries: 2, maxTotalWaitMs: 5_000, baseDelayMs: 5, maxDelayMs: 20 };
const FILE = randomBytes(1_000_000);

let fake: FakeGemini;
let client: GeminiClient;
let fileName: string;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	client = new GeminiClient({ apiKey: API_KEY, baseUrl: fake.url });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(async () => {
	fake.reset();
	const file = await client.uploadFile({
		displayName: 'results',
		mimeType: 'application/jsonl',
		sizeBytes: FILE.length,
		body: async function* () {
			yield FILE;
		},
	});
	fileName = file.name;
	fake.requests.length = 0;
});

const isDownload = (request: { path: string }) => request.path.includes(':download');

async function collect(body: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; error?: unknown }> {
	const pieces: Buffer[] = [];
	try {
		for await (const piece of body) pieces.push(Buffer.from(piece));
	} catch (error) {
		return { bytes: Buffer.concat(pieces), error };
	}
	return { bytes: Buffer.concat(pieces) };
}

describe('GeminiClient.download resumes a broken body', () => {
	it('a break half-way: one Range request from the bytes received, every byte exactly once', async () => {
		fake.enqueueFault({ cutAfterBytes: 300_000, match: isDownload });
		const retries: number[] = [];
		const { bytes, error } = await collect(await client.download(fileName, { retry: FAST_RETRY, onRetry: (e) => retries.push(e.attempt) }));
		expect(error).toBeUndefined();
		expect(bytes.equals(FILE)).toBe(true);
		const downloads = fake.requests.filter(isDownload);
		expect(downloads.map((request) => request.headers.range)).toEqual([undefined, 'bytes=300000-']);
		expect(retries).toEqual([1]);
	});

	it('several breaks, each resumed from where the last one stopped', async () => {
		fake.enqueueFault({ cutAfterBytes: 100_000, times: 3, match: isDownload });
		const { bytes, error } = await collect(await client.download(fileName, { retry: FAST_RETRY }));
		expect(error).toBeUndefined();
		expect(bytes.equals(FILE)).toBe(true);
		expect(fake.requests.filter(isDownload).map((request) => request.headers.range)).toEqual([
			undefined,
			'bytes=100000-',
			'bytes=200000-',
			'bytes=300000-',
		]);
	});

	it('gives up after maxResumes with a network error; what was passed on is the file’s start, once', async () => {
		fake.enqueueFault({ cutAfterBytes: 50_000, times: 10, match: isDownload });
		const { bytes, error } = await collect(await client.download(fileName, { retry: FAST_RETRY, maxResumes: 2 }));
		expect(error).toBeInstanceOf(GeminiApiError);
		expect(error).toMatchObject({ kind: 'network', attempts: 3 });
		expect(fake.requests.filter(isDownload)).toHaveLength(3);
		expect(bytes.equals(FILE.subarray(0, 150_000))).toBe(true);
	});

	it('a consumer that stops early ends the download without resuming', async () => {
		const body = await client.download(fileName, { retry: FAST_RETRY });
		for await (const _piece of body) break;
		expect(fake.requests.filter(isDownload)).toHaveLength(1);
	});
});

describe('GeminiClient.download from a server that ignores Range', () => {
	let server: TestServer;
	const ranges: Array<string | undefined> = [];
	beforeAll(async () => {
		let served = 0;
		server = await listen((req, res) => {
			ranges.push(req.headers.range);
			// The whole file every time (200, no Content-Range); the first answer breaks after 1000 bytes.
			res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': FILE.length });
			if (served++ > 0) return void res.end(FILE);
			res.write(FILE.subarray(0, 1000), () => setImmediate(() => res.socket?.destroy()));
		});
	});
	afterAll(async () => {
		await close(server);
	});

	it('skips the bytes it already passed on, so none is seen twice', async () => {
		const other = new GeminiClient({ apiKey: API_KEY, baseUrl: server.origin });
		const { bytes, error } = await collect(await other.download('files/f1', { retry: FAST_RETRY }));
		expect(error).toBeUndefined();
		expect(ranges).toEqual([undefined, 'bytes=1000-']);
		expect(bytes.equals(FILE)).toBe(true);
	});
});

describe('GeminiClient.download against a local server', () => {
	let server: TestServer;
	let client: GeminiClient;
	const log: LoggedRequest[] = [];
	let downloadFailures = 0;
	let releaseSecondHalf: () => void = () => undefined;

	beforeAll(async () => {
		server = await listen((req, res) => {
			void readBody(req).then((body) => {
				log.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes: body.length, port: 0 });
				if (req.headers['x-goog-api-key'] !== API_KEY) return sendJson(res, 403, { error: { code: 403, message: 'no key' } });
				if (req.url === '/download/v1beta/files/batch-1:download?alt=media') {
					if (downloadFailures-- > 0) return sendJson(res, 503, { error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } });
					res.writeHead(200, { 'content-type': 'application/octet-stream' });
					res.write('{"key":"a","response":{}}\n');
					// The rest is only sent once the client has seen the first bytes: proof of streaming.
					releaseSecondHalf = () => res.end('{"key":"b","response":{}}\n');
					return;
				}
				sendJson(res, 404, { error: { code: 404, message: `no route ${req.method} ${req.url}`, status: 'NOT_FOUND' } });
			});
		});
		client = new GeminiClient({ apiKey: API_KEY, baseUrl: `${server.origin}/v1beta` });
	});
	afterAll(async () => {
		await close(server);
	});
	beforeEach(() => {
		log.length = 0;
	});

	it('streams the results file: bytes arrive before the server has finished', async () => {
		const body = await client.download('files/batch-1', { retry: FAST_RETRY });
		const received: string[] = [];
		for await (const chunk of body) {
			received.push(Buffer.from(chunk).toString('utf8'));
			if (received.length === 1) releaseSecondHalf();
		}
		expect(received.join('')).toBe('{"key":"a","response":{}}\n{"key":"b","response":{}}\n');
		expect(received.length).toBeGreaterThanOrEqual(2);
		expect(log[0].url).toBe('/download/v1beta/files/batch-1:download?alt=media');
	});

	it('accepts a path that already ends in :download, and retries before the body starts', async () => {
		downloadFailures = 1;
		const retries: number[] = [];
		const body = await client.download('/files/batch-1:download', { retry: FAST_RETRY, onRetry: (e) => retries.push(e.attempt) });
		releaseSecondHalf();
		const parts: Buffer[] = [];
		for await (const chunk of body) parts.push(Buffer.from(chunk));
		expect(Buffer.concat(parts).toString('utf8')).toContain('"key":"b"');
		expect(retries).toEqual([1]);
		expect(log).toHaveLength(2);
	});

	it('reports a missing file as a GeminiApiError', async () => {
		const error = await client.download('files/nope', { retry: FAST_RETRY }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(GeminiApiError);
		expect((error as GeminiApiError).httpStatus).toBe(404);
	});
});

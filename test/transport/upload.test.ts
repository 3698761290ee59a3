import type { IncomingMessage, ServerResponse } from 'node:http';

import { GeminiClient, type UploadFileInput } from '../../nodes/shared/transport/GeminiClient';
import { GeminiApiError } from '../../nodes/shared/transport/googleError';
import type { RetrySettings } from '../../nodes/shared/transport/retryPolicy';
import { close, listen, readBody, sendJson, type LoggedRequest, type TestServer } from './localServer';

/**
 * Uploads (upload.ts) against small local servers that speak the resumable upload protocol
 * (https://ai.google.dev/api/files): start, upload chunks with offsets, query, finalize.
 */

const API_KEY = 'files-test-key-5d0e';
const KIB = 1024;
const FAST_RETRY: RetrySettings = { maxRetries: 3, maxTotalWaitMs: 10_000, baseDelayMs: 10, maxDelayMs: 50 };

/** What the server does with the n-th upload/finalize request (0-based) of the whole run. */
type ChunkFault = 'fail-503' | 'store-then-503' | 'lose-session';

interface Session {
	received: Buffer[];
	size: number;
	final: boolean;
	lost: boolean;
	displayName: string;
	mimeType: string;
	declaredSize: number;
}

/**
 * A resumable-upload server. `start` is served on the `control` server; chunks go to the
 * `uploads` server (the same one unless a second origin is wanted).
 */
class ResumableFake {
	readonly log: LoggedRequest[] = [];

	readonly sessions = new Map<string, Session>();

	readonly faults = new Map<number, ChunkFault>();

	chunkRequests = 0;

	uploadOrigin = '';

	private nextId = 1;

	handler = (port: number) => async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const body = await readBody(req);
		this.log.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes: body.length, port });
		const url = new URL(req.url ?? '/', 'http://local');
		const command = String(req.headers['x-goog-upload-command'] ?? '');
		if (url.pathname === '/upload/v1beta/files' && command === 'start') return this.start(req, res, body);
		const session = this.sessions.get(url.searchParams.get('upload_id') ?? '');
		if (!session || session.lost) return sendJson(res, 404, { error: { code: 404, message: 'No such upload', status: 'NOT_FOUND' } });
		if (command === 'query') return this.query(res, session);
		if (command.startsWith('upload')) return this.chunk(req, res, session, body, command.includes('finalize'));
		sendJson(res, 400, { error: { code: 400, message: `Unknown command ${command}` } });
	};

	private start(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
		if (req.headers['x-goog-upload-protocol'] !== 'resumable' || req.headers['x-goog-api-key'] !== API_KEY) {
			return sendJson(res, 400, { error: { code: 400, message: 'bad start' } });
		}
		const id = String(this.nextId++);
		const { file } = JSON.parse(body.toString('utf8')) as { file: { displayName: string } };
		this.sessions.set(id, {
			received: [],
			size: 0,
			final: false,
			lost: false,
			displayName: file.displayName,
			mimeType: String(req.headers['x-goog-upload-header-content-type']),
			declaredSize: Number(req.headers['x-goog-upload-header-content-length']),
		});
		res.writeHead(200, {
			'x-goog-upload-url': `${this.uploadOrigin}/upload/v1beta/files?upload_id=${id}&upload_protocol=resumable`,
			'x-goog-upload-status': 'active',
		});
		res.end();
	}

	private query(res: ServerResponse, session: Session): void {
		res.writeHead(200, {
			'x-goog-upload-status': session.final ? 'final' : 'active',
			'x-goog-upload-size-received': String(session.size),
		});
		res.end();
	}

	private chunk(req: IncomingMessage, res: ServerResponse, session: Session, body: Buffer, finalize: boolean): void {
		const fault = this.faults.get(this.chunkRequests++);
		if (fault === 'fail-503') return sendJson(res, 503, { error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } });
		if (fault === 'lose-session') {
			session.lost = true;
			return sendJson(res, 404, { error: { code: 404, message: 'No such upload', status: 'NOT_FOUND' } });
		}
		if (Number(req.headers['x-goog-upload-offset']) !== session.size) {
			return sendJson(res, 400, { error: { code: 400, message: `offset ${req.headers['x-goog-upload-offset']} != ${session.size}` } });
		}
		session.received.push(body);
		session.size += body.length;
		if (fault === 'store-then-503') return sendJson(res, 503, { error: { code: 503, message: 'lost answer', status: 'UNAVAILABLE' } });
		if (!finalize) {
			res.writeHead(200, { 'x-goog-upload-status': 'active' });
			return void res.end();
		}
		session.final = true;
		sendJson(
			res,
			200,
			{
				file: {
					name: 'files/abc123',
					displayName: session.displayName,
					mimeType: session.mimeType,
					sizeBytes: String(session.size),
					createTime: '2026-06-02T10:00:00.000000Z',
					expirationTime: '2026-06-04T10:00:00.000000Z',
					sha256Hash: 'ZmFrZQ==',
					uri: 'https://generativelanguage.googleapis.com/v1beta/files/abc123',
					state: 'ACTIVE',
					source: 'UPLOADED',
				},
			},
			{ 'x-goog-upload-status': 'final' },
		);
	}

	bytesOf(id: string): Buffer {
		return Buffer.concat(this.sessions.get(id)?.received ?? []);
	}

	chunkLog(): LoggedRequest[] {
		return this.log.filter((entry) => String(entry.headers['x-goog-upload-command']).startsWith('upload'));
	}
}

/** Deterministic bytes, so that any misplaced or repeated range is detected. */
function pattern(size: number): Buffer {
	const bytes = Buffer.alloc(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >>> 8) * 7) & 0xff;
	return bytes;
}

/** A body factory yielding `source` in pieces of `pieceBytes`; counts bytes pulled so far. */
function pieces(source: Buffer, pieceBytes: number) {
	const state = { pulled: 0, calls: 0 };
	const body = async function* (): AsyncGenerator<Uint8Array> {
		state.calls++;
		for (let at = 0; at < source.length; at += pieceBytes) {
			const piece = source.subarray(at, Math.min(at + pieceBytes, source.length));
			state.pulled += piece.length;
			yield piece;
		}
	};
	return { body, state };
}

function uploadInput(source: Buffer, pieceBytes: number, chunkBytes?: number): { input: UploadFileInput; state: { pulled: number; calls: number } } {
	const { body, state } = pieces(source, pieceBytes);
	return {
		input: { displayName: 'batch-input', mimeType: 'application/jsonl', sizeBytes: source.length, body, chunkBytes },
		state,
	};
}

describe('GeminiClient.uploadFile (same origin)', () => {
	let fake: ResumableFake;
	let server: TestServer;
	let client: GeminiClient;

	beforeEach(async () => {
		fake = new ResumableFake();
		server = await listen((req, res) => void fake.handler(0)(req, res));
		fake.uploadOrigin = server.origin;
		client = new GeminiClient({ apiKey: API_KEY, baseUrl: server.origin });
	});
	afterEach(async () => {
		await close(server);
	});

	it('uploads 1.5 MiB in three 512 KiB chunks with the right commands and offsets', async () => {
		const source = pattern(1536 * KIB);
		const chunkBytes = 512 * KIB;
		const { input, state } = uploadInput(source, 100_000, chunkBytes);
		// Laziness: when a chunk reaches the server, at most one chunk plus one piece has been read.
		const pulledAtChunk: number[] = [];
		const handler = fake.handler(0);
		server.server.removeAllListeners('request');
		server.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			if (String(req.headers['x-goog-upload-command']).startsWith('upload')) pulledAtChunk.push(state.pulled);
			void handler(req, res);
		});

		const file = await client.uploadFile(input, { retry: FAST_RETRY });

		expect(file).toMatchObject({ name: 'files/abc123', mimeType: 'application/jsonl', sizeBytes: source.length, state: 'ACTIVE' });
		expect(file.uri).toContain('files/abc123');
		expect(fake.log).toHaveLength(4);
		const [start, ...chunks] = fake.log;
		expect(start.method).toBe('POST');
		expect(start.url).toBe('/upload/v1beta/files');
		expect(start.headers['x-goog-upload-protocol']).toBe('resumable');
		expect(start.headers['x-goog-upload-command']).toBe('start');
		expect(start.headers['x-goog-upload-header-content-length']).toBe(String(source.length));
		expect(start.headers['x-goog-upload-header-content-type']).toBe('application/jsonl');
		expect(start.headers['x-goog-api-key']).toBe(API_KEY);
		expect(start.url).not.toContain(API_KEY);
		expect(fake.sessions.get('1')?.displayName).toBe('batch-input');
		expect(chunks.map((c) => [c.headers['x-goog-upload-command'], c.headers['x-goog-upload-offset'], c.bodyBytes])).toEqual([
			['upload', '0', chunkBytes],
			['upload', String(chunkBytes), chunkBytes],
			['upload, finalize', String(2 * chunkBytes), chunkBytes],
		]);
		// Same origin as the base URL: the session URL gets the key.
		for (const chunk of chunks) expect(chunk.headers['x-goog-api-key']).toBe(API_KEY);
		expect(fake.bytesOf('1').equals(source)).toBe(true);
		pulledAtChunk.forEach((pulled, index) => expect(pulled).toBeLessThanOrEqual((index + 1) * chunkBytes + 100_000));
		expect(state.calls).toBe(1);
	});

	it('sends a short last chunk and a body smaller than one chunk as a single finalize', async () => {
		const source = pattern(300 * KIB + 17);
		const { input } = uploadInput(source, 64 * KIB, 256 * KIB);
		await client.uploadFile(input, { retry: FAST_RETRY });
		expect(fake.chunkLog().map((c) => [c.headers['x-goog-upload-command'], c.headers['x-goog-upload-offset'], c.bodyBytes])).toEqual([
			['upload', '0', 256 * KIB],
			['upload, finalize', String(256 * KIB), 44 * KIB + 17],
		]);
		expect(fake.bytesOf('1').equals(source)).toBe(true);

		const small = pattern(1000);
		await client.uploadFile(uploadInput(small, 7, 256 * KIB).input, { retry: FAST_RETRY });
		expect(fake.bytesOf('2').equals(small)).toBe(true);
		expect(fake.chunkLog().slice(2).map((c) => c.headers['x-goog-upload-command'])).toEqual(['upload, finalize']);
	});

	it('defaults to 8 MiB chunks', async () => {
		const source = pattern(9 * 1024 * KIB);
		await client.uploadFile(uploadInput(source, 1024 * KIB).input, { retry: FAST_RETRY });
		expect(fake.chunkLog().map((c) => c.bodyBytes)).toEqual([8 * 1024 * KIB, 1024 * KIB]);
		expect(fake.bytesOf('1').equals(source)).toBe(true);
	});

	it('re-sends a chunk the server did not keep, after asking the session where it stands', async () => {
		const source = pattern(768 * KIB);
		fake.faults.set(1, 'fail-503');
		const retries: number[] = [];
		const file = await client.uploadFile(uploadInput(source, 50_000, 256 * KIB).input, {
			retry: FAST_RETRY,
			onRetry: (event) => retries.push(event.attempt),
		});
		expect(file.name).toBe('files/abc123');
		expect(retries).toEqual([1]);
		const commands = fake.log.slice(1).map((entry) => `${entry.headers['x-goog-upload-command']}@${entry.headers['x-goog-upload-offset'] ?? '-'}`);
		expect(commands).toEqual([
			'upload@0',
			`upload@${256 * KIB}`,
			'query@-',
			`upload@${256 * KIB}`,
			`upload, finalize@${512 * KIB}`,
		]);
		expect(fake.bytesOf('1').equals(source)).toBe(true);
	});

	it('does not re-send a chunk the server kept although its answer was an error', async () => {
		const source = pattern(768 * KIB);
		fake.faults.set(0, 'store-then-503');
		await client.uploadFile(uploadInput(source, 50_000, 256 * KIB).input, { retry: FAST_RETRY });
		const commands = fake.log.slice(1).map((entry) => `${entry.headers['x-goog-upload-command']}@${entry.headers['x-goog-upload-offset'] ?? '-'}`);
		expect(commands).toEqual(['upload@0', 'query@-', `upload@${256 * KIB}`, `upload, finalize@${512 * KIB}`]);
		expect(fake.bytesOf('1').equals(source)).toBe(true);
	});

	it('finalizes with an empty chunk when the last bytes arrived but the finalize answer was lost', async () => {
		const source = pattern(512 * KIB);
		fake.faults.set(1, 'store-then-503');
		await client.uploadFile(uploadInput(source, 50_000, 256 * KIB).input, { retry: FAST_RETRY });
		// The faulted finalize stored the bytes without finalizing; the re-send finalizes at the end.
		const finals = fake.chunkLog().filter((c) => String(c.headers['x-goog-upload-command']).includes('finalize'));
		expect(finals.map((c) => [c.headers['x-goog-upload-offset'], c.bodyBytes])).toEqual([
			[String(256 * KIB), 256 * KIB],
			[String(512 * KIB), 0],
		]);
		expect(fake.bytesOf('1').equals(source)).toBe(true);
	});

	it('restarts the whole upload once, from a fresh body, when the session is lost', async () => {
		const source = pattern(768 * KIB);
		fake.faults.set(1, 'lose-session');
		const { input, state } = uploadInput(source, 50_000, 256 * KIB);
		const file = await client.uploadFile(input, { retry: FAST_RETRY });
		expect(file.name).toBe('files/abc123');
		expect(state.calls).toBe(2);
		expect(fake.log.filter((entry) => entry.headers['x-goog-upload-command'] === 'start')).toHaveLength(2);
		expect(fake.bytesOf('2').equals(source)).toBe(true);
	});

	it('gives up after the one restart and reports the Google error', async () => {
		const source = pattern(512 * KIB);
		fake.faults.set(0, 'lose-session');
		fake.faults.set(1, 'lose-session');
		const { input, state } = uploadInput(source, 50_000, 256 * KIB);
		const error = await client.uploadFile(input, { retry: FAST_RETRY }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(GeminiApiError);
		expect((error as GeminiApiError).httpStatus).toBe(404);
		expect(state.calls).toBe(2);
	});

	it('retries the start call with the usual policy', async () => {
		let failures = 1;
		const handler = fake.handler(0);
		server.server.removeAllListeners('request');
		server.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			if (req.headers['x-goog-upload-command'] === 'start' && failures-- > 0) {
				return sendJson(res, 503, { error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } });
			}
			void handler(req, res);
		});
		const file = await client.uploadFile(uploadInput(pattern(1000), 1000, 256 * KIB).input, { retry: FAST_RETRY });
		expect(file.sizeBytes).toBe(1000);
	});

	it('rejects a body whose length differs from sizeBytes, before finalizing', async () => {
		const source = pattern(600 * KIB);
		const short = uploadInput(source, 50_000, 256 * KIB);
		short.input.sizeBytes = source.length + 1;
		await expect(client.uploadFile(short.input, { retry: FAST_RETRY })).rejects.toThrow(/produced 614400 bytes, but sizeBytes is 614401/);
		const long = uploadInput(source, 50_000, 256 * KIB);
		long.input.sizeBytes = source.length - 1;
		await expect(client.uploadFile(long.input, { retry: FAST_RETRY })).rejects.toThrow(/more than 614399 bytes/);
		expect(fake.chunkLog().some((c) => String(c.headers['x-goog-upload-command']).includes('finalize'))).toBe(false);
		// A caller error is not worth a second upload.
		expect(short.state.calls).toBe(1);
		expect(long.state.calls).toBe(1);
	});

	it('stops on cancellation mid-upload without restarting', async () => {
		const controller = new AbortController();
		const handler = fake.handler(0);
		server.server.removeAllListeners('request');
		server.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			// The second chunk never gets an answer: the execution is stopped meanwhile.
			if (req.headers['x-goog-upload-offset'] === String(256 * KIB)) return void controller.abort();
			void handler(req, res);
		});
		const { input, state } = uploadInput(pattern(768 * KIB), 50_000, 256 * KIB);
		const error = await client.uploadFile(input, { retry: FAST_RETRY, signal: controller.signal }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(GeminiApiError);
		expect((error as GeminiApiError).kind).toBe('aborted');
		expect(state.calls).toBe(1);
	});

	it('refuses a chunk size that is not a multiple of 256 KiB', async () => {
		await expect(client.uploadFile(uploadInput(pattern(10), 10, 300 * KIB).input)).rejects.toThrow(RangeError);
		expect(fake.log).toHaveLength(0);
	});
});

describe('GeminiClient.uploadFile (upload URL on another origin)', () => {
	let fake: ResumableFake;
	let control: TestServer;
	let uploads: TestServer;

	beforeAll(async () => {
		fake = new ResumableFake();
		control = await listen((req, res) => void fake.handler(1)(req, res));
		uploads = await listen((req, res) => void fake.handler(2)(req, res));
		fake.uploadOrigin = uploads.origin;
	});
	afterAll(async () => {
		await close(control);
		await close(uploads);
	});

	it('never sends the key to an upload URL on another origin', async () => {
		const source = pattern(512 * KIB + 5);
		const client = new GeminiClient({ apiKey: API_KEY, baseUrl: control.origin });
		const file = await client.uploadFile(uploadInput(source, 40_000, 256 * KIB).input, { retry: FAST_RETRY });
		expect(file.name).toBe('files/abc123');
		const onControl = fake.log.filter((entry) => entry.port === 1);
		const onUploads = fake.log.filter((entry) => entry.port === 2);
		expect(onControl).toHaveLength(1);
		expect(onControl[0].headers['x-goog-api-key']).toBe(API_KEY);
		expect(onUploads).toHaveLength(3);
		for (const entry of onUploads) {
			expect(entry.headers['x-goog-api-key']).toBeUndefined();
			expect(JSON.stringify(entry.headers)).not.toContain(API_KEY);
			expect(entry.url).not.toContain(API_KEY);
		}
		expect(fake.bytesOf('1').equals(source)).toBe(true);
	});
});

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { startFakeGemini } from './server';
import type { FakeGemini } from './server';
import { call, download, sendChunk, startUpload, uploadFile } from './testkit';

let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ port: 0 });
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => fake.reset());

const errorOf = (json: Record<string, unknown>): { code: number; status: string; message: string } =>
	json.error as { code: number; status: string; message: string };

describe('resumable upload', () => {
	it('start answers with an absolute upload URL on this server and status active', async () => {
		const start = await startUpload(fake, 10);
		expect(start.status).toBe(200);
		expect(start.headers.get('x-goog-upload-status')).toBe('active');
		const url = start.headers.get('x-goog-upload-url') ?? '';
		expect(url).toMatch(new RegExp(`^${fake.url}/upload/v1beta/files\\?upload_id=[a-z0-9]+&upload_protocol=resumable$`));
		expect(fake.requests[0].body).toEqual({ file: { displayName: 'test file' } });
	});

	it('takes the bytes in several chunks, then finalizes with the File resource', async () => {
		const bytes = randomBytes(250_000);
		const start = await startUpload(fake, bytes.length, { displayName: 'three chunks', mimeType: 'image/png' });
		const url = start.headers.get('x-goog-upload-url') ?? '';

		const first = await sendChunk(fake, url, bytes.subarray(0, 100_000), 0, 'upload');
		expect(first.status).toBe(200);
		expect(first.headers.get('x-goog-upload-status')).toBe('active');
		expect(first.text).toBe('');
		const second = await sendChunk(fake, url, bytes.subarray(100_000, 200_000), 100_000, 'upload');
		expect(second.headers.get('x-goog-upload-size-received')).toBe('200000');
		const last = await sendChunk(fake, url, bytes.subarray(200_000), 200_000, 'upload, finalize');
		expect(last.status).toBe(200);
		expect(last.headers.get('x-goog-upload-status')).toBe('final');

		const file = last.json.file as Record<string, unknown>;
		const id = String(file.name).replace('files/', '');
		expect(file).toEqual({
			name: expect.stringMatching(/^files\/[a-z0-9]{12}$/),
			displayName: 'three chunks',
			mimeType: 'image/png',
			sizeBytes: '250000',
			createTime: expect.any(String),
			updateTime: expect.any(String),
			expirationTime: expect.any(String),
			sha256Hash: Buffer.from(createHash('sha256').update(bytes).digest('hex')).toString('base64'),
			uri: `${fake.url}/v1beta/files/${id}`,
			state: 'ACTIVE',
		});
		expect(Date.parse(String(file.expirationTime)) - Date.parse(String(file.createTime))).toBe(48 * 3600 * 1000);

		const got = await download(fake, String(file.name));
		expect(got.status).toBe(200);
		expect(got.type).toBe('image/png');
		expect(got.bytes.equals(bytes)).toBe(true);
	});

	it('records chunk sizes, never chunk bytes', async () => {
		const bytes = randomBytes(5000);
		await uploadFile(fake, bytes, { chunkSize: 3000 });
		const chunks = fake.requests.filter((request) => request.path.includes('upload_id='));
		expect(chunks.map((request) => request.bodyBytes)).toEqual([3000, 2000]);
		expect(chunks.every((request) => request.body === undefined)).toBe(true);
	});

	it('refuses a wrong offset with 400 and keeps the upload usable', async () => {
		const bytes = randomBytes(2000);
		const start = await startUpload(fake, bytes.length);
		const url = start.headers.get('x-goog-upload-url') ?? '';
		await sendChunk(fake, url, bytes.subarray(0, 1000), 0, 'upload');

		const skipped = await sendChunk(fake, url, bytes.subarray(1000), 1500, 'upload, finalize');
		expect(skipped.status).toBe(400);
		expect(errorOf(skipped.json).status).toBe('INVALID_ARGUMENT');
		expect(errorOf(skipped.json).message).toContain('1000 bytes have been received');
		expect(skipped.headers.get('x-goog-upload-size-received')).toBe('1000');
		const repeated = await sendChunk(fake, url, bytes.subarray(0, 1000), 0, 'upload');
		expect(repeated.status).toBe(400);

		const query = await sendChunk(fake, url, new Uint8Array(0), 0, 'query');
		expect(query.headers.get('x-goog-upload-size-received')).toBe('1000');
		const last = await sendChunk(fake, url, bytes.subarray(1000), 1000, 'upload, finalize');
		expect(last.status).toBe(200);
		expect((await download(fake, String((last.json.file as Record<string, unknown>).name))).bytes.equals(bytes)).toBe(true);
	});

	it('refuses a finalize short of the declared length, and bytes beyond it', async () => {
		const start = await startUpload(fake, 100);
		const url = start.headers.get('x-goog-upload-url') ?? '';
		const short = await sendChunk(fake, url, randomBytes(60), 0, 'upload, finalize');
		expect(short.status).toBe(400);
		expect(errorOf(short.json).message).toContain('declared 100');
		const long = await sendChunk(fake, url, randomBytes(80), 60, 'upload');
		expect(long.status).toBe(400);
		expect(long.headers.get('x-goog-upload-size-received')).toBe('60');
		const fitting = await sendChunk(fake, url, randomBytes(40), 60, 'upload, finalize');
		expect(fitting.status).toBe(200);
		expect((fitting.json.file as Record<string, unknown>).sizeBytes).toBe('100');
	});

	it('needs the API key on the start and on the upload URL', async () => {
		const noKey = await startUpload(fake, 10, { headers: {} });
		expect(noKey.status).toBe(400);
		expect(JSON.stringify(noKey.json)).toContain('API_KEY_INVALID');

		const start = await startUpload(fake, 10);
		const url = start.headers.get('x-goog-upload-url') ?? '';
		const chunk = await sendChunk(fake, url, randomBytes(10), 0, 'upload, finalize', { 'x-goog-api-key': 'wrong' });
		expect(chunk.status).toBe(400);
		expect(JSON.stringify(chunk.json)).toContain('API_KEY_INVALID');
		const withKey = await sendChunk(fake, url, randomBytes(10), 0, 'upload, finalize');
		expect(withKey.status).toBe(200);
	});

	it('refuses a start without the resumable protocol or the length, and an unknown upload id', async () => {
		const noLength = await fetch(`${fake.url}/upload/v1beta/files`, {
			method: 'POST',
			headers: { 'x-goog-api-key': fake.apiKey, 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-command': 'start' },
			body: '{}',
		});
		expect(noLength.status).toBe(400);
		const multipart = await startUpload(fake, 10, { headers: { 'x-goog-api-key': fake.apiKey, 'x-goog-upload-protocol': 'multipart' } });
		expect(multipart.status).toBe(400);
		const unknown = await sendChunk(fake, `${fake.url}/upload/v1beta/files?upload_id=nope&upload_protocol=resumable`, randomBytes(5), 0, 'upload');
		expect(unknown.status).toBe(404);
	});

	it('streams a large upload (24 MiB in 8 MiB chunks) to disk and back', async () => {
		const bytes = randomBytes(24 * 1024 * 1024 + 123);
		const file = await uploadFile(fake, bytes, { chunkSize: 8 * 1024 * 1024 });
		expect(file.sizeBytes).toBe(String(bytes.length));
		const got = await download(fake, String(file.name));
		expect(got.bytes.equals(bytes)).toBe(true);
	});
});

describe('ranged downloads', () => {
	it('Range bytes=N- and N-M answer 206 with Content-Range; past the end 416', async () => {
		const bytes = randomBytes(1000);
		const file = await uploadFile(fake, bytes);
		const tail = await download(fake, String(file.name), { range: 'bytes=600-' });
		expect([tail.status, tail.contentRange]).toEqual([206, 'bytes 600-999/1000']);
		expect(tail.bytes.equals(bytes.subarray(600))).toBe(true);
		const middle = await download(fake, String(file.name), { range: 'bytes=10-19' });
		expect([middle.status, middle.contentRange]).toEqual([206, 'bytes 10-19/1000']);
		expect(middle.bytes.equals(bytes.subarray(10, 20))).toBe(true);
		const past = await download(fake, String(file.name), { range: 'bytes=1000-' });
		expect([past.status, past.contentRange]).toEqual([416, 'bytes */1000']);
		const whole = await download(fake, String(file.name), { range: 'pages=1-2' });
		expect([whole.status, whole.contentRange]).toEqual([200, null]);
		expect(whole.bytes.equals(bytes)).toBe(true);
	});

	it('cutAfterBytes sends the first N bytes of the body, then breaks the connection', async () => {
		const bytes = randomBytes(100_000);
		const file = await uploadFile(fake, bytes);
		fake.enqueueFault({ cutAfterBytes: 40_000, match: (request) => request.path.includes(':download') });
		await expect(download(fake, String(file.name))).rejects.toThrow();
		const rest = await download(fake, String(file.name), { range: 'bytes=40000-' });
		expect(rest.bytes.equals(bytes.subarray(40_000))).toBe(true);
	});
});

describe('file metadata, list, delete', () => {
	it('GET returns the metadata, list is newest first, DELETE removes it (404 afterwards)', async () => {
		const first = await uploadFile(fake, Buffer.from('one'), { displayName: 'first', mimeType: 'text/plain' });
		const second = await uploadFile(fake, Buffer.from('two'), { displayName: 'second', mimeType: 'text/plain' });
		const id = String(first.name).slice('files/'.length);

		const got = await call(fake, 'GET', `/v1beta/files/${id}`);
		expect(got.status).toBe(200);
		expect(got.json).toEqual(first);

		const list = await call(fake, 'GET', '/v1beta/files?pageSize=1');
		expect((list.json.files as Array<Record<string, unknown>>).map((file) => file.name)).toEqual([second.name]);
		const next = await call(fake, 'GET', `/v1beta/files?pageSize=1&pageToken=${String(list.json.nextPageToken)}`);
		expect((next.json.files as Array<Record<string, unknown>>).map((file) => file.name)).toEqual([first.name]);
		expect(next.json.nextPageToken).toBeUndefined();

		const deleted = await call(fake, 'DELETE', `/v1beta/files/${id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.json).toEqual({});
		const gone = await call(fake, 'GET', `/v1beta/files/${id}`);
		expect(gone.status).toBe(404);
		expect(errorOf(gone.json).status).toBe('NOT_FOUND');
		expect((await download(fake, String(first.name))).status).toBe(404);
		expect((await call(fake, 'DELETE', `/v1beta/files/${id}`)).status).toBe(404);
	});

	it('download needs alt=media and the key', async () => {
		const file = await uploadFile(fake, Buffer.from('abc'));
		const id = String(file.name).slice('files/'.length);
		expect((await call(fake, 'GET', `/download/v1beta/files/${id}:download`)).status).toBe(400);
		expect((await call(fake, 'GET', `/download/v1beta/files/${id}:download?alt=media`, undefined, {})).status).toBe(400);
	});
});

describe('temp directory', () => {
	it('is created on the first upload and removed by reset() and close()', async () => {
		const own = await startFakeGemini({ port: 0 });
		expect(own.tempDir).toBeUndefined();
		await uploadFile(own, Buffer.from('kept on disk'));
		const dir = own.tempDir ?? '';
		expect(readdirSync(dir)).toHaveLength(1);
		own.reset();
		expect(existsSync(dir)).toBe(false);
		await uploadFile(own, Buffer.from('again'));
		const second = own.tempDir ?? '';
		expect(existsSync(second)).toBe(true);
		await own.close();
		expect(existsSync(second)).toBe(false);
	});
});

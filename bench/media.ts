/**
 * Large inputs (issue 18), runnable alone: `npm run bench:media`; also section 6 of `npm run bench`.
 *
 * - In a real n8n with filesystem binary data (N8N_DEFAULT_BINARY_DATA_MODE=filesystem):
 *   Webhook → Read File → Gemini Generate with a 500 MB file (uploaded with the Files API,
 *   streamed from n8n's binary store) and with a 90 MB file (inline). Measured: n8n's peak RSS
 *   growth over its RSS before the call (/proc VmRSS every 20 ms) and the call's wall time.
 * - In this process: the same bytes from disk uploaded with our client (resumable, 8 MiB chunks)
 *   next to a bare undici loop speaking the same protocol with the same chunk size (one reused
 *   buffer filled with readSync: the leanest loop), MB/s.
 *
 * The fake Gemini runs in a child process of its own (it stores uploads on disk).
 */
import { closeSync, createReadStream, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { request } from 'undici';

import { demoCredentials } from '../scripts/n8n/examples';
import { nodeOutput, startN8n } from '../scripts/n8n/harness';
import { peakRssGrowth, writeLargeFile } from '../scripts/n8n/measure';
import { VIDEO_WORKFLOW } from '../test/e2e/media/workflows';
import { GeminiClient } from '../nodes/shared/transport/GeminiClient';
import { startFakeProcess } from './fakeProcess';

const API_KEY = 'bench-media-key-71c2';
const MB = 1024 * 1024;
const CHUNK = 8 * MB;

export interface MediaBenchResult {
	upload500: { fileMB: number; seconds: number; peakRssGrowthMB: number; uploaded: boolean };
	inline90: { fileMB: number; seconds: number; peakRssGrowthMB: number; inline: boolean };
	throughput: { fileMB: number; oursMBps: number; bareUndiciMBps: number };
}

/** The resumable protocol with bare undici: start, then 8 MiB chunks read from disk, the last with finalize. */
async function bareUndiciUpload(url: string, path: string, sizeBytes: number): Promise<void> {
	const start = await request(`${url}/upload/v1beta/files`, {
		method: 'POST',
		headers: {
			'x-goog-api-key': API_KEY,
			'x-goog-upload-protocol': 'resumable',
			'x-goog-upload-command': 'start',
			'x-goog-upload-header-content-length': String(sizeBytes),
			'x-goog-upload-header-content-type': 'video/mp4',
			'content-type': 'application/json',
		},
		body: JSON.stringify({ file: { displayName: 'bare-undici' } }),
	});
	await start.body.dump();
	const session = String(start.headers['x-goog-upload-url']);
	let offset = 0;
	// The leanest loop: one reused 8 MiB buffer filled straight from the file.
	const chunk = Buffer.alloc(CHUNK);
	const fd = openSync(path, 'r');
	try {
		while (offset < sizeBytes) {
			const length = Math.min(CHUNK, sizeBytes - offset);
			readSync(fd, chunk, 0, length, offset);
			const last = offset + length >= sizeBytes;
			const answer = await request(session, {
				method: 'POST',
				headers: { 'x-goog-api-key': API_KEY, 'x-goog-upload-command': last ? 'upload, finalize' : 'upload', 'x-goog-upload-offset': String(offset) },
				body: chunk.subarray(0, length),
			});
			await answer.body.text();
			if (answer.statusCode !== 200) throw new Error(`bare upload chunk answered ${answer.statusCode}`);
			offset += length;
		}
	} finally {
		closeSync(fd);
	}
}

async function uploadThroughput(url: string, dir: string, megabytes: number): Promise<MediaBenchResult['throughput']> {
	const path = join(dir, 'throughput.bin');
	writeLargeFile(path, megabytes);
	const sizeBytes = megabytes * MB;
	const client = new GeminiClient({ apiKey: API_KEY, baseUrl: url });
	const ours = async () =>
		await client.uploadFile({ displayName: 'ours', mimeType: 'video/mp4', sizeBytes, body: () => createReadStream(path, { highWaterMark: 1 * MB }) });
	// One warm-up of each, then the best of three alternating runs.
	await ours();
	await bareUndiciUpload(url, path, sizeBytes);
	const times = { ours: Infinity, bare: Infinity };
	for (let run = 0; run < 3; run++) {
		let t = performance.now();
		await ours();
		times.ours = Math.min(times.ours, performance.now() - t);
		t = performance.now();
		await bareUndiciUpload(url, path, sizeBytes);
		times.bare = Math.min(times.bare, performance.now() - t);
	}
	return { fileMB: megabytes, oursMBps: megabytes / (times.ours / 1000), bareUndiciMBps: megabytes / (times.bare / 1000) };
}

export async function benchMedia(log: (line: string) => void = () => {}): Promise<MediaBenchResult> {
	const fake = await startFakeProcess({ apiKey: API_KEY });
	try {
		log('upload throughput: ours vs bare undici (200 MB)…');
		const throughput = await uploadThroughput(fake.url, tmpdir(), 200);
		rmSync(join(tmpdir(), 'throughput.bin'), { force: true });
		log('real n8n with filesystem binary data…');
		const n8n = await startN8n({
			credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })],
			workflows: [VIDEO_WORKFLOW],
			env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
		});
		try {
			const run = async (megabytes: number) => {
				const path = join(n8n.filesDir, `input-${megabytes}.mp4`);
				writeLargeFile(path, megabytes);
				const measured = await peakRssGrowth(n8n.pid, async () => await n8n.callWebhook('gemini-meter/video', { files: [{ path }], prompt: 'Describe it' }));
				if (measured.result.status !== 200) throw new Error(`the ${megabytes} MB run answered ${measured.result.status}: ${measured.result.text.slice(0, 300)}`);
				const [execution] = await n8n.executions(VIDEO_WORKFLOW.id);
				const [item] = nodeOutput(execution, 'Gemini Generate');
				rmSync(path, { force: true });
				return { fileMB: megabytes, seconds: measured.seconds, peakRssGrowthMB: measured.growthBytes / MB, uploaded: Array.isArray(item?.json.files) };
			};
			log('500 MB file through the Files API…');
			const upload500 = await run(500);
			log('90 MB file inline…');
			const { uploaded, ...inline } = await run(90);
			return { upload500, inline90: { ...inline, inline: !uploaded }, throughput };
		} finally {
			await n8n.stop();
		}
	} finally {
		await fake.stop();
	}
}

export function mediaSection(r: MediaBenchResult): string[] {
	const mb = (value: number) => value.toFixed(1);
	return [
		'## 6. Large inputs: Files API upload and inline data (real n8n, filesystem binary data)',
		'',
		'| Run | File | Sent as | Wall time | n8n peak RSS growth |',
		'| --- | ---: | --- | ---: | ---: |',
		`| Files API upload, streamed from n8n's binary store | ${r.upload500.fileMB} MB | ${r.upload500.uploaded ? 'fileData (uploaded)' : 'NOT uploaded'} | ${r.upload500.seconds.toFixed(1)} s | ${mb(r.upload500.peakRssGrowthMB)} MB |`,
		`| Inline | ${r.inline90.fileMB} MB | ${r.inline90.inline ? 'inlineData (base64)' : 'NOT inline'} | ${r.inline90.seconds.toFixed(1)} s | ${mb(r.inline90.peakRssGrowthMB)} MB |`,
		'',
		`Upload of ${r.upload500.fileMB} MB: peak RSS growth ${mb(r.upload500.peakRssGrowthMB)} MB, ${r.upload500.peakRssGrowthMB < 64 ? 'under' : 'OVER'} the 64 MB budget.`,
		'',
		'| Upload of the same bytes from disk to the fake (8 MiB chunks) | MB/s |',
		'| --- | ---: |',
		`| Our client (uploadFile) | ${mb(r.throughput.oursMBps)} |`,
		`| Bare undici, same protocol | ${mb(r.throughput.bareUndiciMBps)} |`,
		'',
		`${r.throughput.fileMB} MB, best of three; ours at ${((r.throughput.oursMBps / r.throughput.bareUndiciMBps) * 100).toFixed(0)}% of bare undici.`,
	];
}

if (require.main === module) {
	benchMedia((line) => console.error(`[bench:media] ${line}`))
		.then((result) => {
			console.log(mediaSection(result).join('\n'));
			console.log(JSON.stringify(result));
		})
		.catch((error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		});
}

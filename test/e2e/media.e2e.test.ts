import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { demoCredentials } from '../../scripts/n8n/examples';
import { latestExecution, nodeOutput, startN8n, type N8nInstance } from '../../scripts/n8n/harness';
import { peakRssGrowth, writeLargeFile } from '../../scripts/n8n/measure';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { MEDIA_OUT_WORKFLOW, VIDEO_WORKFLOW } from './media/workflows';

/**
 * Large inputs and generated media in a real n8n 2.41 with filesystem binary data
 * (N8N_DEFAULT_BINARY_DATA_MODE=filesystem). The video is a generated 120 MB file (over the
 * 100 MB inline limit, small enough to keep the test fast). Costs are hand-computed from the
 * built-in price table (https://ai.google.dev/gemini-api/docs/pricing).
 */

const API_KEY = 'e2e-media-key-8f3a';
const MB = 1024 * 1024;
const VIDEO_BYTES = 120 * MB;
let fake: FakeGemini;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	n8n = await startN8n({
		credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })],
		workflows: [VIDEO_WORKFLOW, MEDIA_OUT_WORKFLOW],
		env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
	});
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
}, 60_000);

type Item = Record<string, unknown> & { usage: Record<string, number>; cost: { total: number } };

describe('a large video through the Files API in a real n8n (filesystem binary data)', () => {
	it('uploads a 120 MB video once with bounded memory, reuses it for the second item, and bills both answers', async () => {
		const path = join(n8n.filesDir, 'meeting.mp4');
		const hash = createHash('sha256');
		writeLargeFile(path, VIDEO_BYTES / MB, (block) => hash.update(block));
		const sha256 = hash.digest('hex');
		const prompt = 'Summarise the meeting [[fake:usage prompt=1000 output=100 thoughts=0]]';
		const { result: answer, growthBytes } = await peakRssGrowth(n8n.pid, async () => await n8n.callWebhook('gemini-meter/video', { files: [{ path }, { path }], prompt }));
		const execution = await latestExecution(n8n, VIDEO_WORKFLOW.id);
		expect({ status: answer.status, error: execution.data?.resultData.error }).toEqual({ status: 200, error: undefined });
		expect(execution.status).toBe('success');
		const items = nodeOutput(execution, 'Gemini Generate').map((entry) => entry.json as Item & { files: Array<Record<string, unknown>> });
		expect(items).toHaveLength(2);
		// Uploaded once (one resumable session), the second item reused it.
		const starts = fake.requests.filter((r) => r.path.startsWith('/upload/') && r.headers['x-goog-upload-command'] === 'start');
		expect(starts).toHaveLength(1);
		expect(items[0].files).toEqual([{ property: 'data', name: expect.stringMatching(/^files\//), reused: false, sizeBytes: VIDEO_BYTES }]);
		expect(items[1].files).toEqual([{ ...items[0].files[0], reused: true }]);
		const uploaded = (await (await fetch(`${fake.url}/v1beta/${items[0].files[0].name as string}`, { headers: { 'x-goog-api-key': API_KEY } })).json()) as Record<string, string>;
		expect(uploaded).toMatchObject({ displayName: `gemini-meter-sha256-${sha256}`, sizeBytes: String(VIDEO_BYTES), state: 'ACTIVE' });
		// Both requests referenced the file (fileData), none carried the bytes inline.
		const sent = fake.requests.filter((r) => r.path.endsWith(':generateContent')).slice(-2);
		for (const request of sent) {
			expect(JSON.stringify(request.body).length).toBeLessThan(10_000);
			expect((request.body as { contents: Array<{ parts: unknown[] }> }).contents[0].parts).toContainEqual({ fileData: { mimeType: 'video/mp4', fileUri: uploaded.uri } });
		}
		// 2.5 Flash standard: 1000 × $0.30 + 100 × $2.50 per 1M = $0.00055 per answer.
		for (const item of items) {
			expect(item.usage).toMatchObject({ promptTokens: 1000, outputTokens: 100 });
			expect(item.cost.total).toBeCloseTo(0.00055, 12);
		}
		// Two 120 MB items: buffered whole (let alone base64) they would add hundreds of MB.
		console.log(`n8n peak RSS growth for two 120 MB video items: ${(growthBytes / MB).toFixed(1)} MB`);
		expect(growthBytes).toBeLessThan(100 * MB);
	}, 180_000);
});

describe('generated media in a real n8n', () => {
	it('an image model answers with PNG binaries a following node writes to disk, billed at the image-output rate', async () => {
		const path = join(n8n.filesDir, 'poster.png');
		const answer = await n8n.callWebhook('gemini-meter/media-out', {
			model: 'gemini-2.5-flash-image',
			prompt: 'A poster of a cat [[fake:image=2 usage prompt=10 output=5 thoughts=0]]',
			aspectRatio: '16:9',
			imageSize: '2K',
			path,
		});
		expect(answer.status).toBe(200);
		expect([...readFileSync(path).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const request = fake.requests.filter((r) => r.path.endsWith('gemini-2.5-flash-image:generateContent')).at(-1)!;
		expect((request.body as { generationConfig: unknown }).generationConfig).toMatchObject({ imageConfig: { aspectRatio: '16:9', imageSize: '2K' }, responseModalities: ['TEXT', 'IMAGE'] });
		const execution = await latestExecution(n8n, MEDIA_OUT_WORKFLOW.id);
		const [generated] = nodeOutput(execution, 'Gemini Generate') as Array<{ json: Item; binary?: Record<string, { mimeType: string }> }>;
		expect(generated.json).toMatchObject({ media: { images: 2, audio: 0 } });
		expect(Object.keys(generated.binary ?? {})).toEqual(['data', 'data_1']);
		// 2.5 Flash Image: 10 × $0.30 + 5 × $2.50 + 2 × 1290 image tokens × $30 per 1M = $0.0774155.
		expect(generated.json.cost.total).toBeCloseTo(0.0774155, 10);
	}, 60_000);

	it('a TTS model answers with a WAV binary that plays, billed at the audio-output rate', async () => {
		const path = join(n8n.filesDir, 'greeting.wav');
		const answer = await n8n.callWebhook('gemini-meter/media-out', { model: 'gemini-3.8-flash-tts', prompt: 'Say hello [[fake:audio usage prompt=10 output=0 thoughts=0]]', voice: 'Kore', path });
		expect(answer.status).toBe(200);
		const wav = readFileSync(path);
		expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(wav.subarray(8, 12).toString('ascii')).toBe('WAVE');
		expect(wav.readUInt32LE(24)).toBe(24_000); // sample rate of Gemini's PCM
		expect(wav.readUInt32LE(40)).toBe(wav.length - 44); // data chunk: every sample
		const request = fake.requests.filter((r) => r.path.endsWith('gemini-3.8-flash-tts:generateContent')).at(-1)!;
		expect((request.body as { generationConfig: unknown }).generationConfig).toMatchObject({
			speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
			responseModalities: ['AUDIO'],
		});
		const execution = await latestExecution(n8n, MEDIA_OUT_WORKFLOW.id);
		const [generated] = nodeOutput(execution, 'Gemini Generate') as Array<{ json: Item }>;
		expect(generated.json).toMatchObject({ media: { images: 0, audio: 1 } });
		// 3.8 Flash TTS (until 2027-01-01): 10 × $0.50 + 25 audio tokens × $9.00 per 1M = $0.00023.
		expect(generated.json.cost.total).toBeCloseTo(0.00023, 12);
	}, 60_000);
});

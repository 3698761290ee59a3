import type { INodeExecutionData } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { forgetUploads } from '../../nodes/shared/media/geminiFiles';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { runNode } from './engine';

/**
 * Gemini Batch requests that reference Gemini Files: with Upload Binary Data = Always (as for a
 * binary over the inline limits), each item's file is uploaded once, found again on the job's
 * second pass (measure, then send), and the batch request carries `fileData`, not the bytes.
 */

const API_KEY = 'batch-files-key-61d0';
let fake: FakeGemini;
beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY, batchTiming: { pendingMs: 0, runningMs: 0 } });
});
afterAll(async () => await fake.close());
beforeEach(() => forgetUploads());

const video = (fill: number) => ({ data: Buffer.alloc(300_000, fill).toString('base64'), mimeType: 'video/mp4', fileName: 'clip.mp4' });

describe('Gemini Batch with Gemini Files', () => {
	it('uploads each distinct file once and references it by fileData in the job', async () => {
		const items: INodeExecutionData[] = [
			{ json: { prompt: 'Describe clip A' }, binary: { clip: video(1) } },
			{ json: { prompt: 'Describe clip A again' }, binary: { clip: video(1) } },
			{ json: { prompt: 'Describe clip B' }, binary: { clip: video(2) } },
		];
		const result = await runNode({
			nodeType: new GeminiBatch(),
			parameters: { operation: 'submit', model: 'gemini-2.5-flash', prompt: '={{ $json.prompt }}', options: { binaryProperties: 'clip' }, requestOptions: { fileUpload: 'always' } },
			items,
			credentials: { apiKey: API_KEY, baseUrl: fake.url },
		});
		expect(result.error).toBeUndefined();
		const starts = fake.requests.filter((r) => r.path.startsWith('/upload/') && r.headers['x-goog-upload-command'] === 'start');
		expect(starts).toHaveLength(2); // clip A once for two items and both passes, clip B once
		const create = fake.requests.find((r) => r.path.endsWith(':batchGenerateContent'))!;
		const requests = (create.body as { batch: { inputConfig: { requests: { requests: Array<{ request: { contents: Array<{ parts: Array<Record<string, unknown>> }> } }> } } } }).batch
			.inputConfig.requests.requests;
		const fileParts = requests.map((entry) => entry.request.contents[0].parts.find((part) => 'fileData' in part) as { fileData: { fileUri: string; mimeType: string } });
		expect(fileParts.every((part) => part.fileData.mimeType === 'video/mp4')).toBe(true);
		expect(fileParts[0].fileData.fileUri).toBe(fileParts[1].fileData.fileUri);
		expect(fileParts[2].fileData.fileUri).not.toBe(fileParts[0].fileData.fileUri);
		expect(JSON.stringify(requests)).not.toContain('inlineData');
	});
});

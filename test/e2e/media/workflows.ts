import { EXAMPLE_CREDENTIAL_ID } from '../../../scripts/n8n/examples';
import type { WorkflowRecord } from '../../../scripts/n8n/harness';

/** The media e2e workflows, built here so every parameter is visible next to the test. */

const credentials = { geminiApi: { id: EXAMPLE_CREDENTIAL_ID, name: 'Gemini API' } };
const webhook = (id: string, path: string) => ({
	id: `${id}-webhook`,
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2.1,
	position: [0, 0],
	parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	webhookId: `${id}-hook`,
});
const generate = (id: string, x: number, parameters: Record<string, unknown>) => ({
	id,
	name: 'Gemini Generate',
	type: 'n8n-nodes-gemini-meter.geminiGenerate',
	typeVersion: 1.1,
	position: [x, 0],
	parameters,
	credentials,
});
const chain = (...names: string[]) =>
	Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

/** Webhook → Split Out (body.files: one item per {path}) → Read File (filesystem binary) → Gemini Generate with the file. */
export const VIDEO_WORKFLOW: WorkflowRecord = {
	id: 'geminiMeterVideo01',
	name: 'Gemini Meter tests: a large video through the Files API',
	active: false,
	settings: {},
	nodes: [
		webhook('video', 'gemini-meter/video'),
		{ id: 'video-split', name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.files', options: {} } },
		{ id: 'video-read', name: 'Read Video', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1.1, position: [400, 0], parameters: { operation: 'read', fileSelector: '={{ $json.path }}', options: {} } },
		generate('video-generate', 600, {
			model: { __rl: true, mode: 'id', value: 'gemini-2.5-flash' },
			prompt: "={{ $('Webhook').first().json.body.prompt }}",
			options: { binaryProperties: 'data' },
			requestOptions: { concurrency: 1 },
		}),
	],
	connections: chain('Webhook', 'Split Out', 'Read Video', 'Gemini Generate'),
};

/** Webhook → Gemini Generate (model, prompt, image and voice options from the body) → Write File (body.path). */
export const MEDIA_OUT_WORKFLOW: WorkflowRecord = {
	id: 'geminiMeterMediaOut01',
	name: 'Gemini Meter tests: images and speech written to disk',
	active: false,
	settings: {},
	nodes: [
		webhook('media-out', 'gemini-meter/media-out'),
		generate('media-out-generate', 200, {
			model: { __rl: true, mode: 'id', value: '={{ $json.body.model }}' },
			prompt: '={{ $json.body.prompt }}',
			options: { aspectRatio: "={{ $json.body.aspectRatio || '' }}", imageSize: "={{ $json.body.imageSize || '' }}", voiceName: "={{ $json.body.voice || '' }}" },
		}),
		{ id: 'media-out-write', name: 'Write File', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1.1, position: [400, 0], parameters: { operation: 'write', fileName: "={{ $('Webhook').item.json.body.path }}", dataPropertyName: 'data', options: {} } },
	],
	connections: chain('Webhook', 'Gemini Generate', 'Write File'),
};

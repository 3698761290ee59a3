import type { INodeProperties } from 'n8n-workflow';

import { ASPECT_RATIOS, IMAGE_SIZES } from './mediaSettings';

/** The media options' fields (validated in mediaSettings.ts). */

/** Inputs, on every node: files by URL and the resolution media are read at. */
export const mediaInputOptions: INodeProperties[] = [
	{
		displayName: 'File URLs',
		name: 'fileUrls',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/report.pdf, gs://bucket/video.mp4, files/abc123',
		description:
			'Files to send with the prompt by reference, comma or line separated: public or signed URLs, Cloud Storage objects (gs://) registered with Gemini, or Gemini Files API names (files/…)',
	},
	{
		displayName: 'Media Resolution',
		name: 'mediaResolution',
		type: 'options',
		default: 'medium',
		description: 'How many tokens images and video frames are read with: lower is cheaper, higher sees more detail',
		options: [
			{ name: 'High', value: 'high' },
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
		],
	},
];

/** Request option: when binaries go through the Files API. */
export const fileUploadOption: INodeProperties = {
	displayName: 'Upload Binary Data',
	name: 'fileUpload',
	type: 'options',
	default: 'auto',
	description: 'Binaries within Gemini\'s inline limits (100 MB per request, PDFs 50 MB) are sent in the request; above them they are uploaded with the Files API, streamed, and reused for 48 hours',
	options: [
		{ name: 'Above Inline Limits', value: 'auto', description: 'Inline when the request stays within 100 MB (PDFs 50 MB), else uploaded' },
		{ name: 'Always', value: 'always', description: 'Upload every binary with the Files API (reused while the same bytes come again)' },
	],
};

/** Outputs, on Gemini Generate: images (image models) and speech (TTS models). */
export const mediaOutputOptions: INodeProperties[] = [
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		default: '1:1',
		description: 'Aspect ratio of generated images (image models only)',
		options: ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
	},
	{
		displayName: 'Image Size',
		name: 'imageSize',
		type: 'options',
		default: '1K',
		description: 'Size of generated images (image models that support it)',
		options: IMAGE_SIZES.map((size) => ({ name: size, value: size })),
	},
	{
		displayName: 'Speakers',
		name: 'speakers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Speaker',
		description: 'Two speakers for a dialogue (TTS models): each name as written in the prompt, with its voice',
		options: [
			{
				displayName: 'Speaker',
				name: 'speaker',
				values: [
					{ displayName: 'Speaker Name', name: 'speaker', type: 'string', default: '', placeholder: 'e.g. Joe' },
					{ displayName: 'Voice', name: 'voiceName', type: 'string', default: '', placeholder: 'e.g. Kore' },
				],
			},
		],
	},
	{
		displayName: 'Voice',
		name: 'voiceName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Kore',
		description: 'Prebuilt voice for speech (TTS models); the answer is a WAV binary',
	},
];

import type { ModelPrices } from '../types';
import { AE_DEEPMIND, AE_GEMINI, GENAI_PRICES, LITELLM, LITELLM_SYNC, sources } from './sources';

/**
 * Image, speech, embedding, video and music models. Image, audio and video output tokens have
 * their own rates (`imageOutput`, `audioOutput`, `videoOutput`); Veo and Lyria are billed per
 * second or per song (`perUnit`, data only: these nodes do not call them).
 */
export const MEDIA: ModelPrices[] = [
	{
		id: 'gemini-3-pro-image-preview',
		aliases: ['gemini-3-pro-image'],
		source: sources(AE_GEMINI, AE_DEEPMIND, GENAI_PRICES, LITELLM_SYNC),
		captured: '2026-10-07',
		// "$120.00 (images)": ≈ $0.134 per 1K/2K image (1,120 tokens), $0.24 per 4K image (2,000 tokens).
		standard: { input: 2.0, output: 12.0, imageOutput: 120.0 },
		// No batch image-output price is printed: a batch image result is unpriced.
		batch: { input: 1.0, output: 6.0 },
		perUnit: { 'image 1K/2K': 0.134, 'image 4K': 0.24 },
	},
	{
		id: 'gemini-3.1-flash-image-preview',
		aliases: ['gemini-3.1-flash-image'],
		source: GENAI_PRICES,
		captured: '2026-07-22',
		standard: { input: 0.5, output: 3.0, imageOutput: 60.0 },
	},
	{
		id: 'gemini-3.1-flash-lite-image',
		source: GENAI_PRICES,
		captured: '2026-07-22',
		standard: { input: 0.25, output: 1.5, imageOutput: 30.0 },
	},
	{
		id: 'gemini-omni-flash-preview',
		source: sources(GENAI_PRICES, LITELLM),
		captured: '2026-07-22',
		standard: { input: 1.5, output: 9.0, videoOutput: 17.5 },
	},
	{
		id: 'gemini-3.8-flash-tts',
		until: '2027-01-01',
		source: sources('https://github.com/BerriAI/litellm/discussions/42776', 'https://micdrop.dev/docs/text-to-speech/gemini'),
		captured: '2026-11-29',
		// Text input, audio output; at most 8,192 input tokens per request.
		standard: { input: 0.5, audioOutput: 9.0 },
	},
	{
		id: 'gemini-3.8-flash-tts',
		from: '2027-01-01',
		note: '"Prices double on January 1, 2027": 2 × the launch price.',
		source: 'https://github.com/BerriAI/litellm/discussions/42776',
		captured: '2026-11-29',
		standard: { input: 1.0, audioOutput: 18.0 },
	},
	{
		id: 'gemini-3.8-flash-lite-tts',
		until: '2027-01-01',
		source: sources('https://github.com/BerriAI/litellm/discussions/42776', 'https://micdrop.dev/docs/text-to-speech/gemini'),
		captured: '2026-11-29',
		standard: { input: 0.5, audioOutput: 6.0 },
	},
	{
		id: 'gemini-3.8-flash-lite-tts',
		from: '2027-01-01',
		note: '"Prices double on January 1, 2027": 2 × the launch price.',
		source: 'https://github.com/BerriAI/litellm/discussions/42776',
		captured: '2026-11-29',
		standard: { input: 1.0, audioOutput: 12.0 },
	},
	{
		id: 'gemini-embedding-2',
		aliases: ['gemini-embedding-2-preview'],
		note: 'Text input only: the image, audio and video input prices differ between sources.',
		source: sources(AE_GEMINI, AE_DEEPMIND),
		captured: '2026-10-07',
		standard: { input: 0.2 },
	},
	{
		id: 'gemini-embedding-001',
		source: sources('https://ai.google.dev/gemini-api/docs/pricing', LITELLM),
		captured: '2026-06-02',
		// No output tokens, so no output price. The "batch = flex" column lists 0.075.
		standard: { input: 0.15 },
		flex: { input: 0.075 },
		batch: { input: 0.075 },
	},
	{
		id: 'veo-3.1-generate-preview',
		aliases: ['veo-3.1-generate-001'],
		source: sources(AE_GEMINI, AE_DEEPMIND, LITELLM),
		captured: '2026-10-07',
		perUnit: { 'second (720p/1080p)': 0.4, 'second (4K)': 0.6 },
	},
	{
		id: 'veo-3.1-fast-generate-preview',
		aliases: ['veo-3.1-fast-generate-001'],
		source: LITELLM,
		captured: '2026-07-21',
		perUnit: { second: 0.15 },
	},
	{
		id: 'veo-3.1-lite-generate-preview',
		source: LITELLM,
		captured: '2026-07-21',
		perUnit: { 'second (720p)': 0.05, 'second (1080p)': 0.08 },
	},
	{
		id: 'veo-2.0-generate-001',
		source: LITELLM,
		captured: '2026-07-21',
		perUnit: { second: 0.35 },
	},
	{
		id: 'lyria-3.5',
		source: sources(AE_GEMINI, AE_DEEPMIND),
		captured: '2026-10-07',
		perUnit: { song: 0.08 },
	},
];

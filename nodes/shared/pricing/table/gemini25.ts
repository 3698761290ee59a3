import type { ModelPrices } from '../types';
import { AE_DEEPMIND, AE_GEMINI, GENAI_PRICES, sources } from './sources';
import { GEMINI_25_TOOLS } from './tools';

/**
 * Gemini 2.5, unchanged since the 2026-06-02 capture of https://ai.google.dev/gemini-api/docs/pricing
 * and confirmed by the 2026-09-20 and 2026-10-07 transcriptions. "derived": flex and batch are
 * "50% discount" (https://ai.google.dev/gemini-api/docs/optimization); a priority rate the page
 * does not print is 1.8 × standard, the ratio of the model's own printed priority input/output.
 */
const PAGE = 'https://ai.google.dev/gemini-api/docs/pricing';

export const GEMINI_25: ModelPrices[] = [
	{
		id: 'gemini-2.5-pro',
		source: sources(PAGE, AE_GEMINI, AE_DEEPMIND),
		captured: '2026-10-07',
		// Cache read under flex/batch stays the standard one.
		standard: { input: 1.25, output: 10.0, cacheRead: 0.125 },
		// Context cache storage, USD per 1M tokens per hour (pricing page, "Context caching price").
		cacheStorage: 4.5,
		flex: { input: 0.625, output: 5.0, cacheRead: 0.125 },
		batch: { input: 0.625, output: 5.0, cacheRead: 0.125 },
		priority: { input: 2.25, output: 18.0, cacheRead: 0.225 }, // cacheRead derived: 1.8 × 0.125
		longContext: {
			thresholdTokens: 200000,
			standard: { input: 2.5, output: 15.0, cacheRead: 0.25 },
			flex: { input: 1.25, output: 7.5, cacheRead: 0.25 },
			batch: { input: 1.25, output: 7.5, cacheRead: 0.25 },
			priority: { input: 4.5, output: 27.0, cacheRead: 0.45 }, // cacheRead derived: 1.8 × 0.25
		},
		tools: GEMINI_25_TOOLS,
	},
	{
		id: 'gemini-2.5-flash',
		source: sources(PAGE, AE_GEMINI, AE_DEEPMIND, 'https://github.com/BerriAI/litellm/pull/38423'),
		captured: '2026-10-07',
		standard: { input: 0.3, output: 2.5, cacheRead: 0.03, audioInput: 1.0, audioCacheRead: 0.1 },
		// Context cache storage, USD per 1M tokens per hour (pricing page, "Context caching price").
		cacheStorage: 1.0,
		// cacheRead, audioInput, audioCacheRead derived: 0.5 × standard
		flex: { input: 0.15, output: 1.25, cacheRead: 0.015, audioInput: 0.5, audioCacheRead: 0.05 },
		batch: { input: 0.15, output: 1.25, cacheRead: 0.015, audioInput: 0.5, audioCacheRead: 0.05 },
		// cacheRead, audioInput, audioCacheRead derived: 1.8 × standard
		priority: { input: 0.54, output: 4.5, cacheRead: 0.054, audioInput: 1.8, audioCacheRead: 0.18 },
		tools: GEMINI_25_TOOLS,
	},
	{
		id: 'gemini-2.5-flash-lite',
		source: sources(PAGE, AE_GEMINI, AE_DEEPMIND, GENAI_PRICES),
		captured: '2026-10-07',
		standard: { input: 0.1, output: 0.4, cacheRead: 0.01, audioInput: 0.3, audioCacheRead: 0.03 },
		// Context cache storage, USD per 1M tokens per hour (pricing page, "Context caching price").
		cacheStorage: 1.0,
		// cacheRead, audioInput, audioCacheRead derived: 0.5 × standard
		flex: { input: 0.05, output: 0.2, cacheRead: 0.005, audioInput: 0.15, audioCacheRead: 0.015 },
		batch: { input: 0.05, output: 0.2, cacheRead: 0.005, audioInput: 0.15, audioCacheRead: 0.015 },
		// cacheRead, audioInput, audioCacheRead derived: 1.8 × standard
		priority: { input: 0.18, output: 0.72, cacheRead: 0.018, audioInput: 0.54, audioCacheRead: 0.054 },
		tools: GEMINI_25_TOOLS,
	},
	{
		id: 'gemini-2.5-flash-image',
		source: GENAI_PRICES,
		captured: '2026-07-22',
		// Image output $30 per 1M tokens = $0.039 per 1024×1024 image (1,290 tokens). No cache price.
		standard: { input: 0.3, output: 2.5, imageOutput: 30.0 },
		perUnit: { 'image 1024x1024': 0.039 },
	},
];

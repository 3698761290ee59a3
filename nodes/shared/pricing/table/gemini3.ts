import type { ModelPrices } from '../types';
import { AE_DEEPMIND, AE_GEMINI, GENAI_PRICES, LITELLM, LITELLM_SYNC, sources } from './sources';
import { GEMINI_3_TOOLS } from './tools';

/**
 * Gemini 3, 3.1 and 3.5 models with one price over time. Rows present in the 2026-06-02 capture of
 * https://ai.google.dev/gemini-api/docs/pricing keep their numbers (re-checked against the later
 * copies cited). "derived": flex/batch = 0.5 × standard ("50% discount",
 * https://ai.google.dev/gemini-api/docs/optimization); priority = 1.8 × standard, the ratio the
 * model's own printed priority prices show.
 */
const PAGE = 'https://ai.google.dev/gemini-api/docs/pricing';

export const GEMINI_3: ModelPrices[] = [
	{
		id: 'gemini-3.1-pro-preview',
		source: sources(PAGE, AE_GEMINI, AE_DEEPMIND, LITELLM),
		captured: '2026-10-07',
		// Cache read under flex/batch stays the standard one.
		standard: { input: 2.0, output: 12.0, cacheRead: 0.2 },
		flex: { input: 1.0, output: 6.0, cacheRead: 0.2 },
		batch: { input: 1.0, output: 6.0, cacheRead: 0.2 },
		priority: { input: 3.6, output: 21.6, cacheRead: 0.36 },
		longContext: {
			thresholdTokens: 200000,
			standard: { input: 4.0, output: 18.0, cacheRead: 0.4 },
			flex: { input: 2.0, output: 9.0, cacheRead: 0.4 },
			batch: { input: 2.0, output: 9.0, cacheRead: 0.4 },
			priority: { input: 7.2, output: 32.4, cacheRead: 0.72 },
		},
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3-flash-preview',
		source: sources(PAGE, LITELLM, GENAI_PRICES, 'https://github.com/simonw/llm-prices/pull/68'),
		captured: '2026-08-22',
		// No audio cache price in the 2026-06-02 capture: cached audio is billed at cacheRead.
		standard: { input: 0.5, output: 3.0, cacheRead: 0.05, audioInput: 1.0 },
		// Cache read under flex/batch stays the standard one; audioInput derived 0.5 × 1.00.
		flex: { input: 0.25, output: 1.5, cacheRead: 0.05, audioInput: 0.5 },
		batch: { input: 0.25, output: 1.5, cacheRead: 0.05, audioInput: 0.5 },
		priority: { input: 0.9, output: 5.4, cacheRead: 0.09, audioInput: 1.8 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.5-flash',
		source: sources(PAGE, AE_GEMINI, AE_DEEPMIND, LITELLM),
		captured: '2026-10-07',
		standard: { input: 1.5, output: 9.0, cacheRead: 0.15 },
		flex: { input: 0.75, output: 4.5, cacheRead: 0.075 }, // cacheRead derived: 0.5 × 0.15
		batch: { input: 0.75, output: 4.5, cacheRead: 0.075 }, // cacheRead derived: 0.5 × 0.15
		priority: { input: 2.7, output: 16.2, cacheRead: 0.27 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.5-flash-lite',
		source: sources(AE_DEEPMIND, GENAI_PRICES, LITELLM_SYNC, 'https://github.com/BerriAI/litellm/pull/38422'),
		captured: '2026-10-07',
		// One input price for text, image, video and audio ("$0.30 (text / image / video / audio)").
		standard: { input: 0.3, output: 2.5, cacheRead: 0.03 },
		// Printed flex cache read is $0.02 (not 0.5 × 0.03); no batch cache read is printed.
		flex: { input: 0.15, output: 1.25, cacheRead: 0.02 },
		batch: { input: 0.15, output: 1.25 },
		priority: { input: 0.54, output: 4.5, cacheRead: 0.05 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.1-flash-lite',
		source: sources(PAGE, LITELLM, GENAI_PRICES),
		captured: '2026-06-02',
		standard: { input: 0.25, output: 1.5, cacheRead: 0.025, audioInput: 0.5 },
		// audioInput derived: 0.5 × standard
		flex: { input: 0.125, output: 0.75, cacheRead: 0.0125, audioInput: 0.25 },
		batch: { input: 0.125, output: 0.75, cacheRead: 0.0125, audioInput: 0.25 }, // cacheRead derived
		priority: { input: 0.45, output: 2.7, cacheRead: 0.045, audioInput: 0.9 }, // audioInput derived: 1.8 ×
		tools: GEMINI_3_TOOLS,
	},
];

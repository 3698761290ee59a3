import type { ModelPrices } from '../types';
import { AE_DEEPMIND, AE_GEMINI, GEMINI_38_FLASH_PAGE, GENAI_PRICES, GENAI_PRICES_38_FLASH, LITELLM_SYNC, sources } from './sources';
import { GEMINI_3_TOOLS } from './tools';

/**
 * Gemini 3.6, 3.7 and 3.8 Flash: an introductory price "through December 31, 2026", then the list
 * price "starting January 1, 2027" (pricing page as transcribed in the AE copies, 2026-09-20 and
 * 2026-10-07). Each period is its own row; the cost uses the row in force at the call's time.
 * Flex and Batch are 50% of standard as the sources print it; cache storage is per 1M tokens per hour.
 */
const PROMO_END = '2027-01-01';

export const FLASH_36_TO_38: ModelPrices[] = [
	{
		id: 'gemini-3.8-flash',
		until: PROMO_END,
		source: sources(AE_GEMINI, AE_DEEPMIND, GEMINI_38_FLASH_PAGE, GENAI_PRICES_38_FLASH),
		captured: '2026-10-07',
		// Text, image, audio and video input all $0.75; no long-context tier.
		standard: { input: 0.75, output: 3.75, cacheRead: 0.075 },
		flex: { input: 0.375, output: 1.875 },
		batch: { input: 0.375, output: 1.875 },
		priority: { input: 1.35, output: 6.75 },
		cacheStorage: 0.5,
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.8-flash',
		from: PROMO_END,
		source: sources(AE_GEMINI, AE_DEEPMIND, GEMINI_38_FLASH_PAGE, GENAI_PRICES_38_FLASH),
		captured: '2026-10-07',
		standard: { input: 1.5, output: 7.5, cacheRead: 0.15 },
		flex: { input: 0.75, output: 3.75 },
		batch: { input: 0.75, output: 3.75 },
		priority: { input: 2.7, output: 13.5 },
		cacheStorage: 1.0,
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.7-flash',
		until: PROMO_END,
		source: sources(GENAI_PRICES, 'https://github.com/BerriAI/litellm/pull/36792', 'https://github.com/pollinations/pollinations/pull/14098'),
		captured: '2026-08-29',
		standard: { input: 0.75, output: 3.75, cacheRead: 0.075 },
		// Flex/Batch "50% discount", Priority "1.8x" (genai-prices comments; priority input printed as 1.35).
		flex: { input: 0.375, output: 1.875 },
		batch: { input: 0.375, output: 1.875 },
		priority: { input: 1.35, output: 6.75 },
		cacheStorage: 0.5,
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.7-flash',
		from: PROMO_END,
		source: GENAI_PRICES,
		captured: '2026-08-13',
		standard: { input: 1.5, output: 7.5, cacheRead: 0.15 },
		flex: { input: 0.75, output: 3.75 },
		batch: { input: 0.75, output: 3.75 },
		priority: { input: 2.7, output: 13.5 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.6-flash',
		from: '2026-07-21',
		until: '2026-08-13',
		note: 'Launch list price, before the introductory price (from about 2026-08-13).',
		source: sources(LITELLM_SYNC, 'https://ai.google.dev/gemini-api/docs/whats-new-gemini-3.6', 'simonw/llm-prices@014a62da459805dcea25aaa644cf7a90ec9e4000:data/google.json'),
		captured: '2026-07-24',
		standard: { input: 1.5, output: 7.5, cacheRead: 0.15 },
		flex: { input: 0.75, output: 3.75, cacheRead: 0.075 },
		batch: { input: 0.75, output: 3.75 },
		priority: { input: 2.7, output: 13.5, cacheRead: 0.27 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.6-flash',
		from: '2026-08-13',
		until: PROMO_END,
		note: 'Introductory price; the start date is when the copies first show it.',
		source: sources(GENAI_PRICES, 'https://github.com/theopenco/llmgateway/pull/3593', 'https://github.com/simonw/llm-prices/pull/68'),
		captured: '2026-08-22',
		standard: { input: 0.75, output: 3.75, cacheRead: 0.075 },
		cacheStorage: 0.5,
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-3.6-flash',
		from: PROMO_END,
		source: sources(GENAI_PRICES, 'https://github.com/theopenco/llmgateway/pull/3593'),
		captured: '2026-08-13',
		standard: { input: 1.5, output: 7.5, cacheRead: 0.15 },
		tools: GEMINI_3_TOOLS,
	},
];

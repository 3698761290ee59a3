import type { ToolPrices } from '../types';

/**
 * Grounding fees at the paid rate. Google grants free allowances first (Gemini 3 and newer: 5,000
 * search queries a month; 2.5: 1,500 grounded prompts a day), which a single call cannot know
 * about, so every call is priced at the paid rate and its `pricing` says so.
 * Sources: the pricing page as transcribed in api-evangelist/gemini@3a1090a4 (2026-09-20) and
 * api-evangelist/deepmind@47a9772b (2026-10-07); https://github.com/iyulab/TokenMeter/releases/tag/v0.13.0
 * (Search per query vs per grounded prompt) and /tag/v0.14.0 (Maps).
 */

/** Gemini 3 and newer: "$14 / 1,000 search queries", Search and Maps alike. */
export const GEMINI_3_TOOLS: ToolPrices = {
	googleSearch: { usd: 0.014, per: 'query' },
	googleMaps: { usd: 0.014, per: 'query' },
};

/** Gemini 2.5: "$35 / 1,000 grounded prompts" (Search), "$25 / 1,000 grounded prompts" (Maps). */
export const GEMINI_25_TOOLS: ToolPrices = {
	googleSearch: { usd: 0.035, per: 'prompt' },
	googleMaps: { usd: 0.025, per: 'prompt' },
};

import type { ModelPrices } from '../types';
import { LITELLM } from './sources';

/**
 * Retired and deprecated models, kept so that older items and batch results still price.
 * Numbers from the 2026-06-02 capture of https://ai.google.dev/gemini-api/docs/pricing unless a
 * row says otherwise; "derived" = 0.5 × standard (batch).
 */
const PAGE = 'https://ai.google.dev/gemini-api/docs/pricing';

export const RETIRED: ModelPrices[] = [
	{
		id: 'gemini-3-pro-preview',
		note: 'Deprecated 2026-03-09; kept for older items.',
		source: LITELLM,
		captured: '2026-07-21',
		standard: { input: 2.0, output: 12.0, cacheRead: 0.2 },
		longContext: { thresholdTokens: 200000, standard: { input: 4.0, output: 18.0, cacheRead: 0.4 } },
	},
	{
		id: 'gemini-2.0-flash',
		note: 'Shut down 2026-06-01. Batch only, no flex or priority.',
		source: PAGE,
		captured: '2026-06-02',
		standard: { input: 0.1, output: 0.4, cacheRead: 0.025, audioInput: 0.7 },
		// cacheRead, audioInput derived: 0.5 × standard
		batch: { input: 0.05, output: 0.2, cacheRead: 0.0125, audioInput: 0.35 },
	},
	{
		id: 'gemini-2.0-flash-lite',
		note: 'Shut down 2026-06-01. No cache price listed; batch only, no flex or priority.',
		source: PAGE,
		captured: '2026-06-02',
		standard: { input: 0.075, output: 0.3 },
		batch: { input: 0.0375, output: 0.15 },
	},
	{
		id: 'gemini-1.5-flash-002',
		// "gemini-1.5-flash-latest" pointed to 002, and 001 -> 002 kept the same price.
		aliases: ['gemini-1.5-flash'],
		note: 'Retired. Standard prices only (prompts up to 128k); no cache or batch price listed.',
		source: 'https://bigbullcloud.com/blog/google-gemini-api-cost-structure',
		captured: '2026-06-02',
		standard: { input: 0.075, output: 0.3 },
	},
	{
		id: 'gemini-1.5-pro-002',
		aliases: ['gemini-1.5-pro'],
		note: 'Retired. List price after the 2024-10-07 cut, kept from the 2026-06-02 table; not re-checked against a stored copy.',
		source: PAGE,
		captured: '2024-10-07',
		standard: { input: 1.25, output: 5.0 },
	},
];

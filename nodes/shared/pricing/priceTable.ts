/**
 * Gemini API prices, paid tier, in USD per 1M tokens.
 *
 * Source: https://ai.google.dev/gemini-api/docs/pricing as captured on 2026-06-02, collected in
 * /work/shared/reference/pricing.md (the 1.5 generation cross-checked against seed 001).
 * Prices change: bump `version` whenever a number changes; every cost reports it as
 * `pricing.table`. Users override prices per node for negotiated rates or new models.
 *
 * Every number is written out. Numbers the page does not print are derived from the rules in
 * pricing.md and marked "derived":
 * - flex = batch = 0.5× standard, priority = 1.8× standard (this also gives the flex, batch and
 *   priority prices of cache reads and of audio);
 * - "Under batch and flex the cache-read price of 2.5 Pro, 3 Flash and 3.1 Pro stays the
 *   standard one".
 * A tier the page does not list for a model is left out, so its cost is reported unknown.
 * Cache storage (per hour) is not a per-request price and is not in this table.
 */
import type { PriceTable } from './types';

export const PRICE_TABLE: PriceTable = {
	version: '2026-06-02',
	source: 'https://ai.google.dev/gemini-api/docs/pricing (captured 2026-06-02)',
	currency: 'USD',
	unit: 'per 1M tokens',
	models: [
		{
			id: 'gemini-2.5-pro',
			// Cache read under flex/batch stays standard (pricing.md); priority cache read derived 1.8×.
			standard: { input: 1.25, output: 10.0, cacheRead: 0.125 },
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
		},
		{
			id: 'gemini-2.5-flash',
			standard: { input: 0.3, output: 2.5, cacheRead: 0.03, audioInput: 1.0, audioCacheRead: 0.1 },
			// cacheRead, audioInput, audioCacheRead derived: 0.5 × standard
			flex: { input: 0.15, output: 1.25, cacheRead: 0.015, audioInput: 0.5, audioCacheRead: 0.05 },
			batch: { input: 0.15, output: 1.25, cacheRead: 0.015, audioInput: 0.5, audioCacheRead: 0.05 },
			// cacheRead, audioInput, audioCacheRead derived: 1.8 × standard
			priority: {
				input: 0.54,
				output: 4.5,
				cacheRead: 0.054,
				audioInput: 1.8,
				audioCacheRead: 0.18,
			},
		},
		{
			id: 'gemini-2.5-flash-lite',
			standard: { input: 0.1, output: 0.4, cacheRead: 0.01, audioInput: 0.3, audioCacheRead: 0.03 },
			// cacheRead, audioInput, audioCacheRead derived: 0.5 × standard
			flex: { input: 0.05, output: 0.2, cacheRead: 0.005, audioInput: 0.15, audioCacheRead: 0.015 },
			batch: {
				input: 0.05,
				output: 0.2,
				cacheRead: 0.005,
				audioInput: 0.15,
				audioCacheRead: 0.015,
			},
			// cacheRead, audioInput, audioCacheRead derived: 1.8 × standard
			priority: {
				input: 0.18,
				output: 0.72,
				cacheRead: 0.018,
				audioInput: 0.54,
				audioCacheRead: 0.054,
			},
		},
		{
			id: 'gemini-3.1-pro-preview',
			// Cache read under flex/batch stays standard (pricing.md); priority cache read derived 1.8×.
			standard: { input: 2.0, output: 12.0, cacheRead: 0.2 },
			flex: { input: 1.0, output: 6.0, cacheRead: 0.2 },
			batch: { input: 1.0, output: 6.0, cacheRead: 0.2 },
			priority: { input: 3.6, output: 21.6, cacheRead: 0.36 }, // cacheRead derived: 1.8 × 0.20
			longContext: {
				thresholdTokens: 200000,
				standard: { input: 4.0, output: 18.0, cacheRead: 0.4 },
				flex: { input: 2.0, output: 9.0, cacheRead: 0.4 },
				batch: { input: 2.0, output: 9.0, cacheRead: 0.4 },
				priority: { input: 7.2, output: 32.4, cacheRead: 0.72 }, // cacheRead derived: 1.8 × 0.40
			},
		},
		{
			id: 'gemini-3-flash-preview',
			// No audio cache price listed: cached audio is billed at cacheRead.
			standard: { input: 0.5, output: 3.0, cacheRead: 0.05, audioInput: 1.0 },
			// Cache read under flex/batch stays standard (pricing.md); audioInput derived 0.5 × 1.00.
			flex: { input: 0.25, output: 1.5, cacheRead: 0.05, audioInput: 0.5 },
			batch: { input: 0.25, output: 1.5, cacheRead: 0.05, audioInput: 0.5 },
			// cacheRead, audioInput derived: 1.8 × standard
			priority: { input: 0.9, output: 5.4, cacheRead: 0.09, audioInput: 1.8 },
		},
		{
			id: 'gemini-3.5-flash',
			standard: { input: 1.5, output: 9.0, cacheRead: 0.15 },
			flex: { input: 0.75, output: 4.5, cacheRead: 0.075 }, // cacheRead derived: 0.5 × 0.15
			batch: { input: 0.75, output: 4.5, cacheRead: 0.075 }, // cacheRead derived: 0.5 × 0.15
			priority: { input: 2.7, output: 16.2, cacheRead: 0.27 }, // cacheRead derived: 1.8 × 0.15
		},
		{
			id: 'gemini-3.1-flash-lite',
			standard: { input: 0.25, output: 1.5, cacheRead: 0.025, audioInput: 0.5 },
			// cacheRead, audioInput derived: 0.5 × standard
			flex: { input: 0.125, output: 0.75, cacheRead: 0.0125, audioInput: 0.25 },
			batch: { input: 0.125, output: 0.75, cacheRead: 0.0125, audioInput: 0.25 },
			// cacheRead, audioInput derived: 1.8 × standard
			priority: { input: 0.45, output: 2.7, cacheRead: 0.045, audioInput: 0.9 },
		},
		{
			id: 'gemini-2.0-flash',
			note: 'Shut down 2026-06-01; kept to price older items and batch results. Batch only, no flex or priority.',
			standard: { input: 0.1, output: 0.4, cacheRead: 0.025, audioInput: 0.7 },
			// cacheRead, audioInput derived: 0.5 × standard
			batch: { input: 0.05, output: 0.2, cacheRead: 0.0125, audioInput: 0.35 },
		},
		{
			id: 'gemini-2.0-flash-lite',
			note: 'Shut down 2026-06-01. No cache price listed; batch only, no flex or priority.',
			standard: { input: 0.075, output: 0.3 },
			batch: { input: 0.0375, output: 0.15 },
		},
		{
			id: 'gemini-1.5-flash-002',
			// Seed 001: "gemini-1.5-flash-latest" points to 002, and 001 -> 002 kept "the same price".
			aliases: ['gemini-1.5-flash'],
			note: 'Retired. Standard prices only (seed 001); no cache or batch price listed.',
			standard: { input: 0.075, output: 0.3 },
		},
		{
			id: 'gemini-1.5-pro-002',
			aliases: ['gemini-1.5-pro'],
			note: 'Retired. Standard prices after the 2024-10-07 cut (seed 001); no cache or batch price listed.',
			standard: { input: 1.25, output: 5.0 },
		},
		{
			id: 'gemini-embedding-001',
			// Embeddings produce no output tokens: no output price. The page's "batch = flex" column
			// lists 0.075 with no "(batch)" restriction, so flex is priced too; no priority price.
			standard: { input: 0.15 },
			flex: { input: 0.075 },
			batch: { input: 0.075 },
		},
	],
};

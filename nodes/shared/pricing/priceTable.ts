/**
 * The built-in Gemini API price table: paid tier, USD per 1M tokens, one row per model and price
 * period. Google's page is https://ai.google.dev/gemini-api/docs/pricing; each row names the
 * public copies its numbers were checked against (`source`) and their date (`captured`).
 * Bump `version` whenever a number changes; every cost reports it as `pricing.table`.
 * A tier, rate or fee no source prints is left out, so usage that needs it costs null.
 * Users add or replace rows with their own table (userTable.ts); one node can override its
 * Standard prices (override.ts).
 * Vertex AI: the same rows price Gemini on Vertex AI (no Vertex column: no public source we could
 * check prints a Vertex list price that differs for these models); calls served from Provisioned
 * Throughput cost 0 at the margin (computeCost's `provisioned`).
 */
import { FLASH_36_TO_38 } from './table/flash36';
import { GEMINI_25 } from './table/gemini25';
import { GEMINI_3 } from './table/gemini3';
import { GEMINI_4 } from './table/gemini4';
import { MEDIA } from './table/media';
import { RETIRED } from './table/retired';
import { AE_DEEPMIND, AE_GEMINI, sources } from './table/sources';
import type { PriceTable } from './types';

export const PRICE_TABLE: PriceTable = {
	version: '2026-11-29',
	source: 'https://ai.google.dev/gemini-api/docs/pricing (via the public copies named on each row)',
	currency: 'USD',
	unit: 'per 1M tokens',
	fees: {
		// "Charged for embeddings at $0.15 / 1M tokens" when files are indexed, not per generate call.
		fileSearchIndexing: { usdPerMillionTokens: 0.15, source: sources(AE_GEMINI, AE_DEEPMIND) },
	},
	models: [...GEMINI_4, ...FLASH_36_TO_38, ...GEMINI_3, ...GEMINI_25, ...MEDIA, ...RETIRED],
};

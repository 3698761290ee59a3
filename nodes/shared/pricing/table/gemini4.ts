import type { ModelPrices } from '../types';
import { TOKENMETER, sources } from './sources';
import { GEMINI_3_TOOLS } from './tools';

/**
 * Gemini 4 (GA October–November 2026). Paid tier; implicit caching only, so no cache storage
 * price; thinking billed as output; no long-context tier. Argon and Carbon double on 2026-12-01
 * ("Prices double on December 1, 2026"). Flex and priority are printed only for Hydrogen and Neon
 * ("Batch and Flex 0.5x", "Priority (Fast) 1.8x ($2.70 / $13.50)"); a tier no source prints is absent.
 */
const DOUBLING = '2026-12-01';
const ARGON = sources(
	'https://github.com/BerriAI/litellm/discussions/46238',
	`${TOKENMETER}/tag/v0.13.1`,
	'https://ai.google.dev/gemini-api/docs/generate-content/latest-model?hl=zh-cn',
);
const CARBON = sources(
	'https://github.com/BerriAI/litellm/discussions/50970',
	'https://docs.laozhang.ai/en/announcements/gemini-4-carbon-2026-11',
	'https://apidog.com/es/blog/gemini-4-carbon-api/',
);

export const GEMINI_4: ModelPrices[] = [
	{
		id: 'gemini-4-argon',
		until: DOUBLING,
		source: ARGON,
		captured: '2026-10-20',
		standard: { input: 2.0, output: 10.0, cacheRead: 0.1 },
		// "Batch at half" (TokenMeter v0.13.1): 0.5 × the price in force then. No batch cache read printed.
		batch: { input: 1.0, output: 5.0 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-4-argon',
		from: DOUBLING,
		note: 'Whether the batch price doubles too is not printed: batch is absent from this row.',
		source: ARGON,
		captured: '2026-10-20',
		standard: { input: 4.0, output: 20.0, cacheRead: 0.2 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-4-carbon',
		until: DOUBLING,
		note: 'Same per-token price as Gemini 4 Argon; no cache-read price printed.',
		source: CARBON,
		captured: '2026-11-11',
		standard: { input: 2.0, output: 10.0 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-4-carbon',
		from: DOUBLING,
		source: CARBON,
		captured: '2026-11-11',
		standard: { input: 4.0, output: 20.0 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-4-hydrogen',
		source: sources(`${TOKENMETER}/tag/v0.17.0`, 'https://github.com/BerriAI/litellm/discussions/51436', 'https://docs.laozhang.ai/en/announcements/gemini-4-hydrogen-2026-11.md'),
		captured: '2026-11-18',
		standard: { input: 1.5, output: 7.5, cacheRead: 0.075 },
		flex: { input: 0.75, output: 3.75 },
		batch: { input: 0.75, output: 3.75 },
		priority: { input: 2.7, output: 13.5 },
		tools: GEMINI_3_TOOLS,
	},
	{
		id: 'gemini-4-neon',
		source: sources(`${TOKENMETER}/tag/v0.17.0`, 'https://apidog.com/blog/gemini-4-neon-api/', 'https://docs.laozhang.ai/en/announcements/gemini-4-neon-2026-11.md'),
		captured: '2026-11-22',
		standard: { input: 3.0, output: 15.0, cacheRead: 0.15 },
		flex: { input: 1.5, output: 7.5 },
		batch: { input: 1.5, output: 7.5 },
		priority: { input: 5.4, output: 27.0 },
		tools: GEMINI_3_TOOLS,
	},
];

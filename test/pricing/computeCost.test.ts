import { computeCost, PRICE_TABLE } from '../../nodes/shared/pricing';
import type {
	PriceOverride,
	PriceTable,
	ServiceTier,
	TokenCounts,
} from '../../nodes/shared/pricing';
import { tokens } from './tokens';

// Every expected amount below is worked out by hand from the built-in price table's rates
// (USD per 1M tokens, https://ai.google.dev/gemini-api/docs/pricing) and written as a decimal literal; `toBe` demands the exact double that
// literal denotes, so a float-rounding slip (0.0000017999999…) fails.

interface Row {
	label: string;
	model: string;
	tier: ServiceTier;
	usage: TokenCounts;
	input: number;
	cachedInput: number;
	output: number;
	total: number;
}

function expectAmounts(row: Row): void {
	const cost = computeCost({ model: row.model, tier: row.tier, usage: row.usage });
	expect(cost.currency).toBe('USD');
	expect(cost.pricing.known).toBe(true);
	expect(cost.pricing.tier).toBe(row.tier);
	expect(cost.pricing.table).toBe('2026-11-29');
	expect(cost.input).toBe(row.input);
	expect(cost.cachedInput).toBe(row.cachedInput);
	expect(cost.output).toBe(row.output);
	expect(cost.total).toBe(row.total);
}

describe('computeCost: the node contract example', () => {
	it('gemini-2.5-flash on flex, prompt 12, output 40, thoughts 17', () => {
		const cost = computeCost({
			model: 'gemini-2.5-flash',
			tier: 'flex',
			usage: tokens({ promptTokens: 12, outputTokens: 40, thoughtsTokens: 17 }),
		});
		expect(cost).toEqual({
			currency: 'USD',
			input: 0.0000018, // 12 × 0.15 / 1e6
			cachedInput: 0,
			output: 0.00007125, // (40 + 17) × 1.25 / 1e6 = 71.25 / 1e6
			tools: 0,
			total: 0.00007305, // 0.0000018 + 0.00007125
			pricing: {
				table: '2026-11-29',
				model: 'gemini-2.5-flash',
				tier: 'flex',
				longContext: false,
				known: true,
				pricedAs: 'gemini-2.5-flash',
				resolvedFrom: 'model',
				validFrom: null,
				validUntil: null,
			},
		});
	});
});

describe('computeCost: tiers across models', () => {
	const rows: Row[] = [
		{
			label: '2.5 flash standard',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, outputTokens: 500 }),
			input: 0.0003, // 1000 × 0.30 / 1e6
			cachedInput: 0,
			output: 0.00125, // 500 × 2.50 / 1e6
			total: 0.00155, // 0.0003 + 0.00125
		},
		{
			label: '2.5 flash priority',
			model: 'gemini-2.5-flash',
			tier: 'priority',
			usage: tokens({ promptTokens: 1000, outputTokens: 500 }),
			input: 0.00054, // 1000 × 0.54 / 1e6
			cachedInput: 0,
			output: 0.00225, // 500 × 4.50 / 1e6
			total: 0.00279, // 0.00054 + 0.00225
		},
		{
			label: '2.5 flash batch, thoughts billed as output',
			model: 'gemini-2.5-flash',
			tier: 'batch',
			usage: tokens({ promptTokens: 2000, outputTokens: 100, thoughtsTokens: 300 }),
			input: 0.0003, // 2000 × 0.15 / 1e6
			cachedInput: 0,
			output: 0.0005, // (100 + 300) × 1.25 / 1e6
			total: 0.0008, // 0.0003 + 0.0005
		},
		{
			label: '2.5 flash-lite standard',
			model: 'gemini-2.5-flash-lite',
			tier: 'standard',
			usage: tokens({ promptTokens: 12345, outputTokens: 678 }),
			input: 0.0012345, // 12345 × 0.10 / 1e6
			cachedInput: 0,
			output: 0.0002712, // 678 × 0.40 / 1e6
			total: 0.0015057, // 0.0012345 + 0.0002712
		},
		{
			label: '2.5 flash-lite standard, tiny (naive floats give 3.0000000000000004e-7)',
			model: 'gemini-2.5-flash-lite',
			tier: 'standard',
			usage: tokens({ promptTokens: 3, outputTokens: 1 }),
			input: 0.0000003, // 3 × 0.10 / 1e6
			cachedInput: 0,
			output: 0.0000004, // 1 × 0.40 / 1e6
			total: 0.0000007, // 0.0000003 + 0.0000004
		},
		{
			label: '2.5 flash-lite priority',
			model: 'gemini-2.5-flash-lite',
			tier: 'priority',
			usage: tokens({ promptTokens: 100, outputTokens: 100 }),
			input: 0.000018, // 100 × 0.18 / 1e6
			cachedInput: 0,
			output: 0.000072, // 100 × 0.72 / 1e6
			total: 0.00009, // 0.000018 + 0.000072
		},
		{
			label: '2.5 pro standard',
			model: 'gemini-2.5-pro',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			input: 0.00125, // 1000 × 1.25 / 1e6
			cachedInput: 0,
			output: 0.01, // 1000 × 10.00 / 1e6
			total: 0.01125, // 0.00125 + 0.01
		},
		{
			label: '2.5 pro priority',
			model: 'gemini-2.5-pro',
			tier: 'priority',
			usage: tokens({ promptTokens: 100000, outputTokens: 1000 }),
			input: 0.225, // 100000 × 2.25 / 1e6
			cachedInput: 0,
			output: 0.018, // 1000 × 18.00 / 1e6
			total: 0.243, // 0.225 + 0.018
		},
		{
			label: '3 flash preview standard, thoughts billed as output',
			model: 'gemini-3-flash-preview',
			tier: 'standard',
			usage: tokens({ promptTokens: 7, outputTokens: 3, thoughtsTokens: 11 }),
			input: 0.0000035, // 7 × 0.50 / 1e6
			cachedInput: 0,
			output: 0.000042, // (3 + 11) × 3.00 / 1e6
			total: 0.0000455, // 0.0000035 + 0.000042
		},
		{
			label: '3.5 flash flex, 1M in and out',
			model: 'gemini-3.5-flash',
			tier: 'flex',
			usage: tokens({ promptTokens: 1000000, outputTokens: 1000000 }),
			input: 0.75, // 1e6 × 0.75 / 1e6
			cachedInput: 0,
			output: 4.5, // 1e6 × 4.50 / 1e6
			total: 5.25, // 0.75 + 4.5
		},
		{
			label: '3.1 flash-lite priority',
			model: 'gemini-3.1-flash-lite',
			tier: 'priority',
			usage: tokens({ promptTokens: 3, outputTokens: 1 }),
			input: 0.00000135, // 3 × 0.45 / 1e6
			cachedInput: 0,
			output: 0.0000027, // 1 × 2.70 / 1e6
			total: 0.00000405, // 0.00000135 + 0.0000027
		},
		{
			label: '3.1 pro preview batch',
			model: 'gemini-3.1-pro-preview',
			tier: 'batch',
			usage: tokens({ promptTokens: 10000, outputTokens: 2000, thoughtsTokens: 1000 }),
			input: 0.01, // 10000 × 1.00 / 1e6
			cachedInput: 0,
			output: 0.018, // (2000 + 1000) × 6.00 / 1e6
			total: 0.028, // 0.01 + 0.018
		},
		{
			label: '2.0 flash batch',
			model: 'gemini-2.0-flash',
			tier: 'batch',
			usage: tokens({ promptTokens: 100, outputTokens: 50 }),
			input: 0.000005, // 100 × 0.05 / 1e6
			cachedInput: 0,
			output: 0.00001, // 50 × 0.20 / 1e6
			total: 0.000015, // 0.000005 + 0.00001
		},
		{
			label: '2.0 flash-lite standard (no cache price, none needed)',
			model: 'gemini-2.0-flash-lite',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			input: 0.000075, // 1000 × 0.075 / 1e6
			cachedInput: 0,
			output: 0.0003, // 1000 × 0.30 / 1e6
			total: 0.000375, // 0.000075 + 0.0003
		},
		{
			label: '2.0 flash-lite batch',
			model: 'gemini-2.0-flash-lite',
			tier: 'batch',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			input: 0.0000375, // 1000 × 0.0375 / 1e6
			cachedInput: 0,
			output: 0.00015, // 1000 × 0.15 / 1e6
			total: 0.0001875, // 0.0000375 + 0.00015
		},
		{
			label: '1.5 flash-002 standard',
			model: 'gemini-1.5-flash-002',
			tier: 'standard',
			usage: tokens({ promptTokens: 2000, outputTokens: 500 }),
			input: 0.00015, // 2000 × 0.075 / 1e6
			cachedInput: 0,
			output: 0.00015, // 500 × 0.30 / 1e6
			total: 0.0003, // 0.00015 + 0.00015
		},
		{
			label: '1.5 pro-002 standard',
			model: 'gemini-1.5-pro-002',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			input: 0.00125, // 1000 × 1.25 / 1e6
			cachedInput: 0,
			output: 0.005, // 1000 × 5.00 / 1e6
			total: 0.00625, // 0.00125 + 0.005
		},
		{
			label: 'embedding-001 standard (no output tokens, no output price needed)',
			model: 'gemini-embedding-001',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000 }),
			input: 0.00015, // 1000 × 0.15 / 1e6
			cachedInput: 0,
			output: 0,
			total: 0.00015,
		},
		{
			label: 'embedding-001 batch',
			model: 'gemini-embedding-001',
			tier: 'batch',
			usage: tokens({ promptTokens: 1000 }),
			input: 0.000075, // 1000 × 0.075 / 1e6
			cachedInput: 0,
			output: 0,
			total: 0.000075,
		},
		{
			label: 'tool-use prompt tokens at the input price',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, toolUsePromptTokens: 500, outputTokens: 100 }),
			input: 0.00045, // (1000 + 500) × 0.30 / 1e6
			cachedInput: 0,
			output: 0.00025, // 100 × 2.50 / 1e6
			total: 0.0007, // 0.00045 + 0.00025
		},
	];
	it.each(rows)('$label', (row) => expectAmounts(row));
});

describe('computeCost: cached tokens at the cache-read price', () => {
	const rows: Row[] = [
		{
			label: '2.5 flash standard',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 10000, cachedTokens: 8000, outputTokens: 100 }),
			input: 0.0006, // (10000 − 8000) × 0.30 / 1e6
			cachedInput: 0.00024, // 8000 × 0.03 / 1e6
			output: 0.00025, // 100 × 2.50 / 1e6
			total: 0.00109, // 0.0006 + 0.00024 + 0.00025
		},
		{
			label: '2.5 flash flex: cache read halved',
			model: 'gemini-2.5-flash',
			tier: 'flex',
			usage: tokens({ promptTokens: 10000, cachedTokens: 8000, outputTokens: 100 }),
			input: 0.0003, // 2000 × 0.15 / 1e6
			cachedInput: 0.00012, // 8000 × 0.015 / 1e6
			output: 0.000125, // 100 × 1.25 / 1e6
			total: 0.000545, // 0.0003 + 0.00012 + 0.000125
		},
		{
			label: '2.5 pro standard',
			model: 'gemini-2.5-pro',
			tier: 'standard',
			usage: tokens({ promptTokens: 10000, cachedTokens: 8000, outputTokens: 100 }),
			input: 0.0025, // 2000 × 1.25 / 1e6
			cachedInput: 0.001, // 8000 × 0.125 / 1e6
			output: 0.001, // 100 × 10.00 / 1e6
			total: 0.0045, // 0.0025 + 0.001 + 0.001
		},
		{
			label: '2.5 pro flex: cache read stays at the standard 0.125',
			model: 'gemini-2.5-pro',
			tier: 'flex',
			usage: tokens({ promptTokens: 10000, cachedTokens: 8000, outputTokens: 100 }),
			input: 0.00125, // 2000 × 0.625 / 1e6
			cachedInput: 0.001, // 8000 × 0.125 / 1e6 (not 0.0625)
			output: 0.0005, // 100 × 5.00 / 1e6
			total: 0.00275, // 0.00125 + 0.001 + 0.0005
		},
		{
			label: '2.5 pro batch: cache read stays at the standard 0.125',
			model: 'gemini-2.5-pro',
			tier: 'batch',
			usage: tokens({ promptTokens: 10000, cachedTokens: 8000, outputTokens: 100 }),
			input: 0.00125, // 2000 × 0.625 / 1e6
			cachedInput: 0.001, // 8000 × 0.125 / 1e6
			output: 0.0005, // 100 × 5.00 / 1e6
			total: 0.00275, // 0.00125 + 0.001 + 0.0005
		},
		{
			label: '2.5 pro priority: cache read 1.8 × 0.125 = 0.225',
			model: 'gemini-2.5-pro',
			tier: 'priority',
			usage: tokens({ promptTokens: 1000, cachedTokens: 1000 }),
			input: 0, // (1000 − 1000) × 2.25 / 1e6
			cachedInput: 0.000225, // 1000 × 0.225 / 1e6
			output: 0,
			total: 0.000225,
		},
		{
			label: '3 flash preview batch: cache read stays at the standard 0.05',
			model: 'gemini-3-flash-preview',
			tier: 'batch',
			usage: tokens({ promptTokens: 1000, cachedTokens: 600, outputTokens: 10 }),
			input: 0.0001, // 400 × 0.25 / 1e6
			cachedInput: 0.00003, // 600 × 0.05 / 1e6
			output: 0.000015, // 10 × 1.50 / 1e6
			total: 0.000145, // 0.0001 + 0.00003 + 0.000015
		},
		{
			label: '3.1 pro preview flex: cache read stays at the standard 0.20',
			model: 'gemini-3.1-pro-preview',
			tier: 'flex',
			usage: tokens({ promptTokens: 5000, cachedTokens: 4000 }),
			input: 0.001, // 1000 × 1.00 / 1e6
			cachedInput: 0.0008, // 4000 × 0.20 / 1e6
			output: 0,
			total: 0.0018, // 0.001 + 0.0008
		},
		{
			label: '3.5 flash batch: cache read halved to 0.075',
			model: 'gemini-3.5-flash',
			tier: 'batch',
			usage: tokens({ promptTokens: 1000, cachedTokens: 1000 }),
			input: 0,
			cachedInput: 0.000075, // 1000 × 0.075 / 1e6
			output: 0,
			total: 0.000075,
		},
		{
			label: '2.0 flash batch: cache read halved to 0.0125',
			model: 'gemini-2.0-flash',
			tier: 'batch',
			usage: tokens({ promptTokens: 3000, cachedTokens: 2000, outputTokens: 10 }),
			input: 0.00005, // 1000 × 0.05 / 1e6
			cachedInput: 0.000025, // 2000 × 0.0125 / 1e6
			output: 0.000002, // 10 × 0.20 / 1e6
			total: 0.000077, // 0.00005 + 0.000025 + 0.000002
		},
	];
	it.each(rows)('$label', (row) => expectAmounts(row));
});

describe('computeCost: long context (whole request at the >200k rates)', () => {
	const rows: (Row & { longContext: boolean })[] = [
		{
			label: '2.5 pro, prompt exactly 200,000: normal rates',
			model: 'gemini-2.5-pro',
			tier: 'standard',
			usage: tokens({ promptTokens: 200000, outputTokens: 1000 }),
			input: 0.25, // 200000 × 1.25 / 1e6
			cachedInput: 0,
			output: 0.01, // 1000 × 10.00 / 1e6
			total: 0.26,
			longContext: false,
		},
		{
			label: '2.5 pro, prompt 200,001: long-context rates',
			model: 'gemini-2.5-pro',
			tier: 'standard',
			usage: tokens({ promptTokens: 200001, outputTokens: 1000 }),
			input: 0.5000025, // 200001 × 2.50 / 1e6
			cachedInput: 0,
			output: 0.015, // 1000 × 15.00 / 1e6
			total: 0.5150025, // 0.5000025 + 0.015
			longContext: true,
		},
		{
			label: '2.5 pro flex, prompt 200,001 with 100,001 cached',
			model: 'gemini-2.5-pro',
			tier: 'flex',
			usage: tokens({ promptTokens: 200001, cachedTokens: 100001, outputTokens: 10 }),
			input: 0.125, // 100000 × 1.25 / 1e6
			cachedInput: 0.02500025, // 100001 × 0.25 / 1e6 (cache read stays standard)
			output: 0.000075, // 10 × 7.50 / 1e6
			total: 0.15007525, // 0.125 + 0.02500025 + 0.000075
			longContext: true,
		},
		{
			label: '3.1 pro preview, prompt exactly 200,000: normal rates',
			model: 'gemini-3.1-pro-preview',
			tier: 'standard',
			usage: tokens({ promptTokens: 200000, outputTokens: 1000 }),
			input: 0.4, // 200000 × 2.00 / 1e6
			cachedInput: 0,
			output: 0.012, // 1000 × 12.00 / 1e6
			total: 0.412,
			longContext: false,
		},
		{
			label: '3.1 pro preview, prompt 200,001: long-context rates',
			model: 'gemini-3.1-pro-preview',
			tier: 'standard',
			usage: tokens({ promptTokens: 200001, outputTokens: 1000 }),
			input: 0.800004, // 200001 × 4.00 / 1e6
			cachedInput: 0,
			output: 0.018, // 1000 × 18.00 / 1e6
			total: 0.818004, // 0.800004 + 0.018
			longContext: true,
		},
		{
			label: '3.1 pro preview priority, prompt 250,000',
			model: 'gemini-3.1-pro-preview',
			tier: 'priority',
			usage: tokens({ promptTokens: 250000, outputTokens: 2000, thoughtsTokens: 1000 }),
			input: 1.8, // 250000 × 7.20 / 1e6
			cachedInput: 0,
			output: 0.0972, // 3000 × 32.40 / 1e6
			total: 1.8972, // 1.8 + 0.0972
			longContext: true,
		},
		{
			label: '2.5 flash has no long-context tier: 300,000 at the normal rate',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 300000 }),
			input: 0.09, // 300000 × 0.30 / 1e6
			cachedInput: 0,
			output: 0,
			total: 0.09,
			longContext: false,
		},
	];
	it.each(rows)('$label', (row) => {
		expectAmounts(row);
		const cost = computeCost({ model: row.model, tier: row.tier, usage: row.usage });
		expect(cost.pricing.longContext).toBe(row.longContext);
		expect(cost.pricing.model).toBe(row.model);
	});
});

describe('computeCost: audio input at its own price', () => {
	const rows: Row[] = [
		{
			label: '2.5 flash standard, 600 of 1000 prompt tokens audio',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, audioPromptTokens: 600, outputTokens: 100 }),
			input: 0.00072, // 400 × 0.30 / 1e6 + 600 × 1.00 / 1e6 = 0.00012 + 0.0006
			cachedInput: 0,
			output: 0.00025, // 100 × 2.50 / 1e6
			total: 0.00097, // 0.00072 + 0.00025
		},
		{
			label: '2.5 flash standard, cached audio at the audio cache price',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({
				promptTokens: 1000,
				audioPromptTokens: 600,
				cachedTokens: 500,
				audioCachedTokens: 200,
			}),
			// uncached 500 = audio (600 − 200) 400 + text 100
			input: 0.00043, // 400 × 1.00 / 1e6 + 100 × 0.30 / 1e6 = 0.0004 + 0.00003
			// cached 500 = audio 200 + text 300
			cachedInput: 0.000029, // 200 × 0.10 / 1e6 + 300 × 0.03 / 1e6 = 0.00002 + 0.000009
			output: 0,
			total: 0.000459, // 0.00043 + 0.000029
		},
		{
			label: '3.1 flash-lite flex: no audio cache price, cached audio at cache read',
			model: 'gemini-3.1-flash-lite',
			tier: 'flex',
			usage: tokens({
				promptTokens: 1000,
				audioPromptTokens: 1000,
				cachedTokens: 400,
				audioCachedTokens: 400,
			}),
			input: 0.00015, // (1000 − 400) × 0.25 / 1e6
			cachedInput: 0.000005, // 400 × 0.0125 / 1e6
			output: 0,
			total: 0.000155, // 0.00015 + 0.000005
		},
		{
			label: '3 flash preview priority, half audio',
			model: 'gemini-3-flash-preview',
			tier: 'priority',
			usage: tokens({ promptTokens: 2000, audioPromptTokens: 1000 }),
			input: 0.0027, // 1000 × 0.90 / 1e6 + 1000 × 1.80 / 1e6 = 0.0009 + 0.0018
			cachedInput: 0,
			output: 0,
			total: 0.0027,
		},
		{
			label: '2.0 flash batch, audio at 0.5 × 0.70',
			model: 'gemini-2.0-flash',
			tier: 'batch',
			usage: tokens({ promptTokens: 100, audioPromptTokens: 100 }),
			input: 0.000035, // 100 × 0.35 / 1e6
			cachedInput: 0,
			output: 0,
			total: 0.000035,
		},
		{
			label: '3.5 flash lists no audio price: audio at the input price',
			model: 'gemini-3.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, audioPromptTokens: 1000 }),
			input: 0.0015, // 1000 × 1.50 / 1e6
			cachedInput: 0,
			output: 0,
			total: 0.0015,
		},
	];
	it.each(rows)('$label', (row) => expectAmounts(row));
});

describe('computeCost: unknown cost is null, never 0 or a guess', () => {
	const rows: {
		label: string;
		model: string;
		tier: ServiceTier;
		usage: TokenCounts;
		reported: string;
	}[] = [
		{
			label: 'model not in the table',
			model: 'gpt-4o',
			tier: 'standard',
			usage: tokens({ promptTokens: 10, outputTokens: 10 }),
			reported: 'gpt-4o',
		},
		{
			label: 'unknown model with models/ prefix',
			model: 'models/gemini-9-ultra',
			tier: 'standard',
			usage: tokens({ promptTokens: 10 }),
			reported: 'gemini-9-ultra',
		},
		{
			label: 'tuned model, even one named after a known model',
			model: 'tunedModels/gemini-2.5-flash-001',
			tier: 'standard',
			usage: tokens({ promptTokens: 10 }),
			reported: 'tunedModels/gemini-2.5-flash-001',
		},
		{
			label: 'tier absent: 2.0 flash priority',
			model: 'gemini-2.0-flash',
			tier: 'priority',
			usage: tokens({ promptTokens: 10, outputTokens: 10 }),
			reported: 'gemini-2.0-flash',
		},
		{
			label: 'tier absent: 2.0 flash flex (batch only)',
			model: 'gemini-2.0-flash',
			tier: 'flex',
			usage: tokens({ promptTokens: 10 }),
			reported: 'gemini-2.0-flash',
		},
		{
			label: 'tier absent: 1.5 flash-002 batch',
			model: 'gemini-1.5-flash-002',
			tier: 'batch',
			usage: tokens({ promptTokens: 10 }),
			reported: 'gemini-1.5-flash-002',
		},
		{
			label: 'tier absent: embedding priority',
			model: 'gemini-embedding-001',
			tier: 'priority',
			usage: tokens({ promptTokens: 10 }),
			reported: 'gemini-embedding-001',
		},
		{
			label: 'cached tokens but no cache price: 2.0 flash-lite',
			model: 'gemini-2.0-flash-lite',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, cachedTokens: 100, outputTokens: 10 }),
			reported: 'gemini-2.0-flash-lite',
		},
		{
			label: 'cached tokens but no cache price: 1.5 pro-002',
			model: 'gemini-1.5-pro-002',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, cachedTokens: 1 }),
			reported: 'gemini-1.5-pro-002',
		},
		{
			label: 'output tokens but no output price: embedding',
			model: 'gemini-embedding-001',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, outputTokens: 1 }),
			reported: 'gemini-embedding-001',
		},
	];
	it.each(rows)('$label', ({ model, tier, usage, reported }) => {
		expect(computeCost({ model, tier, usage })).toEqual({
			currency: 'USD',
			input: null,
			cachedInput: null,
			output: null,
			tools: null,
			total: null,
			pricing: expect.objectContaining({ table: '2026-11-29', model: reported, tier, longContext: false, known: false, validFrom: null, validUntil: null }),
		});
	});

	it('long-context request on a tier the long-context card lacks is unknown, not billed short', () => {
		const table: PriceTable = {
			...PRICE_TABLE,
			models: [
				{
					id: 'm',
					standard: { input: 1, output: 1 },
					longContext: { thresholdTokens: 10, flex: { input: 2, output: 2 } },
				},
			],
		};
		const cost = computeCost({
			model: 'm',
			tier: 'standard',
			usage: tokens({ promptTokens: 11 }),
			table,
		});
		expect(cost.total).toBeNull();
		expect(cost.pricing).toEqual({
			table: '2026-11-29',
			model: 'm',
			tier: 'standard',
			longContext: true,
			known: false,
			pricedAs: 'm',
			resolvedFrom: 'model',
			validFrom: null,
			validUntil: null,
		});
	});

	it('a tier name that is not a tier is unknown', () => {
		const tier = 'FLEX' as unknown as ServiceTier;
		const cost = computeCost({
			model: 'gemini-2.5-flash',
			tier,
			usage: tokens({ promptTokens: 1 }),
		});
		expect(cost.total).toBeNull();
		expect(cost.pricing.known).toBe(false);
	});
});

describe('computeCost: price overrides', () => {
	const rows: {
		label: string;
		model: string;
		tier: ServiceTier;
		usage: TokenCounts;
		override: PriceOverride;
		expected: { input: number; cachedInput: number; output: number; total: number };
		reported: string;
		longContext: boolean;
	}[] = [
		{
			label: 'partial override on a known model keeps the other listed rates',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, cachedTokens: 500, outputTokens: 100 }),
			override: { input: 0.2 },
			expected: {
				input: 0.0001, // 500 × 0.20 / 1e6 (override)
				cachedInput: 0.000015, // 500 × 0.03 / 1e6 (table)
				output: 0.00025, // 100 × 2.50 / 1e6 (table)
				total: 0.000365, // 0.0001 + 0.000015 + 0.00025
			},
			reported: 'gemini-2.5-flash',
			longContext: false,
		},
		{
			label: 'input and output make an unknown model known',
			model: 'models/my-proxy-model',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, outputTokens: 500 }),
			override: { input: 1, output: 2 },
			expected: {
				input: 0.001, // 1000 × 1 / 1e6
				cachedInput: 0,
				output: 0.001, // 500 × 2 / 1e6
				total: 0.002,
			},
			reported: 'my-proxy-model',
			longContext: false,
		},
		{
			label: 'a per-tier override prices a tier the table lacks (2.0 flash priority)',
			model: 'gemini-2.0-flash',
			tier: 'priority',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			override: { tiers: { priority: { input: 0.1, output: 0.4 } } },
			expected: {
				input: 0.0001, // 1000 × 0.10 / 1e6
				cachedInput: 0,
				output: 0.0004, // 1000 × 0.40 / 1e6
				total: 0.0005,
			},
			reported: 'gemini-2.0-flash',
			longContext: false,
		},
		{
			label: 'cacheRead override supplies a missing cache price (2.0 flash-lite)',
			model: 'gemini-2.0-flash-lite',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, cachedTokens: 1000 }),
			override: { cacheRead: 0.01875 },
			expected: {
				input: 0,
				cachedInput: 0.00001875, // 1000 × 0.01875 / 1e6
				output: 0,
				total: 0.00001875,
			},
			reported: 'gemini-2.0-flash-lite',
			longContext: false,
		},
		{
			label: 'the long-context switch still applies to an overridden Standard price',
			model: 'gemini-2.5-pro',
			tier: 'standard',
			usage: tokens({ promptTokens: 200001, outputTokens: 1000 }),
			override: { output: 12 },
			expected: {
				input: 0.5000025, // 200001 × 2.50 / 1e6 (table, long context)
				cachedInput: 0,
				output: 0.018, // 12 × (15 / 10 long-context ratio) = 18; 1000 × 18 / 1e6
				total: 0.5180025, // 0.5000025 + 0.018
			},
			reported: 'gemini-2.5-pro',
			longContext: true,
		},
		{
			label: 'audioInput override',
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, audioPromptTokens: 1000 }),
			override: { audioInput: 0.7 },
			expected: {
				input: 0.0007, // 1000 × 0.70 / 1e6
				cachedInput: 0,
				output: 0,
				total: 0.0007,
			},
			reported: 'gemini-2.5-flash',
			longContext: false,
		},
	];
	it.each(rows)('$label', ({ model, tier, usage, override, expected, reported, longContext }) => {
		expect(computeCost({ model, tier, usage, override })).toEqual({
			currency: 'USD',
			...expected,
			tools: 0,
			pricing: expect.objectContaining({
				table: '2026-11-29',
				model: reported,
				tier,
				longContext,
				known: true,
				overridden: true,
				validFrom: null,
				validUntil: null,
			}),
		});
	});

	const stillUnknown: {
		label: string;
		model: string;
		usage: TokenCounts;
		override: PriceOverride;
	}[] = [
		{
			label: 'input alone does not make an unknown model known',
			model: 'my-proxy-model',
			usage: tokens({ promptTokens: 10 }),
			override: { input: 1 },
		},
		{
			label: 'full override but cached tokens and no cache price',
			model: 'my-proxy-model',
			usage: tokens({ promptTokens: 10, cachedTokens: 5 }),
			override: { input: 1, output: 2 },
		},
		{
			label: 'unusable override values are ignored',
			model: 'my-proxy-model',
			usage: tokens({ promptTokens: 10 }),
			override: { input: -1, output: Number.NaN },
		},
	];
	it.each(stillUnknown)('$label', ({ model, usage, override }) => {
		const cost = computeCost({ model, tier: 'standard', usage, override });
		expect(cost.total).toBeNull();
		expect(cost.input).toBeNull();
		expect(cost.pricing.known).toBe(false);
		expect(cost.pricing).not.toHaveProperty('overridden');
	});

	it('an empty override does not mark the cost overridden', () => {
		const cost = computeCost({
			model: 'gemini-2.5-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 10 }),
			override: {},
		});
		expect(cost.input).toBe(0.000003); // 10 × 0.30 / 1e6
		expect(cost.pricing).not.toHaveProperty('overridden');
	});
});

describe('computeCost: Price Override is the price for Standard; tier and long context still apply', () => {
	// Every amount by hand: the user's Standard price × the table's ratio for the tier served and
	// the context length (for this model and rate), then × tokens / 1e6.
	const rows: {
		label: string;
		model: string;
		tier: ServiceTier;
		usage: TokenCounts;
		override: PriceOverride;
		input: number | null;
		cachedInput: number | null;
		output: number | null;
		total: number | null;
		longContext: boolean;
	}[] = [
		{
			label: '2.5 Flash on Flex: half the Standard override (0.15 / 0.30, 1.25 / 2.50)',
			model: 'gemini-2.5-flash',
			tier: 'flex',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			override: { input: 0.2, output: 2 },
			input: 0.0001, // 0.2 × 0.5 = 0.1; 1000 × 0.1 / 1e6
			cachedInput: 0,
			output: 0.001, // 2 × 0.5 = 1; 1000 × 1 / 1e6
			total: 0.0011,
			longContext: false,
		},
		{
			label: '2.5 Flash on Batch: half the Standard override',
			model: 'gemini-2.5-flash',
			tier: 'batch',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			override: { input: 0.2, output: 2 },
			input: 0.0001,
			cachedInput: 0,
			output: 0.001,
			total: 0.0011,
			longContext: false,
		},
		{
			label: '2.5 Flash on Priority: 1.8 × the Standard override (0.54 / 0.30, 4.50 / 2.50)',
			model: 'gemini-2.5-flash',
			tier: 'priority',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			override: { input: 0.2, output: 2 },
			input: 0.00036, // 0.2 × 1.8 = 0.36; 1000 × 0.36 / 1e6
			cachedInput: 0,
			output: 0.0036, // 2 × 1.8 = 3.6; 1000 × 3.6 / 1e6
			total: 0.00396,
			longContext: false,
		},
		{
			label: '2.5 Pro Standard over 200k: the long-context ratios (2.50 / 1.25, 15 / 10)',
			model: 'gemini-2.5-pro',
			tier: 'standard',
			usage: tokens({ promptTokens: 250_000, outputTokens: 1000 }),
			override: { input: 1, output: 8 },
			input: 0.5, // 1 × 2 = 2; 250,000 × 2 / 1e6
			cachedInput: 0,
			output: 0.012, // 8 × 1.5 = 12; 1000 × 12 / 1e6
			total: 0.512,
			longContext: true,
		},
		{
			label: '2.5 Pro Batch over 200k: tier and long context together (1.25 / 1.25, 7.50 / 10)',
			model: 'gemini-2.5-pro',
			tier: 'batch',
			usage: tokens({ promptTokens: 250_000, outputTokens: 1000 }),
			override: { input: 1, output: 8 },
			input: 0.25, // 1 × 1 = 1; 250,000 × 1 / 1e6
			cachedInput: 0,
			output: 0.006, // 8 × 0.75 = 6; 1000 × 6 / 1e6
			total: 0.256,
			longContext: true,
		},
		{
			label: '2.5 Pro Batch cache read stays at the Standard cache price (0.125 / 0.125)',
			model: 'gemini-2.5-pro',
			tier: 'batch',
			usage: tokens({ promptTokens: 1000, cachedTokens: 1000 }),
			override: { cacheRead: 0.1 },
			input: 0,
			cachedInput: 0.0001, // 0.1 × 1; 1000 × 0.1 / 1e6
			output: 0,
			total: 0.0001,
			longContext: false,
		},
		{
			label: 'a per-tier price wins over the scaled Standard price, rate by rate',
			model: 'gemini-2.5-flash',
			tier: 'batch',
			usage: tokens({ promptTokens: 1000, outputTokens: 1000 }),
			override: { input: 0.2, output: 2, tiers: { batch: { input: 0.05 } } },
			input: 0.00005, // own batch price 0.05; 1000 × 0.05 / 1e6
			cachedInput: 0,
			output: 0.001, // Standard 2 × 0.5 = 1; 1000 × 1 / 1e6
			total: 0.00105,
			longContext: false,
		},
		{
			label: 'a per-tier price still takes the long-context switch (batch 1.25 / 0.625)',
			model: 'gemini-2.5-pro',
			tier: 'batch',
			usage: tokens({ promptTokens: 250_000 }),
			override: { tiers: { batch: { input: 0.5 } } },
			input: 0.25, // 0.5 × 2 = 1; 250,000 × 1 / 1e6
			cachedInput: 0,
			output: 0,
			total: 0.25,
			longContext: true,
		},
		{
			label: 'a model the table lacks, on Flex: half the Standard override',
			model: 'my-proxy-model',
			tier: 'flex',
			usage: tokens({ promptTokens: 1000, outputTokens: 500 }),
			override: { input: 1, output: 2 },
			input: 0.0005, // 1 × 0.5; 1000 × 0.5 / 1e6
			cachedInput: 0,
			output: 0.0005, // 2 × 0.5 = 1; 500 × 1 / 1e6
			total: 0.001,
			longContext: false,
		},
		{
			label: 'a model the table lacks, on Priority: unknown without a Priority price (the ratio varies by model)',
			model: 'my-proxy-model',
			tier: 'priority',
			usage: tokens({ promptTokens: 1000, outputTokens: 500 }),
			override: { input: 1, output: 2 },
			input: null,
			cachedInput: null,
			output: null,
			total: null,
			longContext: false,
		},
		{
			label: 'a model the table lacks, on Priority with its own Priority price',
			model: 'my-proxy-model',
			tier: 'priority',
			usage: tokens({ promptTokens: 1000, outputTokens: 500 }),
			override: { input: 1, output: 2, tiers: { priority: { input: 1.8, output: 3.6 } } },
			input: 0.0018, // 1000 × 1.8 / 1e6
			cachedInput: 0,
			output: 0.0018, // 500 × 3.6 / 1e6
			total: 0.0036,
			longContext: false,
		},
		{
			label: 'a tier the table lacks for the model (2.0 Flash Priority): a Standard override does not price it',
			model: 'gemini-2.0-flash',
			tier: 'priority',
			usage: tokens({ promptTokens: 1000 }),
			override: { input: 0.1, output: 0.4 },
			input: null,
			cachedInput: null,
			output: null,
			total: null,
			longContext: false,
		},
	];
	it.each(rows)('$label', ({ model, tier, usage, override, input, cachedInput, output, total, longContext }) => {
		const cost = computeCost({ model, tier, usage, override });
		expect({ input: cost.input, cachedInput: cost.cachedInput, output: cost.output, total: cost.total }).toEqual({ input, cachedInput, output, total });
		expect(cost.pricing).toMatchObject({ tier, longContext, known: total !== null });
		if (total !== null) expect(cost.pricing.overridden).toBe(true);
	});

	it('the issue’s case: a negotiated Standard price is no longer charged in full on Batch', () => {
		const usage = tokens({ promptTokens: 1_000_000 });
		const standard = computeCost({ model: 'gemini-2.5-flash', tier: 'standard', usage, override: { input: 0.25 } });
		const batch = computeCost({ model: 'gemini-2.5-flash', tier: 'batch', usage, override: { input: 0.25 } });
		expect(standard.total).toBe(0.25); // 1,000,000 × 0.25 / 1e6
		expect(batch.total).toBe(0.125); // 0.25 × 0.5; 1,000,000 × 0.125 / 1e6
	});
});

describe('computeCost: model ids as the API reports them', () => {
	const rows: { model: string; canonical: string; input: number }[] = [
		{ model: 'models/gemini-2.5-flash', canonical: 'gemini-2.5-flash', input: 0.0003 }, // 1000 × 0.30 / 1e6
		{ model: 'gemini-2.5-flash-preview-09-2025', canonical: 'gemini-2.5-flash', input: 0.0003 }, // 1000 × 0.30 / 1e6
		{
			model: 'models/gemini-2.5-flash-lite-preview-09-2025',
			canonical: 'gemini-2.5-flash-lite',
			input: 0.0001,
		}, // 1000 × 0.10 / 1e6
		{ model: 'gemini-1.5-flash', canonical: 'gemini-1.5-flash-002', input: 0.000075 }, // 1000 × 0.075 / 1e6
		{ model: 'gemini-2.0-flash-001', canonical: 'gemini-2.0-flash', input: 0.0001 }, // 1000 × 0.10 / 1e6
	];
	it.each(rows)('$model is billed as $canonical', ({ model, canonical, input }) => {
		const cost = computeCost({ model, tier: 'standard', usage: tokens({ promptTokens: 1000 }) });
		expect(cost.pricing.model).toBe(canonical);
		expect(cost.pricing.known).toBe(true);
		expect(cost.input).toBe(input);
	});
});

describe('computeCost: vendor-neutral table (seed 003, DeepSeek cache hit / miss)', () => {
	const deepseek: PriceTable = {
		version: 'test-1',
		source: 'seed 003',
		currency: 'USD',
		unit: 'per 1M tokens',
		models: [
			{ id: 'deepseek-v4-flash', standard: { input: 0.14, cacheRead: 0.028, output: 0.28 } },
		],
	};
	it('prices cache misses at input and cache hits at cacheRead', () => {
		const cost = computeCost({
			model: 'deepseek-v4-flash',
			tier: 'standard',
			usage: tokens({ promptTokens: 1000, cachedTokens: 800, outputTokens: 100 }),
			table: deepseek,
		});
		expect(cost.input).toBe(0.000028); // 200 × 0.14 / 1e6
		expect(cost.cachedInput).toBe(0.0000224); // 800 × 0.028 / 1e6
		expect(cost.output).toBe(0.000028); // 100 × 0.28 / 1e6
		expect(cost.total).toBe(0.0000784); // 0.000028 + 0.0000224 + 0.000028
		expect(cost.pricing.table).toBe('test-1');
	});
});

describe('computeCost: token counts must be whole numbers', () => {
	it.each([
		['negative', tokens({ promptTokens: -1 })],
		['fractional', tokens({ outputTokens: 1.5 })],
		['NaN', tokens({ thoughtsTokens: Number.NaN })],
	])('%s counts are refused', (_name, usage) => {
		expect(() => computeCost({ model: 'gemini-2.5-flash', tier: 'standard', usage })).toThrow(
			RangeError,
		);
	});
});

import {
	addCosts,
	addTokenCounts,
	computeCost,
	parseServiceTier,
	publicUsage,
	usageFromMetadata,
	ZERO_TOKEN_COUNTS,
} from '../../nodes/shared/pricing';
import type { Cost, ServiceTier, TokenCounts } from '../../nodes/shared/pricing';
import { tokens } from './tokens';

describe('usageFromMetadata', () => {
	it.each<[string, unknown, TokenCounts]>([
		[
			'the contract example',
			{
				promptTokenCount: 12,
				candidatesTokenCount: 40,
				thoughtsTokenCount: 17,
				totalTokenCount: 69,
			},
			tokens({ promptTokens: 12, outputTokens: 40, thoughtsTokens: 17, totalTokens: 69 }),
		],
		[
			'every field',
			{
				promptTokenCount: 1000,
				cachedContentTokenCount: 500,
				candidatesTokenCount: 100,
				thoughtsTokenCount: 50,
				toolUsePromptTokenCount: 25,
				totalTokenCount: 1175,
				promptTokensDetails: [
					{ modality: 'TEXT', tokenCount: 400 },
					{ modality: 'AUDIO', tokenCount: 600 },
				],
				cacheTokensDetails: [
					{ modality: 'TEXT', tokenCount: 300 },
					{ modality: 'AUDIO', tokenCount: 200 },
				],
				serviceTier: 'flex',
			},
			{
				promptTokens: 1000,
				cachedTokens: 500,
				outputTokens: 100,
				thoughtsTokens: 50,
				toolUsePromptTokens: 25,
				totalTokens: 1175,
				audioPromptTokens: 600,
				audioCachedTokens: 200,
				imageOutputTokens: 0,
				audioOutputTokens: 0,
				videoOutputTokens: 0,
			},
		],
		[
			'zero-valued fields omitted by the API',
			{ promptTokenCount: 5, totalTokenCount: 5 },
			tokens({ promptTokens: 5, totalTokens: 5 }),
		],
		[
			'missing totalTokenCount: prompt + candidates + toolUse + thoughts',
			{
				promptTokenCount: 10,
				candidatesTokenCount: 5,
				toolUsePromptTokenCount: 3,
				thoughtsTokenCount: 2,
			},
			tokens({
				promptTokens: 10,
				outputTokens: 5,
				toolUsePromptTokens: 3,
				thoughtsTokens: 2,
				totalTokens: 20,
			}),
		],
		[
			'totalTokenCount as reported, even if it differs from the sum',
			{ promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 16 },
			tokens({ promptTokens: 10, outputTokens: 5, totalTokens: 16 }),
		],
		[
			'several AUDIO entries add up; entries without tokenCount count 0',
			{
				promptTokenCount: 30,
				promptTokensDetails: [
					{ modality: 'AUDIO', tokenCount: 10 },
					{ modality: 'AUDIO', tokenCount: 20 },
					{ modality: 'AUDIO' },
				],
			},
			tokens({ promptTokens: 30, audioPromptTokens: 30, totalTokens: 30 }),
		],
		[
			'numeric strings accepted, unusable values are 0',
			{
				promptTokenCount: '12',
				candidatesTokenCount: -3,
				thoughtsTokenCount: 1.5,
				cachedContentTokenCount: 'x',
			},
			tokens({ promptTokens: 12, totalTokens: 12 }),
		],
		['an empty object', {}, ZERO_TOKEN_COUNTS],
		['undefined', undefined, ZERO_TOKEN_COUNTS],
		['null', null, ZERO_TOKEN_COUNTS],
		['an array', [1, 2], ZERO_TOKEN_COUNTS],
		[
			'details that are not arrays',
			{ promptTokensDetails: { modality: 'AUDIO', tokenCount: 5 } },
			ZERO_TOKEN_COUNTS,
		],
	])('%s', (_label, metadata, expected) => {
		expect(usageFromMetadata(metadata)).toEqual(expected);
	});

	it('feeds computeCost: the contract example end to end', () => {
		const usage = usageFromMetadata({
			promptTokenCount: 12,
			candidatesTokenCount: 40,
			thoughtsTokenCount: 17,
		});
		const cost = computeCost({ model: 'models/gemini-2.5-flash', tier: 'flex', usage });
		expect(publicUsage(usage)).toEqual({
			promptTokens: 12,
			cachedTokens: 0,
			outputTokens: 40,
			thoughtsTokens: 17,
			toolUsePromptTokens: 0,
			totalTokens: 69, // 12 + 40 + 17
		});
		expect(cost.input).toBe(0.0000018); // 12 × 0.15 / 1e6
		expect(cost.output).toBe(0.00007125); // 57 × 1.25 / 1e6
		expect(cost.total).toBe(0.00007305); // 0.0000018 + 0.00007125
	});
});

describe('publicUsage', () => {
	it('keeps the contract fields and drops the audio split', () => {
		const usage = tokens({
			promptTokens: 1,
			cachedTokens: 2,
			outputTokens: 3,
			thoughtsTokens: 4,
			toolUsePromptTokens: 5,
			totalTokens: 6,
			audioPromptTokens: 7,
			audioCachedTokens: 8,
		});
		expect(publicUsage(usage)).toStrictEqual({
			promptTokens: 1,
			cachedTokens: 2,
			outputTokens: 3,
			thoughtsTokens: 4,
			toolUsePromptTokens: 5,
			totalTokens: 6,
		});
	});
});

describe('addTokenCounts', () => {
	it('adds field by field', () => {
		const a = tokens({
			promptTokens: 1,
			cachedTokens: 2,
			outputTokens: 3,
			thoughtsTokens: 4,
			toolUsePromptTokens: 5,
			totalTokens: 6,
			audioPromptTokens: 7,
			audioCachedTokens: 8,
		});
		const b = tokens({
			promptTokens: 10,
			cachedTokens: 20,
			outputTokens: 30,
			thoughtsTokens: 40,
			toolUsePromptTokens: 50,
			totalTokens: 60,
			audioPromptTokens: 70,
			audioCachedTokens: 80,
		});
		expect(addTokenCounts(a, b)).toEqual({
			promptTokens: 11,
			cachedTokens: 22,
			outputTokens: 33,
			thoughtsTokens: 44,
			toolUsePromptTokens: 55,
			totalTokens: 66,
			audioPromptTokens: 77,
			audioCachedTokens: 88,
			imageOutputTokens: 0,
			audioOutputTokens: 0,
			videoOutputTokens: 0,
		});
	});

	it('ZERO_TOKEN_COUNTS is the identity', () => {
		const a = tokens({ promptTokens: 3, outputTokens: 4 });
		expect(addTokenCounts(ZERO_TOKEN_COUNTS, a)).toEqual(a);
	});
});

describe('addCosts', () => {
	// a: 2.5 flash standard, prompt 1000 (600 audio), output 100
	//    input 400 × 0.30 / 1e6 + 600 × 1.00 / 1e6 = 0.00072, output 100 × 2.50 / 1e6 = 0.00025
	const a = computeCost({
		model: 'gemini-2.5-flash',
		tier: 'standard',
		usage: tokens({ promptTokens: 1000, audioPromptTokens: 600, outputTokens: 100 }),
	});
	// b: 3 flash preview standard, prompt 7, output 3, thoughts 11
	//    input 7 × 0.50 / 1e6 = 0.0000035, output 14 × 3.00 / 1e6 = 0.000042
	const b = computeCost({
		model: 'gemini-3-flash-preview',
		tier: 'standard',
		usage: tokens({ promptTokens: 7, outputTokens: 3, thoughtsTokens: 11 }),
	});
	const unknown = computeCost({
		model: 'gpt-4o',
		tier: 'standard',
		usage: tokens({ promptTokens: 7 }),
	});

	it('sums exactly (naive 0.00097 + 0.0000455 is 0.0010155000000000001)', () => {
		expect(addCosts(a, b)).toEqual({
			currency: 'USD',
			input: 0.0007235, // 0.00072 + 0.0000035
			cachedInput: 0,
			output: 0.000292, // 0.00025 + 0.000042
			tools: 0,
			total: 0.0010155, // 0.00097 + 0.0000455
			pricing: {
				table: '2026-11-29',
				model: 'gemini-3-flash-preview', // pricing describes the last call
				tier: 'standard',
				longContext: false,
				known: true,
				pricedAs: 'gemini-3-flash-preview',
				resolvedFrom: 'model',
				validFrom: null,
				validUntil: null,
			},
		});
	});

	it.each<[string, Cost, Cost]>([
		['unknown + known', unknown, a],
		['known + unknown', a, unknown],
	])('%s is unknown', (_label, first, second) => {
		const sum = addCosts(first, second);
		expect(sum.input).toBeNull();
		expect(sum.cachedInput).toBeNull();
		expect(sum.output).toBeNull();
		expect(sum.total).toBeNull();
		expect(sum.pricing.known).toBe(false);
	});

	it('keeps long context and overridden when any call had them', () => {
		const long = computeCost({
			model: 'gemini-2.5-pro',
			tier: 'standard',
			usage: tokens({ promptTokens: 200001 }),
			override: { output: 1 },
		});
		const sum = addCosts(long, b);
		expect(sum.pricing.longContext).toBe(true);
		expect(sum.pricing.overridden).toBe(true);
		expect(sum.input).toBe(0.500006); // 200001 × 2.50 / 1e6 + 0.0000035 = 0.5000025 + 0.0000035
		expect(addCosts(a, b).pricing).not.toHaveProperty('overridden');
	});
});

describe('parseServiceTier', () => {
	it.each<[unknown, ServiceTier | undefined]>([
		['standard', 'standard'],
		['flex', 'flex'],
		['priority', 'priority'],
		['batch', 'batch'],
		['FLEX', 'flex'],
		[' Priority ', 'priority'],
		['ON_DEMAND', 'standard'],
		['ON_DEMAND_FLEX', 'flex'],
		['ON_DEMAND_PRIORITY', 'priority'],
		['', undefined],
		['turbo', undefined],
		['constructor', undefined],
		[undefined, undefined],
		[1, undefined],
	])('%p → %p', (value, tier) => {
		expect(parseServiceTier(value)).toBe(tier);
	});
});

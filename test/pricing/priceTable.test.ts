import { PRICE_TABLE } from '../../nodes/shared/pricing';
import type { ModelPrices, RateCard, TierRates } from '../../nodes/shared/pricing';

// Checks the written-out table against pricing.md's rules, in whole 1e-6 units so that
// 0.5 × and 1.8 × compare exactly.
const units = (price: number): number => Math.round(price * 1e6);

function row(id: string): ModelPrices {
	const found = PRICE_TABLE.models.find((model) => model.id === id);
	if (!found) throw new Error(`no row ${id}`);
	return found;
}

/** Cache read under flex and batch stays the standard one for these (pricing.md). */
const CACHE_READ_KEPT = ['gemini-2.5-pro', 'gemini-3-flash-preview', 'gemini-3.1-pro-preview'];

/** Every flex, batch and priority card of the table, with the standard card it derives from. */
function derivedCards(): {
	label: string;
	card: RateCard;
	standard: RateCard;
	factor: number;
	keepCacheRead: boolean;
}[] {
	const groups = PRICE_TABLE.models.flatMap((model) => [
		{ label: model.id, id: model.id, rates: model as TierRates },
		...(model.longContext
			? [{ label: `${model.id} >200k`, id: model.id, rates: model.longContext as TierRates }]
			: []),
	]);
	return groups.flatMap(({ label, id, rates }) => {
		const standard = rates.standard;
		if (!standard) throw new Error(`${label} has no standard card`);
		const keep = CACHE_READ_KEPT.includes(id);
		const derived = [
			{ tier: 'flex', card: rates.flex, factor: 0.5, keepCacheRead: keep },
			{ tier: 'batch', card: rates.batch, factor: 0.5, keepCacheRead: keep },
			{ tier: 'priority', card: rates.priority, factor: 1.8, keepCacheRead: false },
		];
		return derived.flatMap(({ tier, card, factor, keepCacheRead }) =>
			card
				? [
						{
							label: `${label} ${tier} = ${factor} × standard`,
							card,
							standard,
							factor,
							keepCacheRead,
						},
					]
				: [],
		);
	});
}

function expectScaled(
	card: RateCard,
	standard: RateCard,
	factor: number,
	keepCacheRead: boolean,
): void {
	// factor is 0.5 or 1.8: compare 10 × card with (10 × factor) × standard, all integers.
	const scaled = (price: number): number => (units(price) * Math.round(factor * 10)) / 10;
	expect(units(card.input)).toBe(scaled(standard.input));
	if (standard.output !== undefined)
		expect(units(card.output ?? Number.NaN)).toBe(scaled(standard.output));
	if (standard.cacheRead !== undefined) {
		const expected = keepCacheRead ? units(standard.cacheRead) : scaled(standard.cacheRead);
		expect(units(card.cacheRead ?? Number.NaN)).toBe(expected);
	}
	if (standard.audioInput !== undefined)
		expect(units(card.audioInput ?? Number.NaN)).toBe(scaled(standard.audioInput));
	if (standard.audioCacheRead !== undefined) {
		expect(units(card.audioCacheRead ?? Number.NaN)).toBe(scaled(standard.audioCacheRead));
	}
}

describe('PRICE_TABLE', () => {
	it('is dated and sourced', () => {
		expect(PRICE_TABLE.version).toBe('2026-06-02');
		expect(PRICE_TABLE.source).toBe(
			'https://ai.google.dev/gemini-api/docs/pricing (captured 2026-06-02)',
		);
		expect(PRICE_TABLE.currency).toBe('USD');
		expect(PRICE_TABLE.unit).toBe('per 1M tokens');
	});

	it('holds every row of pricing.md, each id once', () => {
		const ids = PRICE_TABLE.models.flatMap((model) => [model.id, ...(model.aliases ?? [])]);
		expect(new Set(ids).size).toBe(ids.length);
		expect(PRICE_TABLE.models.map((model) => model.id).sort()).toEqual(
			[
				'gemini-1.5-flash-002',
				'gemini-1.5-pro-002',
				'gemini-2.0-flash',
				'gemini-2.0-flash-lite',
				'gemini-2.5-flash',
				'gemini-2.5-flash-lite',
				'gemini-2.5-pro',
				'gemini-3-flash-preview',
				'gemini-3.1-flash-lite',
				'gemini-3.1-pro-preview',
				'gemini-3.5-flash',
				'gemini-embedding-001',
			].sort(),
		);
	});

	// The standard columns of pricing.md, copied by hand.
	it.each([
		['gemini-2.5-pro', { input: 1.25, output: 10, cacheRead: 0.125 }],
		[
			'gemini-2.5-flash',
			{ input: 0.3, output: 2.5, cacheRead: 0.03, audioInput: 1, audioCacheRead: 0.1 },
		],
		[
			'gemini-2.5-flash-lite',
			{ input: 0.1, output: 0.4, cacheRead: 0.01, audioInput: 0.3, audioCacheRead: 0.03 },
		],
		['gemini-3.1-pro-preview', { input: 2, output: 12, cacheRead: 0.2 }],
		['gemini-3-flash-preview', { input: 0.5, output: 3, cacheRead: 0.05, audioInput: 1 }],
		['gemini-3.5-flash', { input: 1.5, output: 9, cacheRead: 0.15 }],
		['gemini-3.1-flash-lite', { input: 0.25, output: 1.5, cacheRead: 0.025, audioInput: 0.5 }],
		['gemini-2.0-flash', { input: 0.1, output: 0.4, cacheRead: 0.025, audioInput: 0.7 }],
		['gemini-2.0-flash-lite', { input: 0.075, output: 0.3 }],
		['gemini-1.5-flash-002', { input: 0.075, output: 0.3 }],
		['gemini-1.5-pro-002', { input: 1.25, output: 5 }],
		['gemini-embedding-001', { input: 0.15 }],
	])('%s standard card matches pricing.md', (id, standard) => {
		expect(row(id).standard).toEqual(standard);
	});

	it.each([
		['gemini-2.5-pro', { input: 2.5, output: 15, cacheRead: 0.25 }],
		['gemini-3.1-pro-preview', { input: 4, output: 18, cacheRead: 0.4 }],
	])('%s has >200k rates from pricing.md', (id, standard) => {
		expect(row(id).longContext?.thresholdTokens).toBe(200000);
		expect(row(id).longContext?.standard).toEqual(standard);
	});

	it('has long-context rates only for 2.5 Pro and 3.1 Pro', () => {
		const withLong = PRICE_TABLE.models
			.filter((model) => model.longContext)
			.map((model) => model.id);
		expect(withLong).toEqual(['gemini-2.5-pro', 'gemini-3.1-pro-preview']);
	});

	it.each([
		['gemini-2.0-flash', ['standard', 'batch']],
		['gemini-2.0-flash-lite', ['standard', 'batch']],
		['gemini-1.5-flash-002', ['standard']],
		['gemini-1.5-pro-002', ['standard']],
		['gemini-embedding-001', ['standard', 'flex', 'batch']],
		['gemini-2.5-flash', ['standard', 'flex', 'batch', 'priority']],
	])('%s offers exactly the tiers pricing.md lists', (id, tiers) => {
		const model = row(id);
		const offered = (['standard', 'flex', 'batch', 'priority'] as const).filter(
			(tier) => model[tier],
		);
		expect(offered).toEqual(tiers);
	});

	it.each(derivedCards())('$label', ({ card, standard, factor, keepCacheRead }) => {
		expectScaled(card, standard, factor, keepCacheRead);
	});
});

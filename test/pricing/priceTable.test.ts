import { PRICE_TABLE } from '../../nodes/shared/pricing';
import type { ModelPrices, RateCard, TierRates } from '../../nodes/shared/pricing';
import { validatePriceTable } from '../../nodes/shared/pricing/userTable';

// Checks the written-out table against the pricing page's rules (flex and batch "50% discount",
// https://ai.google.dev/gemini-api/docs/optimization), in whole 1e-6 units so that 0.5 × and
// 1.8 × compare exactly.
const units = (price: number): number => Math.round(price * 1e6);

function row(id: string, from?: string): ModelPrices {
	const found = PRICE_TABLE.models.find((model) => model.id === id && model.from === from);
	if (!found) throw new Error(`no row ${id}`);
	return found;
}

/** Cache read under flex and batch stays the standard one for these (pricing page, 2026-06-02). */
const CACHE_READ_KEPT = ['gemini-2.5-pro', 'gemini-3-flash-preview', 'gemini-3.1-pro-preview'];

/** Rows whose unprinted tier prices were derived by the rule (the 2026-06-02 rows). */
const DERIVED_BY_RULE = [
	'gemini-2.5-pro',
	'gemini-2.5-flash',
	'gemini-2.5-flash-lite',
	'gemini-3.1-pro-preview',
	'gemini-3-flash-preview',
	'gemini-3.5-flash',
	'gemini-3.1-flash-lite',
	'gemini-2.0-flash',
	'gemini-2.0-flash-lite',
	'gemini-embedding-001',
];

/** Every flex, batch and priority card of those rows, with the standard card it derives from. */
function derivedCards(): {
	label: string;
	card: RateCard;
	standard: RateCard;
	factor: number;
	keepCacheRead: boolean;
}[] {
	const groups = PRICE_TABLE.models.filter((model) => DERIVED_BY_RULE.includes(model.id)).flatMap((model) => [
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
	it('is dated and sourced, every row with its source and capture date', () => {
		expect(PRICE_TABLE.version).toBe('2026-11-29');
		expect(PRICE_TABLE.currency).toBe('USD');
		expect(PRICE_TABLE.unit).toBe('per 1M tokens');
		const unsourced = PRICE_TABLE.models.filter((model) => !model.source || !/^\d{4}-\d{2}-\d{2}$/.test(model.captured ?? ''));
		expect(unsourced.map((model) => model.id)).toEqual([]);
		for (const model of PRICE_TABLE.models) expect(model.source).not.toMatch(/\/work\/|shared\/reference/);
	});

	it('is valid in the documented format, with no two rows for one model in force at once', () => {
		expect(() => validatePriceTable(JSON.parse(JSON.stringify(PRICE_TABLE)), 'built-in')).not.toThrow();
	});

	it('keeps the rows of the 2026-06-02 table (retired models still price)', () => {
		const ids = new Set(PRICE_TABLE.models.map((model) => model.id));
		for (const id of [...DERIVED_BY_RULE, 'gemini-1.5-flash-002', 'gemini-1.5-pro-002']) expect(ids.has(id)).toBe(true);
	});

	it.each([
		['gemini-3.8-flash', undefined, '2027-01-01', { input: 0.75, output: 3.75, cacheRead: 0.075 }, 0.5],
		['gemini-3.8-flash', '2027-01-01', undefined, { input: 1.5, output: 7.5, cacheRead: 0.15 }, 1.0],
		['gemini-3.7-flash', undefined, '2027-01-01', { input: 0.75, output: 3.75, cacheRead: 0.075 }, 0.5],
		['gemini-4-argon', undefined, '2026-12-01', { input: 2, output: 10, cacheRead: 0.1 }, undefined],
		['gemini-4-argon', '2026-12-01', undefined, { input: 4, output: 20, cacheRead: 0.2 }, undefined],
		['gemini-4-carbon', '2026-12-01', undefined, { input: 4, output: 20 }, undefined],
		['gemini-4-hydrogen', undefined, undefined, { input: 1.5, output: 7.5, cacheRead: 0.075 }, undefined],
		['gemini-4-neon', undefined, undefined, { input: 3, output: 15, cacheRead: 0.15 }, undefined],
		['gemini-3.5-flash-lite', undefined, undefined, { input: 0.3, output: 2.5, cacheRead: 0.03 }, undefined],
		['gemini-3-pro-image-preview', undefined, undefined, { input: 2, output: 12, imageOutput: 120 }, undefined],
		['gemini-3.8-flash-tts', undefined, '2027-01-01', { input: 0.5, audioOutput: 9 }, undefined],
		['gemini-embedding-2', undefined, undefined, { input: 0.2 }, undefined],
	])('%s from %s until %s: standard card and storage as the sources print them', (id, from, until, standard, storage) => {
		const model = row(id, from);
		expect(model.until).toBe(until);
		expect(model.standard).toEqual(standard);
		expect(model.cacheStorage).toBe(storage);
	});

	it.each([
		['gemini-3.8-flash', undefined, { input: 1.35, output: 6.75 }],
		['gemini-3.8-flash', '2027-01-01', { input: 2.7, output: 13.5 }],
		['gemini-4-hydrogen', undefined, { input: 2.7, output: 13.5 }],
		['gemini-4-neon', undefined, { input: 5.4, output: 27 }],
		['gemini-3.5-flash-lite', undefined, { input: 0.54, output: 4.5, cacheRead: 0.05 }],
	])('%s (from %s) has its own printed priority prices', (id, from, priority) => {
		expect(row(id, from).priority).toEqual(priority);
	});

	it('prices Search per query for Gemini 3 and newer, per grounded prompt for 2.5', () => {
		expect(row('gemini-3.8-flash').tools?.googleSearch).toEqual({ usd: 0.014, per: 'query' });
		expect(row('gemini-4-neon').tools?.googleSearch).toEqual({ usd: 0.014, per: 'query' });
		expect(row('gemini-2.5-flash').tools).toEqual({ googleSearch: { usd: 0.035, per: 'prompt' }, googleMaps: { usd: 0.025, per: 'prompt' } });
		expect(PRICE_TABLE.fees?.fileSearchIndexing?.usdPerMillionTokens).toBe(0.15);
	});

	it('keeps per-second and per-song prices as data', () => {
		expect(row('veo-3.1-generate-preview').perUnit).toEqual({ 'second (720p/1080p)': 0.4, 'second (4K)': 0.6 });
		expect(row('lyria-3.5').perUnit).toEqual({ song: 0.08 });
	});

	// The standard columns of the 2026-06-02 table, copied by hand.
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
	])('%s standard card is unchanged', (id, standard) => {
		expect(row(id).standard).toEqual(standard);
	});

	it.each([
		['gemini-2.5-pro', { input: 2.5, output: 15, cacheRead: 0.25 }],
		['gemini-3.1-pro-preview', { input: 4, output: 18, cacheRead: 0.4 }],
	])('%s has >200k rates', (id, standard) => {
		expect(row(id).longContext?.thresholdTokens).toBe(200000);
		expect(row(id).longContext?.standard).toEqual(standard);
	});

	it('has long-context rates only for the Pro models', () => {
		const withLong = PRICE_TABLE.models
			.filter((model) => model.longContext)
			.map((model) => model.id);
		expect(withLong.sort()).toEqual(['gemini-2.5-pro', 'gemini-3-pro-preview', 'gemini-3.1-pro-preview']);
	});

	it.each([
		['gemini-2.0-flash', ['standard', 'batch']],
		['gemini-2.0-flash-lite', ['standard', 'batch']],
		['gemini-1.5-flash-002', ['standard']],
		['gemini-1.5-pro-002', ['standard']],
		['gemini-embedding-001', ['standard', 'flex', 'batch']],
		['gemini-2.5-flash', ['standard', 'flex', 'batch', 'priority']],
	])('%s offers exactly the tiers the sources list', (id, tiers) => {
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

import { computeCost, PRICE_TABLE, resolveCallPrices } from '../../nodes/shared/pricing';
import { tokens } from './tokens';

// Expected amounts worked out by hand from the rates the sources print (USD per 1M tokens).
const MILLION_IN_AND_OUT = tokens({ promptTokens: 1_000_000, outputTokens: 1_000_000 });

describe('dated prices: the row in force when the call was made', () => {
	it.each([
		// 3.8 Flash: $0.75 / $3.75 "through December 31, 2026", $1.50 / $7.50 "starting January 1, 2027".
		['2026-11-29T12:00:00Z', 0.75, 3.75, 4.5, null, '2027-01-01'],
		['2026-12-31T23:59:59.999Z', 0.75, 3.75, 4.5, null, '2027-01-01'],
		['2027-01-01T00:00:00Z', 1.5, 7.5, 9, '2027-01-01', null],
		['2027-01-02T00:00:00Z', 1.5, 7.5, 9, '2027-01-01', null],
	])('gemini-3.8-flash at %s: input %d, output %d per 1M', (at, input, output, total, validFrom, validUntil) => {
		const cost = computeCost({ model: 'gemini-3.8-flash', tier: 'standard', usage: MILLION_IN_AND_OUT, at: new Date(at) });
		expect({ input: cost.input, output: cost.output, tools: cost.tools, total: cost.total }).toEqual({ input, output, tools: 0, total });
		expect(cost.pricing).toMatchObject({ table: '2026-11-29', known: true, pricedAs: 'gemini-3.8-flash', validFrom, validUntil });
	});

	it.each([
		['standard', '2026-11-29', 0.0015], // 1000 × 0.75 + 200 × 3.75 = 750 + 750 µ$
		['batch', '2026-11-29', 0.00075], // 1000 × 0.375 + 200 × 1.875 = 375 + 375 µ$
		['priority', '2026-11-29', 0.0027], // 1000 × 1.35 + 200 × 6.75 = 1350 + 1350 µ$
		['priority', '2027-01-02', 0.0054], // 1000 × 2.70 + 200 × 13.50 = 2700 + 2700 µ$
	] as const)('gemini-3.8-flash %s on %s: its own tier prices', (tier, day, total) => {
		const cost = computeCost({ model: 'gemini-3.8-flash', tier, usage: tokens({ promptTokens: 1000, outputTokens: 200 }), at: new Date(day) });
		expect(cost.total).toBe(total);
	});

	it('Gemini 4 Argon doubles on 2026-12-01 (input, output and cache read)', () => {
		const usage = tokens({ promptTokens: 1_000_000, cachedTokens: 500_000, outputTokens: 100_000 });
		const before = computeCost({ model: 'gemini-4-argon', tier: 'standard', usage, at: new Date('2026-11-30T23:59:59Z') });
		const after = computeCost({ model: 'gemini-4-argon', tier: 'standard', usage, at: new Date('2026-12-01T00:00:00Z') });
		// 500k uncached × 2 = $1; 500k cached × 0.10 = $0.05; 100k × 10 = $1.
		expect([before.input, before.cachedInput, before.output, before.total]).toEqual([1, 0.05, 1, 2.05]);
		expect([after.input, after.cachedInput, after.output, after.total]).toEqual([2, 0.1, 2, 4.1]);
		expect(after.pricing.validFrom).toBe('2026-12-01');
	});

	it('a tier printed only before a date is unknown after it (Argon batch)', () => {
		const usage = tokens({ promptTokens: 1000 });
		expect(computeCost({ model: 'gemini-4-argon', tier: 'batch', usage, at: new Date('2026-11-29') }).total).toBe(0.001);
		expect(computeCost({ model: 'gemini-4-argon', tier: 'batch', usage, at: new Date('2026-12-02') }).total).toBeNull();
	});

	it('a model before its first row is unknown', () => {
		const cost = computeCost({ model: 'gemini-3.6-flash', tier: 'standard', usage: tokens({ promptTokens: 1 }), at: new Date('2026-07-01') });
		expect(cost.total).toBeNull();
		expect(cost.pricing.known).toBe(false);
	});

	it('defaults to now', () => {
		const now = computeCost({ model: 'gemini-2.5-flash', tier: 'standard', usage: tokens({ promptTokens: 10 }) });
		expect(now.total).toBe(0.000003);
	});
});

describe('aliases and versions: the response modelVersion prices an id the table lacks', () => {
	const usage = tokens({ promptTokens: 1_000_000, outputTokens: 1_000_000 });
	const at = new Date('2026-11-29');

	it('gemini-flash-lite-latest answered by gemini-3.1-flash-lite is priced as 3.1 Flash-Lite', () => {
		const cost = computeCost({ model: 'gemini-flash-lite-latest', tier: 'standard', usage, at, modelVersion: 'gemini-3.1-flash-lite' });
		expect([cost.input, cost.output, cost.total]).toEqual([0.25, 1.5, 1.75]);
		expect(cost.pricing).toMatchObject({ known: true, model: 'gemini-3.1-flash-lite', pricedAs: 'gemini-3.1-flash-lite', resolvedFrom: 'modelVersion' });
	});

	it('without a modelVersion the alias stays unknown', () => {
		const cost = computeCost({ model: 'models/gemini-flash-lite-latest', tier: 'standard', usage, at });
		expect(cost.total).toBeNull();
		expect(cost.pricing).toMatchObject({ known: false, model: 'gemini-flash-lite-latest' });
		expect(cost.pricing).not.toHaveProperty('pricedAs');
	});

	it('an id newer than the table is priced by a modelVersion the table knows (snapshot suffix too)', () => {
		const cost = computeCost({ model: 'gemini-9-flash', tier: 'standard', usage, at, modelVersion: 'gemini-2.5-flash-001' });
		expect(cost.total).toBe(2.8); // 0.30 + 2.50
		expect(cost.pricing).toMatchObject({ pricedAs: 'gemini-2.5-flash', resolvedFrom: 'modelVersion' });
	});

	it('the requested id wins when the table prices it', () => {
		const cost = computeCost({ model: 'gemini-2.5-pro', tier: 'standard', usage, at, modelVersion: 'gemini-2.5-flash' });
		expect(cost.pricing).toMatchObject({ pricedAs: 'gemini-2.5-pro', resolvedFrom: 'model' });
	});

	it('a -latest alias whose modelVersion is unknown falls back to the id without -latest', () => {
		expect(resolveCallPrices('gemini-1.5-flash-latest', 'gemini-1.5-flash-xyz', PRICE_TABLE, at)).toMatchObject({
			prices: { id: 'gemini-1.5-flash-002' },
			resolvedFrom: 'model',
		});
	});

	it('a tuned model stays unknown whatever its modelVersion says', () => {
		const cost = computeCost({ model: 'tunedModels/mine', tier: 'standard', usage, at, modelVersion: 'gemini-2.5-flash' });
		expect(cost.total).toBeNull();
	});
});

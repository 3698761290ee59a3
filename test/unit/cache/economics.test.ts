import { cacheEconomics } from '../../../nodes/shared/cache/economics';
import { cacheMinimumTokens } from '../../../nodes/shared/cache/minimums';

const AT = new Date('2026-11-29T12:00:00Z');

describe('cacheEconomics: creation, storage and break-even at the model prices', () => {
	it('2.5 Flash, 100,000 tokens kept 1 hour', () => {
		// input $0.30, cache read $0.03, storage $1.00 per 1M tokens per hour:
		// creation 100k × 0.30 / 1M = $0.03; storage 100k × 1.00 / 1M × 1 h = $0.10;
		// a read $0.003, sending it again $0.03: each request saves $0.027;
		// fixed $0.13 / $0.027 = 4.81… → the 5th request makes it pay.
		const e = cacheEconomics({ model: 'gemini-2.5-flash', cachedTokens: 100_000, hours: 1, at: AT });
		expect(e.creationUsd).toBe(0.03);
		expect(e.storagePerHourUsd).toBe(0.1);
		expect(e.storageUsd).toBe(0.1);
		expect(e.fixedUsd).toBe(0.13);
		expect(e.readPerRequestUsd).toBe(0.003);
		expect(e.uncachedPerRequestUsd).toBe(0.03);
		expect(e.breakEvenRequests).toBe(5);
		expect(e.pricing).toMatchObject({ model: 'gemini-2.5-flash', input: 0.3, cacheRead: 0.03, storagePerMillionTokensHour: 1 });
	});

	it('2.5 Pro, 10,000 tokens for 6 minutes (storage prorated)', () => {
		// creation 10k × 1.25 / 1M = $0.0125; storage 10k × 4.50 / 1M × 0.1 h = $0.0045; fixed $0.017;
		// saving per request 10k × (1.25 − 0.125) / 1M = $0.01125; 0.017 / 0.01125 = 1.51 → 2.
		const e = cacheEconomics({ model: 'gemini-2.5-pro', cachedTokens: 10_000, hours: 0.1, at: AT });
		expect(e.creationUsd).toBe(0.0125);
		expect(e.storageUsd).toBe(0.0045);
		expect(e.breakEvenRequests).toBe(2);
	});

	it('uses the long-context card above 200k tokens (2.5 Pro: input $2.50, read $0.25)', () => {
		const e = cacheEconomics({ model: 'gemini-2.5-pro', cachedTokens: 400_000, hours: 1, at: AT });
		expect(e.creationUsd).toBe(1);
		expect(e.readPerRequestUsd).toBe(0.1);
		// fixed 1 + 400k × 4.5 / 1M = 2.8; saving 0.9 per request; 2.8 / 0.9 = 3.11 → 4.
		expect(e.breakEvenRequests).toBe(4);
	});

	it('a model without a storage price has an unknown fixed cost and break-even, never 0', () => {
		const e = cacheEconomics({ model: 'gemini-fake-experimental', cachedTokens: 5000, hours: 1, at: AT });
		expect(e.creationUsd).toBeNull();
		expect(e.storageUsd).toBeNull();
		expect(e.fixedUsd).toBeNull();
		expect(e.breakEvenRequests).toBeNull();
	});
});

describe('cacheMinimumTokens', () => {
	it.each([
		['gemini-2.5-flash', 1024],
		['models/gemini-2.5-pro', 4096],
		['gemini-2.5-flash-lite', 2048],
		['gemini-some-new-model', 4096],
	])('%s → %i', (model, minimum) => {
		expect(cacheMinimumTokens(model)).toBe(minimum);
	});
});

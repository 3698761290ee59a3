import type { INodeExecutionData } from 'n8n-workflow';

import { annotateSharedContext, oneOffCost, uncachedTotal } from '../../../nodes/shared/cache/sharedCosts';
import { decideSharedCache } from '../../../nodes/shared/cache/sharedDecision';
import type { SharedRunReport } from '../../../nodes/shared/cache/sharedContext';
import { PRICE_TABLE } from '../../../nodes/shared/pricing';

const AT = new Date('2026-11-29T12:00:00Z');
const table = PRICE_TABLE;

describe('decideSharedCache', () => {
	it('caches when the items reach the break-even (100k tokens on 2.5 Flash pay from 5 requests)', () => {
		expect(decideSharedCache({ model: 'gemini-2.5-flash', tokens: 100_000, items: 5, hours: 1, table, at: AT })).toMatchObject({ cache: true, tokens: 100_000 });
		const four = decideSharedCache({ model: 'gemini-2.5-flash', tokens: 100_000, items: 4, hours: 1, table, at: AT });
		expect(four.cache).toBe(false);
		expect(four.reason).toContain('pays from 5 requests');
	});

	it('does not cache under the model minimum, nor without a count or a price', () => {
		expect(decideSharedCache({ model: 'gemini-2.5-pro', tokens: 4095, items: 100, hours: 1, table, at: AT }).reason).toContain('minimum of 4096');
		expect(decideSharedCache({ model: 'gemini-2.5-flash', tokens: undefined, items: 100, hours: 1, table, at: AT }).cache).toBe(false);
		expect(decideSharedCache({ model: 'gemini-fake-experimental', tokens: 50_000, items: 100, hours: 1, table, at: AT }).reason).toContain('no known cache price');
	});
});

describe('per-item shared-context costs', () => {
	const cost = { total: 0.0030855, cachedInput: 0.003, pricing: { model: 'gemini-2.5-flash', tier: 'standard' as const, longContext: false } };

	it('uncachedTotal bills the cached tokens at the input price instead: 0.0030855 − 0.003 + 100,000 × $0.30 / 1M', () => {
		expect(uncachedTotal(cost, 100_000, table, AT)).toBe(0.0300855);
		expect(uncachedTotal({ ...cost, total: null }, 100_000, table, AT)).toBeNull();
	});

	const report: SharedRunReport = {
		decision: { cache: true, reason: 'Cached once for the run.', tokens: 100_000 },
		cache: { name: 'cachedContents/x', usageMetadata: { totalTokenCount: 100_000 } },
		createdAt: new Date('2026-11-29T12:00:00Z'),
		endedAt: new Date('2026-11-29T12:06:00Z'),
		deleted: true,
		warnings: [],
	};

	it('oneOffCost: creation $0.03 + storage for 6 minutes (100k × $1.00 / 1M × 0.1 h = $0.01)', () => {
		expect(oneOffCost(report, 'gemini-2.5-flash', table)).toEqual({ creation: 0.03, storage: 0.01, storageHours: 0.1, total: 0.04 });
	});

	it('annotate: the one-off goes on the first item that has a cost, into its total; error items are skipped', () => {
		const items: INodeExecutionData[] = [
			{ json: { error: 'boom' } },
			{ json: { usage: { cachedTokens: 100_000 }, cost: { ...cost, pricing: { ...cost.pricing } } } },
			{ json: { usage: { cachedTokens: 100_000 }, cost: { ...cost, pricing: { ...cost.pricing } } } },
		];
		annotateSharedContext(items, report, 'gemini-2.5-flash', table, AT);
		expect(items[0].json.caching).toBeUndefined();
		expect((items[1].json.cost as { total: number }).total).toBe(0.0430855);
		expect(items[1].json.caching).toMatchObject({ source: 'sharedContext', cachedTokens: 100_000, cacheReadCost: 0.003, uncachedTotal: 0.0300855, callTotal: 0.0030855 });
		expect((items[2].json.cost as { total: number }).total).toBe(0.0030855);
		expect(items[2].json.caching).not.toHaveProperty('runOneOff');
	});
});

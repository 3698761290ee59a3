import { summarizeCosts, nearestRank } from '../../../nodes/shared/governance/summarize';
import { costItem } from './costItems';

/** Exact decimal sum of amounts given as JS numbers, via BigInt picodollars. */
function exactSum(values: number[]): bigint {
	return values.reduce((sum, v) => sum + BigInt(Math.round(v * 1e12)), 0n);
}

const usdOf = (json: Record<string, unknown>) => (json.cost as { total: number | null }).total;

describe('summarizeCosts', () => {
	// Amounts that do not add up exactly as doubles: 0.1-style fractions of a cent.
	const generate = [costItem('gemini-2.5-flash', 'standard', 1237, 411), costItem('gemini-2.5-flash', 'flex', 997, 3), costItem('gemini-2.5-pro', 'standard', 12, 40)];
	const extract = [costItem('gemini-2.5-flash', 'standard', 3331, 77, 1024)];
	const unknown = { ...costItem('gemini-2.5-flash', 'standard', 10, 10), cost: { currency: 'USD', input: null, cachedInput: null, output: null, tools: null, total: null, pricing: { model: 'my-tuned', tier: 'standard', known: false } } };
	const inputs = [
		...generate.map((json) => ({ json, source: 'Gemini Generate' })),
		...extract.map((json) => ({ json, source: 'Gemini Extract' })),
		{ json: unknown, source: 'Gemini Generate' },
		{ json: { hello: 'no usage here' }, source: 'Set' },
	];

	it('totals equal the sum of the items’ costs to the last digit', () => {
		const summary = summarizeCosts(inputs);
		const priced = [...generate, ...extract].map((json) => usdOf(json)!);
		expect(BigInt(Math.round(summary.cost.total * 1e12))).toBe(exactSum(priced));
		// The naive float sum is not what we report when it drifts.
		expect(summary.cost.total).toBe(Number(exactSum(priced)) / 1e12);
		const parts = ['input', 'cachedInput', 'output'] as const;
		const partSum = parts.reduce((sum, part) => sum + BigInt(Math.round(summary.cost[part] * 1e12)), 0n);
		expect(partSum).toBe(exactSum(priced));
	});

	it('stays exact over many items where a float sum drifts', () => {
		const many = Array.from({ length: 60 }, (_, i) => costItem(i % 3 ? 'gemini-2.5-flash' : 'gemini-2.5-flash-lite', i % 2 ? 'flex' : 'standard', 37 * i + 11, 13 * i + 7));
		const totals = many.map((json) => usdOf(json)!);
		const naive = totals.reduce((sum, value) => sum + value, 0);
		const exact = Number(exactSum(totals)) / 1e12;
		expect(naive).not.toBe(exact); // the data does exercise the drift
		const summary = summarizeCosts(many.map((json) => ({ json, source: 'Gemini Generate' })));
		expect(summary.cost.total).toBe(exact);
		expect(summary.byTier.flex.cost.total + summary.byTier.standard.cost.total).toBeCloseTo(exact, 15);
	});

	it('counts items, unknown-priced items and items without usage', () => {
		const summary = summarizeCosts(inputs);
		expect(summary.inputItems).toBe(6);
		expect(summary.calls).toBe(5);
		expect(summary.items).toBe(5);
		expect(summary.unknownPricedItems).toBe(1);
		expect(summary.itemsWithoutUsage).toBe(1);
		expect(summary.tokens.promptTokens).toBe(1237 + 997 + 12 + 3331 + 10);
		expect(summary.tokens.cachedTokens).toBe(1024);
	});

	it('groups by model, served tier and source node', () => {
		const summary = summarizeCosts(inputs);
		expect(Object.keys(summary.byModel).sort()).toEqual(['gemini-2.5-flash', 'gemini-2.5-pro', 'my-tuned']);
		expect(summary.byModel['gemini-2.5-pro'].cost.total).toBe(usdOf(generate[2]));
		expect(summary.byModel['gemini-2.5-flash'].items).toBe(3);
		expect(summary.byTier.flex.cost.total).toBe(usdOf(generate[1]));
		expect(summary.byTier.standard.items).toBe(4);
		expect(summary.bySourceNode['Gemini Extract'].cost.total).toBe(usdOf(extract[0]));
		expect(summary.bySourceNode['Gemini Generate'].items).toBe(4);
		expect(summary.bySourceNode['Gemini Generate'].unknownPricedItems).toBe(1);
		expect(summary.bySourceNode.Set).toBeUndefined();
	});

	it('gives average and nearest-rank p95 over priced items', () => {
		const summary = summarizeCosts(inputs);
		const totals = [...generate, ...extract].map((json) => usdOf(json)!).sort((a, b) => a - b);
		expect(summary.p95CostPerItem).toBe(totals[3]);
		expect(summary.averageCostPerItem).toBe(Math.round(Number(exactSum(totals)) / 4) / 1e12);
		expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 95)).toBe(19);
	});

	it('projects per day and per 30-day month', () => {
		const summary = summarizeCosts(inputs, { runsPerDay: 24 });
		const total = BigInt(Math.round(summary.cost.total * 1e12));
		expect(summary.projection).toEqual({ runsPerDay: 24, daysPerMonth: 30, perDay: Number(total * 24n) / 1e12, perMonth: Number(total * 720n) / 1e12 });
		expect(summarizeCosts(inputs).projection).toBeUndefined();
	});

	it('has null average and p95 when nothing is priced', () => {
		const summary = summarizeCosts([{ json: { a: 1 }, source: 'Set' }]);
		expect(summary).toMatchObject({ items: 0, itemsWithoutUsage: 1, averageCostPerItem: null, p95CostPerItem: null });
		expect(summary.cost.total).toBe(0);
	});
});

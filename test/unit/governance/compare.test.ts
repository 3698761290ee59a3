import { compareCosts, sameGenerationModels } from '../../../nodes/shared/governance/compare';
import { compareTable, summaryTable } from '../../../nodes/shared/governance/table';
import { summarizeCosts } from '../../../nodes/shared/governance/summarize';
import { computeCost, PRICE_TABLE } from '../../../nodes/shared/pricing';
import { costItem } from './costItems';

const AT = new Date('2026-11-29T12:00:00Z');

describe('compareCosts', () => {
	const items = [costItem('gemini-2.5-flash', 'standard', 1237, 411), costItem('gemini-2.5-flash', 'standard', 997, 3, 512), { note: 'no usage' }];

	it('defaults to the current model on every tier plus the same generation', () => {
		const rows = compareCosts(items, undefined, PRICE_TABLE, AT);
		expect(rows.map((row) => `${row.model}/${row.tier}`)).toEqual([
			'gemini-2.5-flash/standard',
			'gemini-2.5-flash/flex',
			'gemini-2.5-flash/priority',
			'gemini-2.5-flash/batch',
			'gemini-2.5-flash-lite/standard',
			'gemini-2.5-pro/standard',
		]);
		expect(rows.every((row) => row.whatIf && /what-if/i.test(row.note))).toBe(true);
		expect(rows.find((row) => row.current)).toMatchObject({ model: 'gemini-2.5-flash', tier: 'standard', ratioToPaid: 1 });
	});

	it('prices Flex at half the Standard cost of the same tokens (no cache)', () => {
		const uncached = [costItem('gemini-2.5-flash', 'standard', 1237, 411), costItem('gemini-2.5-flash', 'standard', 5, 3001)];
		const rows = compareCosts(uncached, undefined, PRICE_TABLE, AT);
		const standard = rows.find((row) => row.tier === 'standard' && row.model === 'gemini-2.5-flash')!;
		const flex = rows.find((row) => row.tier === 'flex')!;
		expect(BigInt(Math.round(flex.total! * 1e12)) * 2n).toBe(BigInt(Math.round(standard.total! * 1e12)));
		expect(flex.ratioToPaid).toBe(0.5);
	});

	it('prices every row with the engine over the same token counts', () => {
		const rows = compareCosts(items, { models: ['gemini-2.5-pro'], tiers: ['priority'] }, PRICE_TABLE, AT);
		expect(rows).toHaveLength(1);
		const expected = [
			{ p: 1237, c: 0, o: 411 },
			{ p: 997, c: 512, o: 3 },
		].reduce((sum, t) => {
			const usage = { promptTokens: t.p, cachedTokens: t.c, outputTokens: t.o, thoughtsTokens: 0, toolUsePromptTokens: 0, totalTokens: t.p + t.o, audioPromptTokens: 0, audioCachedTokens: 0 };
			return sum + BigInt(Math.round(computeCost({ model: 'gemini-2.5-pro', tier: 'priority', usage, at: AT }).total! * 1e12));
		}, 0n);
		expect(BigInt(Math.round(rows[0].total! * 1e12))).toBe(expected);
		expect(rows[0].items).toBe(2);
		expect(rows[0].current).toBe(false);
	});

	it('reports an unpriced option as null, never 0', () => {
		const [row] = compareCosts(items, { models: ['no-such-model'], tiers: [] }, PRICE_TABLE, AT);
		expect(row).toMatchObject({ model: 'no-such-model', tier: 'standard', total: null, ratioToPaid: null });
	});

	it('finds the newest Flash-Lite, Flash and Pro of a generation', () => {
		expect(sameGenerationModels('gemini-2.5-flash', PRICE_TABLE, AT)).toEqual(['gemini-2.5-flash-lite', 'gemini-2.5-flash', 'gemini-2.5-pro']);
		expect(sameGenerationModels('my-model', PRICE_TABLE, AT)).toEqual([]);
	});
});

describe('tables', () => {
	it('renders Markdown and escaped HTML with plain decimals', () => {
		const items = [costItem('gemini-2.5-flash', 'standard', 3, 0)];
		const summary = summarizeCosts(items.map((json) => ({ json, source: 'A <b>' })));
		const markdown = summaryTable(summary, 'markdown');
		expect(markdown).toContain('| Total | 1 | 3 | $0.0000009 |');
		expect(summaryTable(summary, 'html')).toContain('<td>Node: A &#60;b&#62;</td>');
		const rows = compareCosts(items, undefined, PRICE_TABLE, AT);
		expect(compareTable(rows, 'markdown')).toContain('| gemini-2.5-flash | flex | $0.00000045 | 0.50× |');
	});
});

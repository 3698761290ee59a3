import { normalizeModelId, PRICE_TABLE, resolvePricedModel } from '../../nodes/shared/pricing';
import type { PriceTable } from '../../nodes/shared/pricing';

describe('resolvePricedModel: ids that resolve to a table row', () => {
	it.each([
		['gemini-2.5-flash', 'gemini-2.5-flash'],
		['models/gemini-2.5-flash', 'gemini-2.5-flash'],
		['  models/gemini-2.5-pro  ', 'gemini-2.5-pro'],
		['gemini-2.5-flash-lite', 'gemini-2.5-flash-lite'], // never its bigger sibling
		['gemini-3-flash-preview', 'gemini-3-flash-preview'], // a preview id of its own
		['models/gemini-3.1-pro-preview', 'gemini-3.1-pro-preview'],
		['gemini-3.5-flash', 'gemini-3.5-flash'],
		['gemini-3.1-flash-lite', 'gemini-3.1-flash-lite'],
		['gemini-embedding-001', 'gemini-embedding-001'], // exact id wins over suffix stripping
		['gemini-1.5-flash-002', 'gemini-1.5-flash-002'],
		['gemini-1.5-flash', 'gemini-1.5-flash-002'], // alias
		['gemini-1.5-flash-latest', 'gemini-1.5-flash-002'], // -latest → alias
		['gemini-1.5-flash-001', 'gemini-1.5-flash-002'], // -001 → alias (seed 001: same price)
		['gemini-1.5-pro', 'gemini-1.5-pro-002'],
		['gemini-2.5-flash-001', 'gemini-2.5-flash'],
		['gemini-2.0-flash-001', 'gemini-2.0-flash'],
		['gemini-2.0-flash-lite-001', 'gemini-2.0-flash-lite'],
		['gemini-2.5-flash-preview-09-2025', 'gemini-2.5-flash'],
		['models/gemini-2.5-flash-lite-preview-09-2025', 'gemini-2.5-flash-lite'],
		['gemini-2.5-pro-exp-03-25', 'gemini-2.5-pro'],
		['gemini-2.0-flash-exp-1206', 'gemini-2.0-flash'],
	])('%s → %s', (modelId, canonical) => {
		expect(resolvePricedModel(modelId)?.id).toBe(canonical);
	});
});

describe('resolvePricedModel: ids the table does not price are unknown, never guessed', () => {
	it.each([
		['tunedModels/my-model-123'],
		['tunedModels/gemini-2.5-flash-001'], // tuned: own terms even when the name looks known
		['gemini-3-flash'], // GA id not in the table is not mapped to the preview row
		['gemini-3.1-pro'],
		['gemini-2.5-flash-preview'], // bare -preview is not stripped
		['gemini-2.5-flash-preview-05-20'], // -preview-MM-DD: early previews priced differently
		['gemini-2.5-flash-exp'], // bare -exp is not stripped
		['gemini-2.5-flash-8b'],
		['gemini-1.5-flash-8b-001'],
		['gemini-flash-latest'], // a moving alias
		['gemini-2.5-flash-002-latest'], // only one suffix is stripped
		['gpt-4o'],
		['models/'],
		[''],
	])('%s → undefined', (modelId) => {
		expect(resolvePricedModel(modelId)).toBeUndefined();
	});
});

describe('resolvePricedModel: uses the table it is given', () => {
	const table: PriceTable = {
		...PRICE_TABLE,
		models: [
			{ id: 'vendor-model', aliases: ['vendor-model-stable'], standard: { input: 1, output: 2 } },
		],
	};
	it.each([
		['vendor-model', 'vendor-model'],
		['models/vendor-model-stable', 'vendor-model'],
		['vendor-model-001', 'vendor-model'],
	])('%s → %s', (modelId, canonical) => {
		expect(resolvePricedModel(modelId, table)?.id).toBe(canonical);
	});
	it('does not fall back to the default table', () => {
		expect(resolvePricedModel('gemini-2.5-flash', table)).toBeUndefined();
	});
});

describe('normalizeModelId', () => {
	it.each([
		['models/gemini-2.5-flash', 'gemini-2.5-flash'],
		[' gemini-2.5-flash ', 'gemini-2.5-flash'],
		['tunedModels/abc', 'tunedModels/abc'],
		['gemini-2.5-flash-001', 'gemini-2.5-flash-001'], // only the prefix goes
	])('%s → %s', (modelId, normalized) => {
		expect(normalizeModelId(modelId)).toBe(normalized);
	});
});

import { buildOutputItem, meterUsage, MISSING_USAGE_WARNING, sumMetered, type OutputItemInput } from '../../../nodes/shared/output/buildOutputItem';
import { computeCost } from '../../../nodes/shared/pricing';
import type { MappedResponse } from '../../../nodes/shared/response/mapGenerateResponse';

const CONTRACT_KEYS = [
	'text',
	'finishReason',
	'model',
	'modelVersion',
	'responseId',
	'serviceTier',
	'usage',
	'cost',
	'safety',
	'latencyMs',
	'warnings',
];

/** The contract example's usage: prompt 12, output 40, thoughts 17. */
const usageMetadata = {
	promptTokenCount: 12,
	candidatesTokenCount: 40,
	thoughtsTokenCount: 17,
	totalTokenCount: 69,
	promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
	serviceTier: 'flex',
};

function response(overrides: Partial<MappedResponse> = {}): MappedResponse {
	return {
		text: 'Hello.',
		finishReason: 'STOP',
		modelVersion: 'gemini-2.5-flash-001',
		responseId: 'resp-1',
		safety: { blocked: false, blockReason: null, ratings: [] },
		usageMetadata,
		parts: {},
		files: [],
		warnings: [],
		...overrides,
	};
}

function input(overrides: Partial<OutputItemInput> = {}): OutputItemInput {
	return {
		model: 'gemini-2.5-flash',
		response: response(),
		requestedTier: 'flex',
		servedTier: 'flex',
		metered: meterUsage({ model: 'gemini-2.5-flash', servedTier: 'flex', usageMetadata }),
		latencyMs: 412,
		warnings: [],
		...overrides,
	};
}

describe('meterUsage', () => {
	it('prices the contract example: gemini-2.5-flash on flex costs 0.00007305 USD', () => {
		const { usage, cost } = meterUsage({ model: 'gemini-2.5-flash', servedTier: 'flex', usageMetadata });

		expect(usage).toMatchObject({ promptTokens: 12, cachedTokens: 0, outputTokens: 40, thoughtsTokens: 17, totalTokens: 69 });
		expect(cost.input).toBe(0.0000018);
		expect(cost.cachedInput).toBe(0);
		expect(cost.output).toBe(0.00007125);
		expect(cost.total).toBe(0.00007305);
		expect(cost.pricing).toMatchObject({ model: 'gemini-2.5-flash', tier: 'flex', longContext: false, known: true });
	});

	it('is exactly what computeCost gives for the same counts and served tier', () => {
		const { usage, cost } = meterUsage({ model: 'models/gemini-2.5-flash', servedTier: 'priority', usageMetadata });

		expect(cost).toEqual(computeCost({ model: 'models/gemini-2.5-flash', tier: 'priority', usage }));
		expect(cost.pricing.tier).toBe('priority');
	});

	it('bills the tier it is given, not the one in usageMetadata', () => {
		const standard = meterUsage({ model: 'gemini-2.5-flash', servedTier: 'standard', usageMetadata });

		expect(standard.cost.total).toBe(0.0001461);
		expect(standard.cost.pricing.tier).toBe('standard');
	});

	it('applies a price override', () => {
		const { cost } = meterUsage({
			model: 'gemini-2.5-flash',
			servedTier: 'flex',
			usageMetadata,
			priceOverride: { input: 1, output: 2 },
		});

		// The override is the Standard price; served on Flex it is halved (flex 0.15 / standard 0.30):
		// 12 × 0.5 / 1e6 and (40 + 17) × 1 / 1e6.
		expect(cost.input).toBe(0.000006);
		expect(cost.output).toBe(0.000057);
		expect(cost.pricing.overridden).toBe(true);
	});

	it('gives a null cost, not 0, for a model the table does not know', () => {
		const { cost } = meterUsage({ model: 'gemini-9-ultra', servedTier: 'standard', usageMetadata });

		expect(cost.total).toBeNull();
		expect(cost.pricing.known).toBe(false);
	});

	it.each([
		['absent', undefined],
		['empty', {}],
	])('gives an unknown cost (null, known false) and a warning when usageMetadata is %s, never a known 0', (_name, missing) => {
		const { usage, cost, warnings } = meterUsage({ model: 'gemini-2.5-flash', servedTier: 'standard', usageMetadata: missing, priceOverride: { input: 1 } });

		expect(usage.totalTokens).toBe(0);
		expect(cost).toEqual({
			currency: 'USD',
			input: null,
			cachedInput: null,
			output: null,
			tools: null,
			total: null,
			pricing: {
				table: cost.pricing.table,
				model: 'gemini-2.5-flash',
				tier: 'standard',
				longContext: false,
				known: false,
				pricedAs: 'gemini-2.5-flash',
				resolvedFrom: 'model',
				validFrom: null,
				validUntil: null,
			},
		});
		expect(warnings).toEqual([MISSING_USAGE_WARNING]);
	});

	it('a blocked prompt that reports only prompt tokens is priced', () => {
		const { cost, warnings } = meterUsage({ model: 'gemini-2.5-flash', servedTier: 'standard', usageMetadata: { promptTokenCount: 10, totalTokenCount: 10 } });

		expect(cost.pricing.known).toBe(true);
		expect(cost.total).toBe(0.000003);
		expect(warnings).toBeUndefined();
	});

	it('the item says why its cost is unknown, once, also when several calls are summed', () => {
		const missing = meterUsage({ model: 'gemini-2.5-flash', servedTier: 'standard', usageMetadata: undefined });
		const known = meterUsage({ model: 'gemini-2.5-flash', servedTier: 'standard', usageMetadata });
		const summed = sumMetered([missing, known, missing]);
		expect(summed.cost.total).toBeNull();
		const item = buildOutputItem(input({ metered: summed, warnings: ['dropped a penalty'] }));
		expect(item.warnings).toEqual(['dropped a penalty', MISSING_USAGE_WARNING]);
	});
});

describe('buildOutputItem', () => {
	it('has exactly the contract\'s keys, in the contract\'s order', () => {
		expect(Object.keys(buildOutputItem(input()))).toEqual(CONTRACT_KEYS);
	});

	it('fills each key from the response, the tiers and the meter', () => {
		const metered = meterUsage({ model: 'gemini-2.5-flash', servedTier: 'flex', usageMetadata });
		const item = buildOutputItem(input({ requestedTier: 'priority', metered, warnings: ['dropped a penalty'] }));

		expect(item.text).toBe('Hello.');
		expect(item.finishReason).toBe('STOP');
		expect(item.model).toBe('gemini-2.5-flash');
		expect(item.modelVersion).toBe('gemini-2.5-flash-001');
		expect(item.responseId).toBe('resp-1');
		expect(item.serviceTier).toEqual({ requested: 'priority', served: 'flex' });
		// 2.5 Flash on Flex: 12 × $0.15 + (40 + 17) × $1.25 per 1M tokens = $0.00007305.
		expect(item.cost).toEqual({ ...metered.cost, totalDecimal: '0.00007305' });
		expect(Object.keys(item.cost as object)).toEqual(['currency', 'input', 'cachedInput', 'output', 'tools', 'total', 'totalDecimal', 'pricing']);
		expect(item.safety).toEqual({ blocked: false, blockReason: null, ratings: [] });
		expect(item.latencyMs).toBe(412);
		expect(item.warnings).toEqual(['dropped a penalty']);
	});

	it('shows the six public usage counts and not the internal audio split', () => {
		expect(buildOutputItem(input()).usage).toEqual({
			promptTokens: 12,
			cachedTokens: 0,
			outputTokens: 40,
			thoughtsTokens: 17,
			toolUsePromptTokens: 0,
			totalTokens: 69,
		});
	});

	it('uses null for a missing model version and response id', () => {
		const item = buildOutputItem(input({ response: response({ modelVersion: undefined, responseId: undefined }) }));

		expect(item.modelVersion).toBeNull();
		expect(item.responseId).toBeNull();
		expect(Object.keys(item)).toEqual(CONTRACT_KEYS);
	});

	it('adds thoughts and raw after the contract keys only when present', () => {
		const raw = { candidates: [] };
		const item = buildOutputItem(input({ response: response({ thoughts: 'Thinking…' }), raw }));

		expect(Object.keys(item)).toEqual([...CONTRACT_KEYS, 'thoughts', 'raw']);
		expect(item.thoughts).toBe('Thinking…');
		expect(item.raw).toBe(raw);
	});

	it('keeps an empty thought summary', () => {
		expect(buildOutputItem(input({ response: response({ thoughts: '' }) }))).toHaveProperty('thoughts', '');
	});

	it('places node-specific fields right after text', () => {
		const item = buildOutputItem(input({ extra: { chunks: 3, timeToFirstTokenMs: 120 } }));

		expect(Object.keys(item).slice(0, 4)).toEqual(['text', 'chunks', 'timeToFirstTokenMs', 'finishReason']);
	});

	it('reports a blocked prompt as an item with its usage and cost', () => {
		const safety = { blocked: true, blockReason: 'SAFETY', ratings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH' }] };
		const blockedUsage = { promptTokenCount: 9, totalTokenCount: 9 };
		const item = buildOutputItem(
			input({
				response: response({ text: '', finishReason: null, safety, usageMetadata: blockedUsage }),
				metered: meterUsage({ model: 'gemini-2.5-flash', servedTier: 'standard', usageMetadata: blockedUsage }),
			}),
		);

		expect(item.safety).toEqual(safety);
		expect(item.text).toBe('');
		expect(item.finishReason).toBeNull();
		expect(item.usage).toMatchObject({ promptTokens: 9, totalTokens: 9 });
		expect((item.cost as { total: number }).total).toBe(0.0000027);
	});
});

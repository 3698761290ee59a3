import { cacheStorageCost, computeCost, usageFromMetadata } from '../../nodes/shared/pricing';
import type { ToolUse } from '../../nodes/shared/response/toolUse';
import { tokens } from './tokens';

// Every amount worked out by hand from the rates the sources print (USD per 1M tokens; tool fees
// USD per query or grounded prompt).
const AT = new Date('2026-11-29T12:00:00Z');

describe('output by modality (candidatesTokensDetails)', () => {
	it.each([
		{
			label: '3 Pro Image: one 1K image (1,120 tokens) at $120, 50 text tokens at $12',
			model: 'gemini-3-pro-image-preview',
			meta: { promptTokenCount: 100, candidatesTokenCount: 1170, candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1120 }, { modality: 'TEXT', tokenCount: 50 }] },
			input: 0.0002, // 100 × 2.00
			output: 0.135, // 1120 × 120 = 134,400 µ$ + 50 × 12 = 600 µ$
			total: 0.1352,
		},
		{
			label: '2.5 Flash Image: one 1024² image (1,290 tokens) at $30 = $0.0387, thinking at $2.50',
			model: 'gemini-2.5-flash-image',
			meta: { promptTokenCount: 10, candidatesTokenCount: 1290, thoughtsTokenCount: 100, candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }] },
			input: 0.000003, // 10 × 0.30
			output: 0.03895, // 1290 × 30 = 38,700 µ$ + 100 × 2.50 = 250 µ$
			total: 0.038953,
		},
		{
			label: '3.8 Flash TTS: 200 text tokens in, 1,000 audio tokens out at $9 (launch price)',
			model: 'gemini-3.8-flash-tts',
			meta: { promptTokenCount: 200, candidatesTokenCount: 1000, candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 1000 }] },
			input: 0.0001, // 200 × 0.50
			output: 0.009, // 1000 × 9.00
			total: 0.0091,
		},
		{
			label: 'Omni Flash: 400 video tokens at $17.50, 100 text at $9',
			model: 'gemini-omni-flash-preview',
			meta: { promptTokenCount: 0, candidatesTokenCount: 500, candidatesTokensDetails: [{ modality: 'VIDEO', tokenCount: 400 }] },
			input: 0,
			output: 0.0079, // 400 × 17.50 = 7,000 µ$ + 100 × 9 = 900 µ$
			total: 0.0079,
		},
	])('$label', ({ model, meta, input, output, total }) => {
		const cost = computeCost({ model, tier: 'standard', usage: usageFromMetadata(meta), at: AT });
		expect([cost.input, cost.output, cost.total]).toEqual([input, output, total]);
	});

	it.each([
		['image tokens on a model with no image rate', 'gemini-2.5-flash', 'IMAGE'],
		['audio tokens on a model with no audio-output rate', 'gemini-3.8-flash', 'AUDIO'],
		['image tokens on a tier with no image rate (3 Pro Image batch)', 'gemini-3-pro-image-preview', 'IMAGE'],
	])('%s: unknown, never billed as text', (_label, model, modality) => {
		const tier = model === 'gemini-3-pro-image-preview' ? 'batch' : 'standard';
		const usage = usageFromMetadata({ promptTokenCount: 10, candidatesTokenCount: 100, candidatesTokensDetails: [{ modality, tokenCount: 100 }] });
		const cost = computeCost({ model, tier, usage, at: AT });
		expect(cost.total).toBeNull();
		expect(cost.pricing.known).toBe(false);
	});
});

describe('tool fees (cost.tools, in cost.total) at the paid rate', () => {
	const usage = tokens({ promptTokens: 1000, outputTokens: 100 });
	const search = (searchQueries: number): ToolUse => ({ searchQueries, searchGrounded: true, mapsGrounded: false });

	it('Gemini 3.8 Flash grounded with 3 search queries: 3 × $0.014', () => {
		const cost = computeCost({ model: 'gemini-3.8-flash', tier: 'standard', usage, at: AT, toolUse: search(3) });
		// tokens: 1000 × 0.75 + 100 × 3.75 = 750 + 375 µ$ = $0.001125
		expect([cost.input, cost.output, cost.tools, cost.total]).toEqual([0.00075, 0.000375, 0.042, 0.043125]);
		expect(cost.pricing.toolFees).toEqual([{ tool: 'googleSearch', count: 3, per: 'query', usd: 0.014 }]);
		expect(cost.pricing.toolFeesNote).toMatch(/paid rate/);
	});

	it('Gemini 2.5 Flash grounded with 3 search queries: one grounded prompt, $0.035', () => {
		const cost = computeCost({ model: 'gemini-2.5-flash', tier: 'standard', usage, at: AT, toolUse: search(3) });
		// tokens: 1000 × 0.30 + 100 × 2.50 = 300 + 250 µ$
		expect([cost.tools, cost.total]).toEqual([0.035, 0.03555]);
		expect(cost.pricing.toolFees).toEqual([{ tool: 'googleSearch', count: 1, per: 'prompt', usd: 0.035 }]);
	});

	it('Gemini 2.5 Pro grounded with Maps: one grounded prompt, $0.025', () => {
		const cost = computeCost({ model: 'gemini-2.5-pro', tier: 'standard', usage, at: AT, toolUse: { searchQueries: 0, searchGrounded: false, mapsGrounded: true } });
		expect(cost.tools).toBe(0.025);
		expect(cost.total).toBe(0.02725); // 1000 × 1.25 + 100 × 10 = 1250 + 1000 µ$
	});

	it('no tool use: tools 0 and no toolFees', () => {
		const cost = computeCost({ model: 'gemini-3.8-flash', tier: 'standard', usage, at: AT, toolUse: { searchQueries: 0, searchGrounded: false, mapsGrounded: false } });
		expect(cost.tools).toBe(0);
		expect(cost.pricing).not.toHaveProperty('toolFees');
	});

	it.each([
		['Maps on Gemini 3 (billed per query, but the answer gives no count)', 'gemini-3.8-flash', { searchQueries: 0, searchGrounded: false, mapsGrounded: true }],
		['Search grounding without a query list on Gemini 3', 'gemini-3.8-flash', search(0)],
		['Search on a model with no listed grounding fee', 'gemini-2.0-flash', search(2)],
	])('%s: unknown, never 0', (_label, model, toolUse) => {
		const cost = computeCost({ model, tier: 'standard', usage, at: AT, toolUse });
		expect(cost.tools).toBeNull();
		expect(cost.total).toBeNull();
		expect(cost.pricing.known).toBe(false);
	});
});

describe('cacheStorageCost: per 1M tokens per hour, prorated', () => {
	it.each([
		['3.8 Flash, 100k tokens for 2 h at $0.50', 'gemini-3.8-flash', 100_000, 2, '2026-11-29', 0.1],
		['3.8 Flash, 100k tokens for 30 min at $0.50', 'gemini-3.8-flash', 100_000, 0.5, '2026-11-29', 0.025],
		['3.8 Flash from 2027: $1.00', 'gemini-3.8-flash', 100_000, 2, '2027-01-02', 0.2],
		['3.7 Flash, 1 token for 1 h', 'gemini-3.7-flash', 1, 1, '2026-11-29', 0.0000005],
	])('%s', (_label, model, cachedTokens, hours, at, usd) => {
		expect(cacheStorageCost({ model, tokens: cachedTokens, hours, at: new Date(at) }).usd).toBe(usd);
	});

	it('a model with no listed storage price is unknown (null)', () => {
		const cost = cacheStorageCost({ model: 'gemini-4-neon', tokens: 1000, hours: 1, at: AT });
		expect(cost.usd).toBeNull();
		expect(cost.pricing.usdPerMillionTokensHour).toBeNull();
	});
});

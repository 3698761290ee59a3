import { estimateInputCost } from '../../nodes/shared/pricing';
import { tokens } from './tokens';

// Hand calculations from the price table (USD per 1M tokens): gemini-2.5-pro batch input is
// 0.625 for a prompt ≤ 200,000 tokens and 1.25 above it.

describe('estimateInputCost: each request priced on its own', () => {
	it('1,000 requests of 1,000 tokens on 2.5 Pro (batch): $0.625, not the long-context $1.25', () => {
		const estimate = estimateInputCost({
			model: 'gemini-2.5-pro',
			tier: 'batch',
			prompts: Array.from({ length: 1000 }, () => tokens({ promptTokens: 1000 })),
		});
		// Per request: 1,000 × 0.625 / 1e6 = 0.000625; × 1,000 requests = 0.625.
		// (The old way priced 1,000,000 tokens as one prompt: 1,000,000 × 1.25 / 1e6 = 1.25.)
		expect(estimate?.cost.total).toBe(0.625);
		expect(estimate?.cost.input).toBe(0.625);
		expect(estimate).toMatchObject({ requests: 1000, inputTokens: 1_000_000, longContextRequests: 0 });
		expect(estimate?.cost.pricing).toMatchObject({ tier: 'batch', longContext: false, known: true });
	});

	it('only a request whose own prompt passes 200k gets the long-context rate', () => {
		const estimate = estimateInputCost({
			model: 'gemini-2.5-pro',
			tier: 'batch',
			prompts: [tokens({ promptTokens: 250_000 }), tokens({ promptTokens: 1000 }), tokens({ promptTokens: 200_000 })],
		});
		// 250,000 × 1.25 / 1e6 = 0.3125 (long); 1,000 × 0.625 / 1e6 = 0.000625; 200,000 × 0.625 / 1e6 = 0.125 (at the threshold: not long)
		expect(estimate?.cost.total).toBe(0.438125);
		expect(estimate).toMatchObject({ requests: 3, inputTokens: 451_000, longContextRequests: 1 });
	});

	it('prices at the tier given: the same requests on Standard cost twice the batch price', () => {
		const estimate = estimateInputCost({ model: 'gemini-2.5-pro', tier: 'standard', prompts: [tokens({ promptTokens: 1000 })] });
		expect(estimate?.cost.total).toBe(0.00125); // 1,000 × 1.25 / 1e6
	});

	it('a model the table does not know: null, never 0', () => {
		const estimate = estimateInputCost({ model: 'gemini-fake-experimental', tier: 'batch', prompts: [tokens({ promptTokens: 10 })] });
		expect(estimate?.cost.total).toBeNull();
		expect(estimate?.cost.pricing.known).toBe(false);
	});

	it('no requests: no estimate', () => {
		expect(estimateInputCost({ model: 'gemini-2.5-pro', tier: 'batch', prompts: [] })).toBeUndefined();
	});
});

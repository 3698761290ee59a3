import { computeCost } from '../../nodes/shared/pricing';
import { tokens } from './tokens';

// Vertex AI Provisioned Throughput is paid by subscription: a call served from it adds nothing
// per token (https://cloud.google.com/vertex-ai/generative-ai/docs/provisioned-throughput/overview).

const usage = tokens({ promptTokens: 1200, outputTokens: 300, thoughtsTokens: 100 });

describe('computeCost: Vertex Provisioned Throughput', () => {
	it('costs 0 with provisioned: true, the tokens still counted by the caller', () => {
		const cost = computeCost({ model: 'gemini-2.5-flash', tier: 'standard', usage, provisioned: true });
		expect(cost).toMatchObject({ input: 0, cachedInput: 0, output: 0, tools: 0, total: 0 });
		expect(cost.pricing).toMatchObject({ known: true, provisioned: true, tier: 'standard', model: 'gemini-2.5-flash' });
	});

	it('the same call on demand is priced as usual and says nothing of provisioning', () => {
		const cost = computeCost({ model: 'gemini-2.5-flash', tier: 'standard', usage });
		// 1200 × $0.30/M + (300 + 100) × $2.50/M
		expect(cost.total).toBe(0.00136);
		expect(cost.pricing.provisioned).toBeUndefined();
	});

	it('a model the table does not know still costs 0 at the margin when provisioned', () => {
		const cost = computeCost({ model: 'gemini-9-unknown', tier: 'standard', usage, provisioned: true });
		expect(cost.total).toBe(0);
		expect(cost.pricing.known).toBe(true);
	});
});

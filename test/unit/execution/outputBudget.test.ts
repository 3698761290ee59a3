import { FALLBACK_OUTPUT_LIMIT, largerOutputBudget, OutputLimitError } from '../../../nodes/shared/execution/outputBudget';

describe('largerOutputBudget', () => {
	it('doubles the budget while the model allows it', () => {
		expect(largerOutputBudget(1000, 65536)).toBe(2000);
		expect(largerOutputBudget(5000, 8192)).toBe(8192);
	});

	it('gives no budget when it cannot grow: at the limit, or Max Output Tokens not set', () => {
		expect(largerOutputBudget(8192, 8192)).toBeUndefined();
		expect(largerOutputBudget(undefined, 65536)).toBeUndefined();
	});

	it('stops at the documented fallback ceiling when the model limit is unknown', () => {
		expect(largerOutputBudget(40000, undefined)).toBe(FALLBACK_OUTPUT_LIMIT);
		expect(largerOutputBudget(FALLBACK_OUTPUT_LIMIT, undefined)).toBeUndefined();
	});
});

describe('OutputLimitError', () => {
	it('tells the user to raise Max Output Tokens when it was not set', () => {
		const error = new OutputLimitError({ budget: undefined, modelLimit: undefined, outputTokens: 900, thoughtsTokens: 0, attempts: 1 });
		expect(error.message).toBe("Gemini's answer was cut off at the output token limit (finish reason MAX_TOKENS) after 900 answer tokens, on attempt 1");
		expect(error.description).toMatch(/^Max Output Tokens is not set.*Raise Max Output Tokens if the model allows more, lower/);
	});

	it('names the limit and the thinking tokens when the budget is already at the model limit', () => {
		const error = new OutputLimitError({ budget: 8192, modelLimit: 8192, outputTokens: 100, thoughtsTokens: 8092, attempts: 3 });
		expect(error.message).toMatch(/after 100 answer tokens and 8092 thinking tokens, on attempt 3$/);
		expect(error.description).toMatch(/already 8192, the most this model allows \(the model allows 8192\)/);
	});
});

import { BudgetLedger, estimateItemCost, estimatePromptTokens } from '../../../nodes/shared/governance/budget';
import { PRICE_TABLE } from '../../../nodes/shared/pricing';

describe('BudgetLedger', () => {
	it('admits while spend + in-flight estimates + this estimate stay within the ceiling', () => {
		const ledger = new BudgetLedger({ ceilingUsd: 0.0025, action: 'stop' });
		expect(ledger.admit(0, 0.0005)).toBeUndefined();
		expect(ledger.admit(1, 0.0005)).toBeUndefined();
		ledger.settle(0, 0.0008);
		// 0.0008 spent + 0.0005 in flight + 0.0005 = 0.0018
		expect(ledger.admit(2, 0.0005)).toBeUndefined();
		ledger.settle(1, 0.0008);
		ledger.settle(2, 0.0008);
		// 0.0024 + 0.0001 = 0.0025: exactly the ceiling is allowed
		expect(ledger.admit(3, 0.0001)).toBeUndefined();
		ledger.settle(3, 0.0001);
		const refusal = ledger.admit(4, 0.0000001);
		expect(refusal).toMatchObject({ itemIndex: 4, limit: 'execution', ceilingUsd: 0.0025, spentUsd: 0.0025, estimateUsd: 0.0000001 });
		expect(refusal!.message).toMatch(/Budget reached at item 4: spent \$0\.0025 of this node’s budget .*budgetUsd.* of \$0\.0025/);
	});

	it('counts items in flight and names them in the refusal', () => {
		const ledger = new BudgetLedger({ ceilingUsd: 1, action: 'skip' });
		expect(ledger.admit(0, 0.6)).toBeUndefined();
		expect(ledger.admit(1, 0.6)).toMatchObject({ inFlightUsd: 0.6, spentUsd: 0 });
		expect(ledger.admit(1, 0.6)!.message).toContain('plus $0.6 estimated for items still in flight');
	});

	it('keeps refusing every later item once one is refused, even a cheaper one', () => {
		const ledger = new BudgetLedger({ ceilingUsd: 1, action: 'skip' });
		expect(ledger.admit(0, 2)).toBeDefined();
		expect(ledger.admit(1, 0.01)).toMatchObject({ itemIndex: 1 });
	});

	it('counts an unknown cost as its estimate and frees a failed item', () => {
		const ledger = new BudgetLedger({ ceilingUsd: 1, action: 'stop' });
		ledger.admit(0, 0.4);
		ledger.settle(0, null);
		expect(ledger.spentUsd).toBe(0.4);
		ledger.admit(1, 0.5);
		ledger.release(1);
		expect(ledger.admit(2, 0.6)).toBeUndefined();
	});

	it('applies the daily budget over what earlier executions spent today', () => {
		const ledger = new BudgetLedger({ action: 'stop', dailyUsd: 1, spentTodayUsd: 0.9 });
		expect(ledger.admit(0, 0.05)).toBeUndefined();
		expect(ledger.admit(1, 0.06)).toMatchObject({ limit: 'daily', spentUsd: 0.9, inFlightUsd: 0.05 });
	});
});

describe('estimates', () => {
	it('counts one token per 4 characters, rounded up, and inline data by its base64 length', () => {
		expect(estimatePromptTokens(['abcde'])).toBe(2);
		expect(estimatePromptTokens(['abcd', 'e'], 8)).toBe(4);
		expect(estimatePromptTokens(['🚀🚀🚀🚀'])).toBe(1);
	});

	it('prices prompt and max output on the asked tier, null when unpriced', () => {
		const at = { table: PRICE_TABLE, promptTokens: 1000, outputTokens: 200 };
		// 1000 × 0.30 + 200 × 2.50 per 1M = 0.0008
		expect(estimateItemCost({ ...at, model: 'gemini-2.5-flash', tier: 'standard' })).toBe(0.0008);
		expect(estimateItemCost({ ...at, model: 'gemini-2.5-flash', tier: 'flex' })).toBe(0.0004);
		expect(estimateItemCost({ ...at, model: 'no-such-model', tier: 'standard' })).toBeNull();
	});
});

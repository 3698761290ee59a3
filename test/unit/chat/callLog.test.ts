import { NodeConnectionTypes, type ISupplyDataFunctions } from 'n8n-workflow';

import { CallLog, meteredContext, meteredEntry, type MeteredCall } from '../../../nodes/GeminiChatModel/callLog';
import { addCall, UNKNOWN_TOTAL } from '../../../nodes/GeminiChatModel/executionCost';

function call(text: string, total: number | null): MeteredCall {
	return {
		text,
		usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
		item: { usage: { promptTokens: 10, outputTokens: 2, thoughtsTokens: 3 }, cost: { total }, warnings: [] },
	};
}

const logged = (text: string) => ({ response: { generations: [[{ text }]] }, tokenUsageEstimate: { promptTokens: 99, completionTokens: 1, totalTokens: 100 } });

describe('meteredEntry', () => {
	it("replaces the tokenizer's estimate with the call's counts and cost", () => {
		expect(meteredEntry(logged('Hi'), call('Hi', 0.0014))).toEqual({
			response: { generations: [[{ text: 'Hi' }]] },
			tokenUsage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, cost: 0.0014 },
			usage: { promptTokens: 10, outputTokens: 2, thoughtsTokens: 3 },
			cost: { total: 0.0014 },
			warnings: [],
		});
	});

	it('leaves tokenUsage.cost out when the cost is unknown (never 0)', () => {
		expect(meteredEntry(logged('Hi'), call('Hi', null)).tokenUsage).toEqual({ promptTokens: 10, completionTokens: 5, totalTokens: 15 });
	});
});

describe('meteredContext', () => {
	it('completes the logged model calls, matched by text, and leaves everything else alone', () => {
		const added: unknown[][] = [];
		const ctx = {
			addOutputData: (...args: unknown[]) => added.push(args),
			getNode: () => ({ name: 'Model' }),
		} as unknown as ISupplyDataFunctions;
		const log = new CallLog();
		log.add(call('first', 0.001));
		log.add(call('second', 0.002));
		const wrapped = meteredContext(ctx, log);

		wrapped.addOutputData(NodeConnectionTypes.AiLanguageModel, 0, [[{ json: logged('second') }]]);
		wrapped.addOutputData(NodeConnectionTypes.AiLanguageModel, 1, [[{ json: logged('first') }]]);
		wrapped.addOutputData(NodeConnectionTypes.AiMemory, 0, [[{ json: { action: 'load' } }]]);

		const jsonOf = (index: number) => (added[index][2] as Array<Array<{ json: Record<string, any> }>>)[0][0].json;
		expect(jsonOf(0).tokenUsage.cost).toBe(0.002);
		expect(jsonOf(1).tokenUsage.cost).toBe(0.001);
		expect(jsonOf(2)).toEqual({ action: 'load' });
		expect(wrapped.getNode().name).toBe('Model');
	});
});

describe('addCall (the execution total)', () => {
	it('sums exactly, in decimal text', () => {
		let totals = addCall({}, 0.1);
		totals = addCall(totals, 0.2);
		expect(totals).toEqual({ cost: '0.3', calls: '2' });
		expect(addCall({ cost: '0.0000009', calls: '1' }, 0.0014)).toEqual({ cost: '0.0014009', calls: '2' });
	});

	it('becomes unknown once a call has no known cost, and stays so', () => {
		const unknown = addCall({ cost: '0.5', calls: '3' }, null);
		expect(unknown).toEqual({ cost: UNKNOWN_TOTAL, calls: '4' });
		expect(addCall(unknown, 0.1)).toEqual({ cost: UNKNOWN_TOTAL, calls: '5' });
	});
});

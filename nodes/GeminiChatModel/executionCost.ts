import type { ISupplyDataFunctions } from 'n8n-workflow';

import { picoToUsd, usdDecimalText, usdToPico } from '../shared/pricing/money';

/**
 * The running total of every Gemini chat-model call in the execution, in n8n's custom execution
 * data (https://docs.n8n.io/workflows/executions/custom-executions-data/): downstream nodes read it
 * as `$execution.customData.get("geminiChatCostUsd")`, and the executions list can filter on it.
 * Amounts are summed in picodollars, so the total is the exact sum of the logged costs.
 */

export const COST_KEY = 'geminiChatCostUsd';
export const CALLS_KEY = 'geminiChatCalls';
/** Once any call's cost is unknown, so is the total (never a sum that leaves a call out). */
export const UNKNOWN_TOTAL = 'unknown';

interface CustomData {
	get(key: string): string | undefined;
	set(key: string, value: string): void;
}

/** The next totals after one call. Pure. */
export function addCall(previous: { cost?: string; calls?: string }, cost: number | null): { cost: string; calls: string } {
	const calls = String((Number(previous.calls) || 0) + 1);
	if (cost === null || previous.cost === UNKNOWN_TOTAL) return { cost: UNKNOWN_TOTAL, calls };
	const before = previous.cost === undefined ? 0 : usdToPico(Number(previous.cost));
	return { cost: usdDecimalText(picoToUsd(before + usdToPico(cost))), calls };
}

export function addToExecutionCost(ctx: ISupplyDataFunctions, cost: number | null): void {
	const customData = (ctx.getWorkflowDataProxy(0).$execution as { customData?: CustomData } | undefined)?.customData;
	if (!customData) return;
	const next = addCall({ cost: customData.get(COST_KEY), calls: customData.get(CALLS_KEY) }, cost);
	customData.set(COST_KEY, next.cost);
	customData.set(CALLS_KEY, next.calls);
}

import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { BudgetLedger, estimateItemCost, type BudgetAction, type BudgetRefusal } from '../governance/budget';
import { effectiveRequestOptions, InvalidParameterError } from '../parameters/settings';
import type { PriceTable } from '../pricing';
import { usdToPico, picoToUsd } from '../pricing/money';
import type { GeminiClient } from '../transport/GeminiClient';
import { ItemWithBinary } from './answerFiles';
import type { PreparedItem } from './itemCall';
import { PartialOutputError } from './nodeErrors';
import { promptTokens } from './promptTokens';
import { settle, type ItemOutput, type ItemStages } from './runItems';

/**
 * The Budget request options around any node's item stages: each item is admitted by the ledger
 * just before it is sent (in the order workers send them, so "stop" and "skip" fall on the right
 * item), its reservation becomes its exact cost when its output is made, and refused items stop
 * the node or pass through marked `skipped: 'budget'`.
 */

export interface BudgetSettings {
	ceilingUsd?: number;
	action: BudgetAction;
	dailyUsd?: number;
	counting: 'estimate' | 'countTokens';
}

/** Key of the workflow's static data that keeps today's spend for the daily budget. */
export const DAILY_SPEND_KEY = 'geminiMeterDailySpend';

function positiveUsd(value: unknown, parameter: string, label: string): number | undefined {
	if (value === undefined || value === null || value === '' || value === 0) return undefined;
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
		throw new InvalidParameterError(parameter, `${label} (${parameter}) must be an amount in USD ≥ 0 (0 = no budget); got ${JSON.stringify(value)}`);
	}
	return number;
}

/** The node's budget (read once, from item 0), or undefined when none is set. */
export function readBudget(ctx: IExecuteFunctions): BudgetSettings | undefined {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const request = effectiveRequestOptions(options, ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject);
	const ceilingUsd = positiveUsd(request.budgetUsd, 'requestOptions.budgetUsd', 'Budget (USD)');
	const dailyUsd = positiveUsd(request.dailyBudgetUsd, 'requestOptions.dailyBudgetUsd', 'Daily Budget (USD)');
	if (ceilingUsd === undefined && dailyUsd === undefined) return undefined;
	const action = request.budgetAction ?? 'stop';
	if (action !== 'stop' && action !== 'skip') {
		throw new InvalidParameterError('requestOptions.budgetAction', `When Over Budget (requestOptions.budgetAction) must be stop or skip; got ${JSON.stringify(action)}`);
	}
	return { ceilingUsd, dailyUsd, action, counting: request.budgetTokenCounting === 'countTokens' ? 'countTokens' : 'estimate' };
}

/** Today's (UTC) entry in the workflow's static data: n8n saves it after production executions only. */
function dailyStore(ctx: IExecuteFunctions): { day: string; pico: number } {
	const data = ctx.getWorkflowStaticData('global');
	const day = new Date().toISOString().slice(0, 10);
	const entry = data[DAILY_SPEND_KEY] as { day?: string; pico?: number } | undefined;
	if (entry?.day !== day || typeof entry.pico !== 'number') data[DAILY_SPEND_KEY] = { day, pico: 0 };
	return data[DAILY_SPEND_KEY] as { day: string; pico: number };
}

/** Cost total of an item's output(s); null when any is unknown. */
function outputCost(output: ItemOutput): number | null {
	let pico = 0;
	for (const item of Array.isArray(output) ? output : [output]) {
		const json = item instanceof ItemWithBinary ? item.json : item;
		const total = (json.cost as IDataObject | undefined)?.total;
		if (typeof total !== 'number') return null;
		pico += usdToPico(total);
	}
	return picoToUsd(pico);
}

function outputTokensOf(output: ItemOutput): number {
	const first = Array.isArray(output) ? output[0] : output;
	const usage = ((first instanceof ItemWithBinary ? first.json : first)?.usage ?? {}) as IDataObject;
	return (Number(usage.outputTokens) || 0) + (Number(usage.thoughtsTokens) || 0);
}

/** An item the budget did not let through: the input as it came, marked, paired by the runner. */
function skippedItem(ctx: IExecuteFunctions, itemIndex: number, refusal: BudgetRefusal): ItemOutput {
	const input = ctx.getInputData()[itemIndex];
	const json = { ...input.json, skipped: 'budget', budget: { ...refusal } as unknown as IDataObject };
	return input.binary ? new ItemWithBinary(json, input.binary) : json;
}

type Budgeted = { output: ItemOutput } | { skipped: BudgetRefusal };

/**
 * `stages` under the budget. `preparedItem` gives the request settings of a prepared item (Extract
 * wraps them). The output estimate is Max Output Tokens when set, else the largest output seen so
 * far in this execution (0 before the first answer: set Max Output Tokens for a firm ceiling).
 */
export function withBudget<P, A>(
	ctx: IExecuteFunctions,
	stages: ItemStages<P, A>,
	budget: BudgetSettings,
	deps: { client: GeminiClient; prices: PriceTable; preparedItem: (prepared: P) => PreparedItem },
): ItemStages<P, Budgeted> {
	const daily = budget.dailyUsd === undefined ? undefined : dailyStore(ctx);
	const ledger = new BudgetLedger({ ceilingUsd: budget.ceilingUsd, action: budget.action, dailyUsd: budget.dailyUsd, spentTodayUsd: daily ? picoToUsd(daily.pico) : 0 });
	let largestOutput = 0;
	const recordCost = (itemIndex: number, cost: number | null) => {
		const before = usdToPico(ledger.spentUsd);
		ledger.settle(itemIndex, cost);
		if (daily) daily.pico += usdToPico(ledger.spentUsd) - before;
	};
	return {
		prepare: async (itemIndex) => await stages.prepare(itemIndex),
		send: async (prepared, itemIndex, signal) => {
			const item = deps.preparedItem(prepared);
			const { settings } = item;
			const estimate = estimateItemCost({
				model: settings.model,
				tier: settings.serviceTier,
				promptTokens: (await promptTokens(deps.client, item, budget.counting, signal)).tokens,
				outputTokens: settings.generation.maxOutputTokens ?? largestOutput,
				table: deps.prices,
				override: settings.priceOverride,
			});
			if (estimate === null) {
				throw new InvalidParameterError('requestOptions.budgetUsd', `Budget (USD) needs a priced model, but ${settings.model} on the ${settings.serviceTier} tier has no price in the table; add a Price Override or remove the budget`);
			}
			const refusal = ledger.admit(itemIndex, estimate);
			if (refusal && budget.action === 'stop') {
				throw new NodeOperationError(ctx.getNode(), refusal.message, { itemIndex, description: 'Raise the budget or choose "Skip Remaining Items" to pass the rest through unsent.' });
			}
			if (refusal) return { skipped: refusal };
			const sent = await settle(stages.send(prepared, itemIndex, signal));
			if (!sent.ok) {
				const billed = sent.error instanceof PartialOutputError ? (sent.error.partial.cost as IDataObject | undefined)?.total : undefined;
				if (typeof billed === 'number') recordCost(itemIndex, billed);
				else ledger.release(itemIndex);
				throw sent.error;
			}
			// Finished here rather than after the next item is sent: the next admission then sees
			// this item's exact cost instead of its estimate.
			let output: ItemOutput | undefined;
			try {
				output = stages.finish(sent.value, prepared, itemIndex);
			} finally {
				// Answered, so billed: when finishing fails, the estimate stands in for the cost.
				recordCost(itemIndex, output === undefined ? null : outputCost(output));
			}
			largestOutput = Math.max(largestOutput, outputTokensOf(output));
			return { output };
		},
		finish: (result, _prepared, itemIndex) => ('skipped' in result ? skippedItem(ctx, itemIndex, result.skipped) : result.output),
	};
}

/** `stages` under the node's budget when one is set; unchanged otherwise. */
export function underBudget<P, A>(
	ctx: IExecuteFunctions,
	stages: ItemStages<P, A>,
	deps: { client: GeminiClient; prices: PriceTable; preparedItem: (prepared: P) => PreparedItem },
): ItemStages<P, unknown> {
	const budget = readBudget(ctx);
	return (budget ? withBudget(ctx, stages, budget, deps) : stages) as ItemStages<P, unknown>;
}

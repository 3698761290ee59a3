import type { TokenUsage } from '@n8n/ai-node-sdk';
import { NodeConnectionTypes, type IDataObject, type INodeExecutionData, type ISupplyDataFunctions } from 'n8n-workflow';

/**
 * Puts each model call's metered usage and exact cost into the entry n8n logs for it.
 *
 * n8n records a chat model's calls through `@n8n/ai-node-sdk`'s LangChain adapter, whose tracing
 * callback writes one `ai_languageModel` output per call with `tokenUsage` (what the logs panel
 * and evaluations sum). Through the SDK that entry gets only the prompt and completion counts,
 * nothing of the cost, and in streaming mode only a tokenizer estimate. The SDK has no option for
 * more, so the node hands the SDK a context whose `addOutputData` completes the entry with the
 * call's own meter before n8n stores it: real counts, `tokenUsage.cost` (the slot n8n's tracing
 * reserves for a cost) and the contract's `usage`, `cost`, `serviceTier` and `warnings`.
 */

export interface MeteredCall {
	/** The answer text, to match the logged entry to its call when calls overlap. */
	text: string;
	usage: TokenUsage;
	/** The contract's output item for the call (usage, cost, tier, warnings …), without text. */
	item: IDataObject;
}

export class CallLog {
	private readonly pending: MeteredCall[] = [];

	add(call: MeteredCall): void {
		this.pending.push(call);
	}

	/** The call a logged answer belongs to: the oldest with the same text, else the oldest. */
	take(text: string | undefined): MeteredCall | undefined {
		const at = this.pending.findIndex((call) => call.text === text);
		return this.pending.splice(at >= 0 ? at : 0, 1)[0];
	}
}

function loggedText(json: IDataObject): string | undefined {
	const generations = (json.response as { generations?: Array<Array<{ text?: unknown }>> } | undefined)?.generations;
	const text = generations?.[0]?.[0]?.text;
	return typeof text === 'string' ? text : undefined;
}

/** The logged entry with the call's real usage and its cost. Pure. */
export function meteredEntry(json: IDataObject, call: MeteredCall): IDataObject {
	const rest = { ...json };
	delete rest.tokenUsageEstimate; // the call's real counts replace the tokenizer's guess
	const cost = (call.item.cost as { total?: unknown } | undefined)?.total;
	const tokenUsage: IDataObject = {
		promptTokens: call.usage.promptTokens,
		completionTokens: call.usage.completionTokens,
		totalTokens: call.usage.totalTokens,
	};
	if (typeof cost === 'number') tokenUsage.cost = cost;
	return { ...rest, tokenUsage, ...call.item };
}

function withMeter(data: INodeExecutionData[][], log: CallLog): INodeExecutionData[][] {
	const entry = data[0]?.[0];
	if (!entry?.json || entry.json.response === undefined) return data;
	const call = log.take(loggedText(entry.json));
	if (!call) return data;
	return [[{ ...entry, json: meteredEntry(entry.json, call) }], ...data.slice(1)];
}

/** `ctx` with `addOutputData` completing each logged model call from `log`; everything else unchanged. */
export function meteredContext(ctx: ISupplyDataFunctions, log: CallLog): ISupplyDataFunctions {
	const addOutputData: ISupplyDataFunctions['addOutputData'] = (connectionType, runIndex, data, ...rest) => {
		const completed = connectionType === NodeConnectionTypes.AiLanguageModel && Array.isArray(data) ? withMeter(data, log) : data;
		ctx.addOutputData(connectionType, runIndex, completed, ...rest);
	};
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'addOutputData') return addOutputData;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { effectiveRequestOptions } from '../parameters/settings';
import { computeCost, estimateInputCost, type PriceTable, type TokenCounts } from '../pricing';
import type { GeminiClient } from '../transport/GeminiClient';
import { prepareItem, type PreparedItem } from './itemCall';
import { promptTokens } from './promptTokens';
import type { ItemStages } from './runItems';

/**
 * Gemini Generate's pre-flight estimate (Estimate Cost Only): each item's prompt is counted by
 * countTokens (free) and priced at the tier asked for with the execution's price table; nothing
 * is generated and nothing is billed. The output side is an upper bound only when Max Output
 * Tokens is set (thinking counts against it).
 */

export const ESTIMATE_NOTE =
	'Estimate only, nothing was generated: prompt tokens counted by countTokens and priced per item at the requested tier; output priced at Max Output Tokens (null when not set). Flex or Priority may be served as another tier.';

export function estimateOnly(ctx: IExecuteFunctions): boolean {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const request = effectiveRequestOptions(options, ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject);
	return request.estimateCostOnly === true;
}

function promptUsage(tokens: number, outputTokens = 0): TokenCounts {
	return { promptTokens: tokens, cachedTokens: 0, outputTokens, thoughtsTokens: 0, toolUsePromptTokens: 0, totalTokens: tokens + outputTokens, audioPromptTokens: 0, audioCachedTokens: 0 };
}

/** One item's estimate from its counted prompt tokens. */
export function itemEstimate(settings: PreparedItem['settings'], tokens: number, prices: PriceTable): IDataObject {
	const { model, serviceTier: tier, priceOverride: override } = settings;
	const input = estimateInputCost({ model, tier, prompts: [promptUsage(tokens)], override, table: prices })!;
	const maxOutputTokens = settings.generation.maxOutputTokens ?? null;
	const withOutput = maxOutputTokens === null ? undefined : computeCost({ model, tier, usage: promptUsage(tokens, maxOutputTokens), override, table: prices });
	return {
		promptTokens: tokens,
		maxOutputTokens,
		inputUsd: input.cost.total,
		maxOutputUsd: withOutput?.output ?? null,
		maxTotalUsd: withOutput?.total ?? null,
		pricing: input.cost.pricing as unknown as IDataObject,
		note: ESTIMATE_NOTE,
	};
}

export function estimateStages(ctx: IExecuteFunctions, client: GeminiClient, prices: PriceTable): ItemStages<PreparedItem, number, IDataObject> {
	return {
		prepare: async (itemIndex) => await prepareItem(ctx, itemIndex),
		send: async (prepared, _itemIndex, signal) => (await promptTokens(client, prepared, 'countTokens', signal)).tokens,
		finish: (tokens, prepared) => ({
			model: prepared.settings.model,
			serviceTier: { requested: prepared.settings.serviceTier },
			estimate: itemEstimate(prepared.settings, tokens, prices),
		}),
	};
}

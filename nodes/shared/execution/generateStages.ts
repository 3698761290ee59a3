import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseGenerateResponse } from '../response/mapGenerateResponse';
import type { GeminiClient, GeminiHttpResponse } from '../transport/GeminiClient';
import type { RunState } from './callGemini';
import { callPrepared, outputForCall, prepareItem, type ItemCall, type PreparedItem } from './itemCall';
import type { ItemStages } from './runItems';

type AnsweredItem = ItemCall<GeminiHttpResponse<unknown>> & { latencyMs: number };

/** Gemini Generate's work for one item: one generateContent call, one output item. */
export function generateStages(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
): ItemStages<PreparedItem, AnsweredItem, IDataObject> {
	return {
		prepare: async (itemIndex) => await prepareItem(ctx, itemIndex),
		send: async (prepared, itemIndex, signal) => {
			const item = await callPrepared(ctx, state, itemIndex, signal, prepared, async (settings, request, callSettings) =>
				await client.json<unknown>('POST', `${settings.modelPath}:generateContent`, request, callSettings),
			);
			return { ...item, latencyMs: Math.round(performance.now() - item.started) };
		},
		finish: (item) =>
			outputForCall({
				settings: item.settings,
				response: parseGenerateResponse(item.result.body),
				prices: state.prices,
				request: item.request,
				headers: item.result.headers,
				warnings: item.warnings,
				latencyMs: item.latencyMs,
				raw: item.result.body,
			}),
	};
}

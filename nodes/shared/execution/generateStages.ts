import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapGenerateResponse, parseGenerateResponse, type MappedResponse } from '../response/mapGenerateResponse';
import type { GenerateContentResponse } from '../response/schemas';
import type { GeminiClient, GeminiHttpResponse } from '../transport/GeminiClient';
import { answerBinary, withBinary, type ItemWithBinary } from './answerFiles';
import type { RunState } from './callGemini';
import { callPrepared, outputForCall, prepareItem, type ItemCall, type PreparedItem } from './itemCall';
import type { ItemStages } from './runItems';

type AnsweredItem = ItemCall<GeminiHttpResponse<unknown>> & {
	latencyMs: number;
	response: GenerateContentResponse;
	mapped: MappedResponse;
	binary: Awaited<ReturnType<typeof answerBinary>>;
};

/** Gemini Generate's work for one item: one generateContent call, one output item. */
export function generateStages(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
): ItemStages<PreparedItem, AnsweredItem, IDataObject | ItemWithBinary> {
	return {
		prepare: async (itemIndex) => await prepareItem(ctx, itemIndex),
		send: async (prepared, itemIndex, signal) => {
			const item = await callPrepared(ctx, state, itemIndex, signal, prepared, async (settings, request, callSettings) =>
				await client.json<unknown>('POST', `${settings.modelPath}:generateContent`, request, callSettings),
			);
			const latencyMs = Math.round(performance.now() - item.started);
			// Images and audio become binary data here, where n8n's async helpers can store them.
			const response = parseGenerateResponse(item.result.body);
			const mapped = mapGenerateResponse(response);
			return { ...item, latencyMs, response, mapped, binary: await answerBinary(ctx, mapped.files) };
		},
		finish: (item) =>
			withBinary(
				outputForCall({
					settings: item.settings,
					response: item.response,
					mapped: item.mapped,
					request: item.request,
					headers: item.result.headers,
					warnings: item.warnings,
					latencyMs: item.latencyMs,
					raw: item.result.body,
				}),
				item.binary,
			),
	};
}

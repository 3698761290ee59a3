import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseGenerateResponse } from '../response/mapGenerateResponse';
import type { GeminiClient } from '../transport/GeminiClient';
import type { RunState } from './callGemini';
import { callForItem, outputForCall } from './itemCall';

/** Gemini Generate's work for one item: one generateContent call, one output item. */
export async function generateForItem(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
	itemIndex: number,
	signal: AbortSignal,
): Promise<IDataObject> {
	const item = await callForItem(ctx, state, itemIndex, signal, async (settings, request, callSettings) =>
		await client.json<unknown>('POST', `${settings.modelPath}:generateContent`, request, callSettings),
	);
	return outputForCall({
		settings: item.settings,
		response: parseGenerateResponse(item.result.body),
		request: item.request,
		headers: item.result.headers,
		warnings: item.warnings,
		latencyMs: Math.round(performance.now() - item.started),
		raw: item.result.body,
	});
}

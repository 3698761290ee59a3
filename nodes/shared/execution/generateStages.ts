import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapGenerateResponse, parseGenerateResponse, type MappedResponse } from '../response/mapGenerateResponse';
import { functionDeclarations, type N8nTool } from '../tools/declarations';
import { runFunctionLoop, type LoopOutcome } from '../tools/functionLoop';
import type { GeminiClient, GeminiHttpResponse } from '../transport/GeminiClient';
import { answerBinary, withBinary, type ItemWithBinary } from './answerFiles';
import type { RunState } from './callGemini';
import { onceOrPerItem } from '../parameters/onceOrPerItem';
import { callPrepared, meterCall, outputForCall, prepareItem, type ItemCall, type PreparedItem } from './itemCall';
import type { ItemStages } from './runItems';
import { callWithFallback } from './fallback';
import { connectedTools } from './toolLoop';

/** Max Tool Iterations when the option is not set. */
export const DEFAULT_MAX_TOOL_ITERATIONS = 10;

type AnsweredItem = ItemCall<LoopOutcome<GeminiHttpResponse<unknown>>> & {
	latencyMs: number;
	mapped: MappedResponse;
	binary: Awaited<ReturnType<typeof answerBinary>>;
	files: PreparedItem['files'];
};

/** Max Tool Iterations of an item: read once for the node when the Options collection holds no expression. */
function maxToolIterationsReader(ctx: IExecuteFunctions): (itemIndex: number) => number {
	const read = (itemIndex: number) => ctx.getNodeParameter('options.maxToolIterations', itemIndex, DEFAULT_MAX_TOOL_ITERATIONS) as number;
	if (!onceOrPerItem(ctx, 'options', {}).constant) return read;
	let value: number | undefined;
	return (itemIndex) => (value ??= read(itemIndex));
}

/**
 * Gemini Generate's work for one item: one generateContent call, one output item. With n8n tools
 * on the Tools input, the function-calling loop: every round billed, usage and cost summed.
 */
export function generateStages(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
): ItemStages<PreparedItem, AnsweredItem, IDataObject | ItemWithBinary> {
	let tools: Promise<N8nTool[]> | undefined;
	const maxToolIterations = maxToolIterationsReader(ctx);
	return {
		prepare: async (itemIndex) => await prepareItem(ctx, itemIndex, client),
		send: async (prepared, itemIndex, signal) => {
			tools ??= connectedTools(ctx);
			const available = await tools;
			const maxIterations = maxToolIterations(itemIndex);
			const item = await callWithFallback(prepared, async (toSend) =>
				await callPrepared(
					ctx,
					state,
					itemIndex,
					signal,
					toSend,
					async (settings, request, callSettings) =>
						await runFunctionLoop({
							request,
							tools: available,
							maxIterations,
							signal,
							send: async (next) => {
								const reply = await client.json<unknown>('POST', `${settings.modelPath}:generateContent`, next, callSettings);
								return { reply, response: parseGenerateResponse(reply.body) };
							},
						}),
					available.length ? { functionDeclarations: functionDeclarations(available) } : undefined,
				),
			);
			const latencyMs = Math.round(performance.now() - item.started);
			// Images and audio become binary data here, where n8n's async helpers can store them.
			const mapped = mapGenerateResponse(item.result.rounds.at(-1)!.response);
			return { ...item, latencyMs, mapped, binary: await answerBinary(ctx, mapped.files), files: prepared.files };
		},
		finish: (item) => {
			const { rounds, toolCalls, warnings } = item.result;
			const last = rounds.at(-1)!;
			const json = outputForCall({
				settings: item.settings,
				response: last.response,
				mapped: item.mapped,
				prices: state.prices,
				request: last.request,
				headers: last.reply.headers,
				warnings: [...item.warnings, ...warnings],
				latencyMs: item.latencyMs,
				raw: last.reply.body,
				// Every earlier round was billed too.
				earlier: rounds.slice(0, -1).map((round) => meterCall(item.settings, round.response, round.reply.headers, round.request, state.prices)),
			});
			if (toolCalls.length) json.toolCalls = toolCalls as unknown as IDataObject[];
			// Binaries sent through the Files API: which file, and whether an earlier upload was reused.
			if (item.files.length) json.files = item.files;
			return withBinary(json, item.binary);
		},
	};
}

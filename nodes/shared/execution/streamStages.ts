import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { readSettings } from '../parameters/readSettings';
import type { GeminiSettings } from '../parameters/settings';
import { mapGenerateResponse, parseGenerateResponse } from '../response/mapGenerateResponse';
import { StreamAccumulator } from '../response/streamAccumulator';
import type { GeminiClient } from '../transport/GeminiClient';
import { answerBinary, withBinary, type ItemWithBinary } from './answerFiles';
import type { RunState } from './callGemini';
import { callPrepared, outputForCall, prepareItem, type PreparedItem } from './itemCall';
import { PartialOutputError } from './nodeErrors';
import type { ItemStages } from './runItems';

/** Where text deltas go while they arrive: n8n's chunk API when the caller is streaming. */
export interface ChunkSink {
	begin(itemIndex: number): Promise<void>;
	text(itemIndex: number, delta: string): Promise<void>;
	/** `summary`: the item's usage, cost and sources as JSON text, carried by the end chunk. */
	end(itemIndex: number, summary?: string): Promise<void>;
	error(itemIndex: number, message: string): Promise<void>;
	/** Also send the summary as a last `item` chunk before `end` (for callers that read only items). */
	usageChunk?: boolean;
}

/** Sends begin / item / end chunks (n8n's chunk API: IExecuteFunctions.sendChunk): the webhook caller reads them as NDJSON. */
export function n8nChunkSink(ctx: IExecuteFunctions, usageChunk = false): ChunkSink {
	// sendChunk is typed void but implemented async in n8n-core: awaiting keeps chunks in order.
	const send = async (type: 'begin' | 'item' | 'end' | 'error', itemIndex: number, content?: string) =>
		await (ctx.sendChunk(type, itemIndex, content) as unknown as Promise<void>);
	return {
		begin: async (i) => await send('begin', i),
		text: async (i, delta) => await send('item', i, delta),
		end: async (i, summary) => await send('end', i, summary),
		error: async (i, message) => await send('error', i, message),
		usageChunk,
	};
}

/** Item 0's settings read before the credential was (GeminiStream.execute): what reading returned or threw. */
export type FirstSettings = { settings: GeminiSettings } | { error: unknown };

export function readFirstSettings(ctx: IExecuteFunctions): FirstSettings {
	try {
		return { settings: readSettings(ctx, 0) };
	} catch (error) {
		return { error };
	}
}

/**
 * Gemini Stream's work for one item: one `streamGenerateContent?alt=sse` call whose text deltas go
 * to `sink` (if any) as they arrive, then one output item with `chunks` and `timeToFirstTokenMs`.
 * Retries happen only until the response starts; a failure after that keeps the partial answer.
 * `first`: item 0's settings already read, used (or its error thrown) when item 0 is prepared.
 */
export function streamStages(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
	sink: ChunkSink | undefined,
	first?: FirstSettings,
): ItemStages<PreparedItem, IDataObject | ItemWithBinary> {
	const settingsOf = (itemIndex: number): GeminiSettings | undefined => {
		if (itemIndex !== 0 || first === undefined) return undefined;
		if ('error' in first) throw first.error;
		return first.settings;
	};
	return {
		prepare: async (itemIndex) => await prepareItem(ctx, itemIndex, client, undefined, settingsOf(itemIndex)),
		send: async (prepared, itemIndex, signal) => await streamItem(ctx, client, state, prepared, itemIndex, signal, sink),
		finish: (output) => output,
	};
}

async function streamItem(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
	prepared: PreparedItem,
	itemIndex: number,
	signal: AbortSignal,
	sink: ChunkSink | undefined,
): Promise<IDataObject | ItemWithBinary> {
	const outcome = await callPrepared(ctx, state, itemIndex, signal, prepared, async (settings, request, callSettings) =>
		await client.stream(`${settings.modelPath}:streamGenerateContent?alt=sse`, request, callSettings),
	);
	const { settings, started } = outcome;
	const accumulator = new StreamAccumulator();
	let timeToFirstTokenMs: number | null = null;
	const itemSoFar = (response = accumulator.toResponse(), mapped = mapGenerateResponse(response)): IDataObject => {
		return outputForCall({
			settings,
			response,
			prices: state.prices,
			mapped,
			request: outcome.request,
			headers: outcome.result.headers,
			warnings: outcome.warnings,
			latencyMs: Math.round(performance.now() - started),
			raw: response,
			extra: { chunks: accumulator.chunks, timeToFirstTokenMs },
		});
	};

	await sink?.begin(itemIndex);
	let failure: unknown;
	try {
		for await (const event of outcome.result.events) {
			const delta = accumulator.add(parseGenerateResponse(event));
			if (!delta) continue;
			timeToFirstTokenMs ??= Math.round(performance.now() - started);
			await sink?.text(itemIndex, delta);
		}
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		const partial = itemSoFar();
		if (sink && ctx.continueOnFail()) await sink.error(itemIndex, failure instanceof Error ? failure.message : String(failure));
		const usage = partial.usage as { totalTokens?: number } | undefined;
		throw new PartialOutputError(
			failure,
			{
				text: partial.text,
				chunks: partial.chunks,
				timeToFirstTokenMs: partial.timeToFirstTokenMs,
				usage: partial.usage,
				cost: partial.cost,
			} as JsonObject,
			`The answer was cut off after ${accumulator.chunks} chunks (${accumulator.text.length} characters, ${usage?.totalTokens ?? 0} tokens so far).`,
		);
	}
	if (!accumulator.finished) {
		outcome.warnings.push('The stream ended without a finish reason: the answer may be incomplete.');
	}
	// Every part that is not text (calls, code, grounding, images) is in the merged stream.
	const response = accumulator.toResponse();
	const mapped = mapGenerateResponse(response);
	const item = itemSoFar(response, mapped);
	const summary = streamSummary(item);
	if (sink?.usageChunk) await sink.text(itemIndex, summary);
	await sink?.end(itemIndex, summary);
	return withBinary(item, await answerBinary(ctx, mapped.files));
}

/**
 * What a streaming caller gets with the end chunk (and, with Usage Chunk Before End, as a last item
 * chunk): the usage and cost it never sees otherwise, the finish reason, and any search sources.
 */
export function streamSummary(item: IDataObject): string {
	const grounding = item.grounding as { sources?: unknown[] } | undefined;
	return JSON.stringify({
		usage: item.usage,
		cost: item.cost,
		finishReason: item.finishReason,
		...(grounding?.sources ? { sources: grounding.sources } : {}),
		...((item.warnings as string[] | undefined)?.length ? { warnings: item.warnings } : {}),
	});
}

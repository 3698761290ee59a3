/**
 * streamGenerateContent: the answer cut into word chunks, each a complete
 * GenerateContentResponse carrying only its new text and a running usage total.
 * With `alt=sse`: `data: <json>\r\n\r\n` events; without: one JSON array.
 */
import type { ServerResponse } from 'node:http';
import { googleError } from './errors';
import type { Answer, UsageTotals } from './responses';
import { generateResponse, THOUGHT_TEXT, thoughtSignature, usageMetadata } from './responses';
import type { GenerateContentResponse, Part, ServiceTier } from './types';

const MAX_CHUNKS = 24;

export interface StreamPlan {
	answer: Answer;
	totals: UsageTotals;
	tier: ServiceTier;
	thinking: boolean;
	includeThoughts: boolean;
	modelVersion: string;
	responseId: string;
}

/** Words with their trailing spaces, merged so that there are at most 24 pieces. */
export function splitAnswer(text: string): string[] {
	const words = text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
	const size = Math.max(1, Math.ceil(words.length / MAX_CHUNKS));
	const pieces: string[] = [];
	for (let i = 0; i < words.length; i += size) pieces.push(words.slice(i, i + size).join(''));
	return pieces;
}

export function buildChunks(plan: StreamPlan): GenerateContentResponse[] {
	const { answer, totals, tier } = plan;
	const chunks: GenerateContentResponse[] = [];
	const chunk = (parts: Part[], candidates: number, finishReason?: string): void => {
		chunks.push(
			generateResponse({
				parts,
				finishReason,
				usage: usageMetadata(totals, tier, candidates),
				modelVersion: plan.modelVersion,
				responseId: plan.responseId,
			}),
		);
	};
	if (plan.thinking && plan.includeThoughts) chunk([{ text: THOUGHT_TEXT, thought: true }], 0);
	const pieces = splitAnswer(answer.text);
	let sent = 0;
	pieces.forEach((piece, index) => {
		sent += piece.length;
		const last = index === pieces.length - 1;
		const candidates = last ? totals.candidates : Math.round((totals.candidates * sent) / answer.text.length);
		chunk([{ text: piece }], candidates, last && !plan.thinking ? answer.finishReason : undefined);
	});
	if (plan.thinking) {
		chunk([{ text: '', thoughtSignature: thoughtSignature(plan.responseId) }], totals.candidates, answer.finishReason);
	} else if (pieces.length === 0) {
		chunk([{ text: '' }], totals.candidates, answer.finishReason);
	}
	return chunks;
}

export interface WriteOptions {
	sse: boolean;
	intervalMs: number;
	/** Send this many chunks, then an INTERNAL error event, then close. */
	errorAfter?: number;
	sleep: (ms: number) => Promise<void>;
}

export const STREAM_ERROR = googleError(
	500,
	'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
);

export async function writeStream(res: ServerResponse, chunks: unknown[], options: WriteOptions): Promise<void> {
	const frame = (body: unknown, index: number): string =>
		options.sse ? `data: ${JSON.stringify(body)}\r\n\r\n` : `${index === 0 ? '[' : ',\r\n'}${JSON.stringify(body, null, 2)}`;
	const limit = options.errorAfter ?? Number.POSITIVE_INFINITY;
	let index = 0;
	for (const body of chunks) {
		if (index >= limit) break;
		if (index > 0) await options.sleep(options.intervalMs);
		if (res.destroyed) return;
		res.write(frame(body, index));
		index += 1;
	}
	if (options.errorAfter !== undefined) {
		if (index > 0) await options.sleep(options.intervalMs);
		if (res.destroyed) return;
		res.write(frame(STREAM_ERROR, index));
		index += 1;
	}
	res.end(options.sse ? undefined : index === 0 ? '[]' : '\n]');
}

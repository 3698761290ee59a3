/**
 * streamGenerateContent: the answer cut into word chunks, each a complete
 * GenerateContentResponse carrying only its new text and a running usage total.
 * With `alt=sse`: `data: <json>\r\n\r\n` events; without: one JSON array. Either way the bytes
 * go out in small irregular slices (see slices.ts), each its own `write`.
 */
import type { ServerResponse } from 'node:http';
import { corruptUtf8 } from './bodyfaults';
import { googleError } from './errors';
import type { Answer, UsageTotals } from './responses';
import { generateResponse, THOUGHT_TEXT, thoughtSignature, usageMetadata } from './responses';
import { Slicer } from './slices';
import type { GenerateContentResponse, Part, ServiceTier } from './types';

const MAX_CHUNKS = 24;

/** Time between chunks of a `slow` stream (directive `slow`, unless `chunk-interval` is given). */
export const SLOW_INTERVAL_MS = 250;

export interface StreamPlan {
	answer: Answer;
	totals: UsageTotals;
	tier: ServiceTier;
	thinking: boolean;
	includeThoughts: boolean;
	modelVersion: string;
	responseId: string;
}

/** A word longer than this (compact JSON, say) is cut into pieces of `WORD_PIECE` characters. */
const LONG_WORD = 24;
const WORD_PIECE = 16;

/** A long word in pieces of 16 characters (a surrogate pair is never split). */
function splitWord(word: string): string[] {
	const chars = Array.from(word);
	if (chars.length <= LONG_WORD) return [word];
	const pieces: string[] = [];
	for (let i = 0; i < chars.length; i += WORD_PIECE) pieces.push(chars.slice(i, i + WORD_PIECE).join(''));
	return pieces;
}

/** Words with their trailing spaces (words over 24 characters cut in 16s), merged so that there are at most 24 pieces. */
export function splitAnswer(text: string): string[] {
	const words = (text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text])).flatMap(splitWord);
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
	/** Send this many chunks (never the last one), then end the body cleanly: no error, no finishReason. */
	cutAfter?: number;
	/** Send this many events whole, then half of the next one, then reset or end (see MidEventCut). */
	midEvent?: MidEventCut;
	/** Replace INVALID_UTF8_MARK in the events' bytes with bytes that are not UTF-8. */
	invalidUtf8?: boolean;
	/** One write per event instead of small slices (huge answers). */
	wholeFrames?: boolean;
	/** Seeds the slice sizes (the responseId), so that one answer is always cut the same way. */
	seed?: string;
	sleep: (ms: number) => Promise<void>;
}

/**
 * A stream cut inside an event: `after` events go out whole (at most all but the final one), then
 * the first half of the next event's bytes, then the socket is destroyed (`reset`) or the body
 * ends cleanly (`end`). When an error event or `cutAfter` comes first, the stream ends there.
 */
export interface MidEventCut {
	after: number;
	then: 'reset' | 'end';
}

export const STREAM_ERROR = googleError(
	500,
	'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
);

/** The bodies actually sent: the chunks up to a cut or an error, plus the error event. */
export function plannedBodies(chunks: unknown[], options: Pick<WriteOptions, 'errorAfter' | 'cutAfter'>): unknown[] {
	const { errorAfter, cutAfter } = options;
	// A cut keeps at least the final chunk back, so the stream always ends without it.
	const cut = cutAfter === undefined ? Number.POSITIVE_INFINITY : Math.min(cutAfter, Math.max(0, chunks.length - 1));
	if (errorAfter !== undefined && errorAfter <= cut) return [...chunks.slice(0, errorAfter), STREAM_ERROR];
	return chunks.slice(0, cut);
}

function frameFor(sse: boolean): (body: unknown, index: number) => string {
	return (body, index) =>
		sse ? `data: ${JSON.stringify(body)}\r\n\r\n` : `${index === 0 ? '[' : ',\r\n'}${JSON.stringify(body, null, 2)}`;
}

/**
 * One `write` per slice, each handed to the kernel before the next: Node corks writes made in
 * the same tick into one packet, so wait for the write callback and a turn of the event loop.
 */
function writeSlice(res: ServerResponse, slice: Uint8Array): Promise<void> {
	return new Promise((resolve) => {
		// A socket destroyed mid-write may never call back: 'close' settles it too.
		const done = (): void => {
			res.off('close', done);
			setImmediate(resolve);
		};
		res.once('close', done);
		res.write(slice, done);
	});
}

export async function writeStream(res: ServerResponse, chunks: unknown[], options: WriteOptions): Promise<void> {
	const frame = frameFor(options.sse);
	const slicer = new Slicer(options.seed ?? '');
	// Without Nagle's delay each slice leaves as its own TCP segment.
	res.socket?.setNoDelay(true);
	const bodies = plannedBodies(chunks, options);
	const cut = options.midEvent;
	const cutAt = cut === undefined ? undefined : Math.min(cut.after, Math.max(0, chunks.length - 1));
	for (const [index, body] of bodies.entries()) {
		if (index > 0) await options.sleep(options.intervalMs);
		const text = Buffer.from(frame(body, index), 'utf8');
		const bytes = options.invalidUtf8 ? corruptUtf8(text) : text;
		const half = index === cutAt;
		const sent = half ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes;
		for (const slice of options.wholeFrames ? [sent] : slicer.cut(sent)) {
			if (res.destroyed) return;
			await writeSlice(res, slice);
		}
		if (half && cut) {
			if (cut.then === 'reset') res.socket?.destroy();
			else res.end();
			return;
		}
	}
	if (res.destroyed) return;
	res.end(options.sse ? undefined : bodies.length === 0 ? '[]' : '\n]');
}

/**
 * The SSE bench's input: one long streamed answer (2,000 GenerateContentResponse chunks in the
 * fake server's shapes, running usage totals, text with multi-byte characters, quotes and
 * newlines), framed `data: <json>\r\n\r\n`, and two ways of cutting it into reads.
 */
import { ReadableStream } from 'node:stream/web';

import { generateResponse, usageMetadata } from '../test/fake-gemini/responses';
import type { UsageTotals } from '../test/fake-gemini/responses';
import { seededRandom, Slicer } from '../test/fake-gemini/slices';

export const MODEL = 'gemini-2.5-flash';
const RESPONSE_ID = 'bench-sse-Xq3v9kPz1Lm7a';

const SENTENCES = [
	'The quick brown fox jumps over the lazy dog. ',
	'Grüße aus Köln — 東京 🚀 naïve café. ',
	'He said "stream it", and the parser agreed.\n',
	'- item with `code` and a path C:\\temp\\out.txt\n',
	'Cost: ½ € per 1,000 tokens ✓ (not really). ',
	'## Heading\n\nMarkdown with **bold** and _italic_ text. ',
	'Ελληνικά, русский, 日本語 and 한국어 in one line. ',
	'Numbers 3.14159, 2.71828 and 1.41421 go here. ',
];

export interface SseBody {
	bytes: Uint8Array;
	/** totalTokenCount of the last event. */
	lastTotal: number;
	/** Characters of the whole answer text. */
	answerChars: number;
}

function chunkText(random: () => number): string {
	let text = '';
	const sentences = 4 + Math.floor(random() * 8);
	for (let i = 0; i < sentences; i++) text += SENTENCES[Math.floor(random() * SENTENCES.length)];
	return text;
}

/** The CRLF-framed SSE body of one long answer: running usage, finishReason only on the last. */
export function buildSseBody(events: number): SseBody {
	const random = seededRandom('bench-sse-body');
	const texts = Array.from({ length: events }, () => chunkText(random));
	const answerChars = texts.reduce((sum, text) => sum + text.length, 0);
	const totals: UsageTotals = {
		prompt: 812,
		candidates: Math.ceil(answerChars / 4),
		thoughts: 0,
		cached: 0,
		toolUse: 0,
		promptDetails: [{ modality: 'TEXT', tokenCount: 812 }],
		cacheDetails: [],
	};
	let sent = 0;
	const frames = texts.map((text, index) => {
		sent += text.length;
		const last = index === events - 1;
		const body = generateResponse({
			parts: [{ text }],
			finishReason: last ? 'STOP' : undefined,
			usage: usageMetadata(totals, 'standard', last ? totals.candidates : Math.ceil(sent / 4)),
			modelVersion: MODEL,
			responseId: RESPONSE_ID,
		});
		return `data: ${JSON.stringify(body)}\r\n\r\n`;
	});
	return { bytes: Buffer.from(frames.join(''), 'utf8'), lastTotal: totals.prompt + totals.candidates, answerChars };
}

/** The fake server's slicing: 1–64 bytes, cuts inside characters and `\r\n\r\n`. */
export function tinySlices(bytes: Uint8Array): Uint8Array[] {
	const slicer = new Slicer(RESPONSE_ID);
	const slices: Uint8Array[] = [];
	let start = 0;
	// Cut per event, as the server does.
	for (let end = indexOfEventEnd(bytes, start); end > 0; end = indexOfEventEnd(bytes, start)) {
		slices.push(...slicer.cut(bytes.subarray(start, end)));
		start = end;
	}
	return slices;
}

function indexOfEventEnd(bytes: Uint8Array, from: number): number {
	const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('\r\n\r\n', from);
	return at < 0 ? -1 : at + 4;
}

/** Irregular 1–16 KiB pieces, regardless of event boundaries. */
export function networkSlices(bytes: Uint8Array): Uint8Array[] {
	const random = seededRandom('bench-sse-network');
	const slices: Uint8Array[] = [];
	for (let start = 0; start < bytes.length; ) {
		const end = Math.min(bytes.length, start + 1 + Math.floor(random() * 16_384));
		slices.push(bytes.subarray(start, end));
		start = end;
	}
	return slices;
}

/** A fresh stream over the slices (copies, so that no reader can see another's buffers). */
export function streamOf(slices: Uint8Array[]): ReadableStream<Uint8Array> {
	let next = 0;
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			if (next < slices.length) controller.enqueue(slices[next++].slice());
			else controller.close();
		},
	});
}

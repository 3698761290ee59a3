/**
 * Deterministic token counting:
 *   text tokens  = ceil(characters of all text / 4)   (JS string length, all text together)
 *   media tokens = 258 per inlineData / fileData part  (modality from its MIME type)
 *   cached       = floor(tokens / 2) per modality when the request names a cachedContent
 */
import type { Content, Modality, ModalityTokenCount, Part } from './types';

export const MEDIA_PART_TOKENS = 258;

export function textTokens(chars: number): number {
	return Math.ceil(chars / 4);
}

export function modalityOf(mimeType: string | undefined): Modality {
	const mime = (mimeType ?? '').toLowerCase();
	if (mime.startsWith('audio/')) return 'AUDIO';
	if (mime.startsWith('video/')) return 'VIDEO';
	if (mime.startsWith('image/')) return 'IMAGE';
	return 'DOCUMENT';
}

/** Characters a part contributes as text: its text, or the JSON of a function call/response. */
function partChars(part: Part): number {
	let chars = typeof part.text === 'string' ? part.text.length : 0;
	if (part.functionCall) chars += JSON.stringify(part.functionCall).length;
	if (part.functionResponse) chars += JSON.stringify(part.functionResponse).length;
	if (typeof part.executableCode?.code === 'string') chars += part.executableCode.code.length;
	if (typeof part.codeExecutionResult?.output === 'string') chars += part.codeExecutionResult.output.length;
	return chars;
}

export interface PromptCount {
	total: number;
	details: ModalityTokenCount[];
	cached: number;
	cacheDetails: ModalityTokenCount[];
}

export function countPrompt(contents: Content[], systemInstruction: Content | undefined, cached: boolean): PromptCount {
	let chars = 0;
	const media = new Map<Modality, number>();
	const all = systemInstruction ? [systemInstruction, ...contents] : contents;
	for (const content of all) {
		for (const part of content.parts ?? []) {
			chars += partChars(part);
			const blob = part.inlineData ?? part.fileData;
			if (blob) {
				const modality = modalityOf(blob.mimeType);
				media.set(modality, (media.get(modality) ?? 0) + MEDIA_PART_TOKENS);
			}
		}
	}
	const details: ModalityTokenCount[] = [];
	if (chars > 0) details.push({ modality: 'TEXT', tokenCount: textTokens(chars) });
	for (const [modality, tokenCount] of media) details.push({ modality, tokenCount });
	const cacheDetails = cached
		? details
				.map((detail) => ({ modality: detail.modality, tokenCount: Math.floor(detail.tokenCount / 2) }))
				.filter((detail) => detail.tokenCount > 0)
		: [];
	return {
		total: sum(details),
		details,
		cached: sum(cacheDetails),
		cacheDetails,
	};
}

function sum(details: ModalityTokenCount[]): number {
	return details.reduce((total, detail) => total + detail.tokenCount, 0);
}

/**
 * Which of an item's binaries go inline and which through the Files API. Pure.
 *
 * Gemini takes inline data up to 100 MB per request, PDFs up to 50 MB, and files up to 2 GB
 * through the Files API (https://ai.google.dev/gemini-api/docs/file-input-methods).
 */

export const INLINE_REQUEST_LIMIT_BYTES = 100 * 1024 * 1024;
export const INLINE_PDF_LIMIT_BYTES = 50 * 1024 * 1024;
export const FILES_API_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;

export type UploadMode = 'auto' | 'always';

export interface BinaryInput {
	/** The binary property name (Binary Properties). */
	name: string;
	mimeType: string;
	sizeBytes: number;
}

export interface InputPlan {
	inline: BinaryInput[];
	upload: BinaryInput[];
	/** A binary the Files API cannot take either (over 2 GB). */
	tooLarge?: BinaryInput;
}

const isPdf = (input: BinaryInput) => input.mimeType.toLowerCase().startsWith('application/pdf');

function fitsInline(inputs: BinaryInput[]): boolean {
	const total = inputs.reduce((sum, input) => sum + input.sizeBytes, 0);
	const pdf = inputs.filter(isPdf).reduce((sum, input) => sum + input.sizeBytes, 0);
	return total <= INLINE_REQUEST_LIMIT_BYTES && pdf <= INLINE_PDF_LIMIT_BYTES;
}

/**
 * Everything inline when it fits; otherwise the largest binaries are uploaded until the rest
 * fits (fewest uploads, smallest request). `always` uploads every binary.
 */
export function planInputs(inputs: BinaryInput[], mode: UploadMode): InputPlan {
	const tooLarge = inputs.find((input) => input.sizeBytes > FILES_API_LIMIT_BYTES);
	if (mode === 'always') return { inline: [], upload: [...inputs], tooLarge };
	const inline = [...inputs];
	const upload: BinaryInput[] = [];
	const largestFirst = [...inputs].sort((a, b) => b.sizeBytes - a.sizeBytes);
	for (const input of largestFirst) {
		if (fitsInline(inline)) break;
		inline.splice(inline.indexOf(input), 1);
		upload.push(input);
	}
	return { inline, upload, tooLarge };
}

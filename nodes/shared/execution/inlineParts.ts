import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidParameterError } from '../parameters/settings';
import type { InlinePart } from '../request/buildGenerateRequest';

/** Gemini refuses requests over 20 MB with inline data (ai.google.dev/gemini-api/docs/file-input-methods). */
export const INLINE_REQUEST_LIMIT_BYTES = 20 * 1024 * 1024;

/** Refuses a Binary Properties name the item has no binary field for (nothing is read). */
export function checkBinaryFields(ctx: IExecuteFunctions, itemIndex: number, propertyNames: string[]): void {
	const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
	const missing = propertyNames.find((name) => !binaries[name]);
	if (missing === undefined) return;
	throw new InvalidParameterError(
		'options.binaryProperties',
		`Binary Properties (options.binaryProperties) names "${missing}", but the item has no such binary field (it has: ${Object.keys(binaries).join(', ') || 'none'})`,
	);
}

/** Reads the item's binary fields named in Binary Properties as base64 inline parts. */
export async function loadInlineParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyNames: string[],
): Promise<InlinePart[]> {
	checkBinaryFields(ctx, itemIndex, propertyNames);
	const parts: InlinePart[] = [];
	let bytes = 0;
	for (const name of propertyNames) {
		const binary = ctx.getInputData()[itemIndex].binary![name];
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
		bytes += buffer.length;
		if (bytes > INLINE_REQUEST_LIMIT_BYTES) {
			throw new InvalidParameterError(
				'options.binaryProperties',
				`Binary Properties (options.binaryProperties) add up to ${(bytes / 1048576).toFixed(1)} MB, over Gemini's 20 MB limit for inline data`,
			);
		}
		parts.push({ mimeType: binary.mimeType || 'application/octet-stream', data: buffer.toString('base64') });
	}
	return parts;
}

import type { IExecuteFunctions } from 'n8n-workflow';

import { checkBinaryFields } from '../execution/inlineParts';
import type { CallSettings, GeminiClient } from '../transport/GeminiClient';

/**
 * The parts a cache (or a run's shared context) holds: a text and an item's binary files. Files
 * travel inline while all of them fit a 20 MB request together; a larger file goes through the
 * Files API first and is referenced by its URI
 * (https://ai.google.dev/gemini-api/docs/file-input-methods).
 */

/**
 * Gemini's 100 MB inline limit (January 2026) is documented for generateContent; cache creation
 * keeps the long-documented 20 MB until that is confirmed for cachedContents. Above it the Files
 * API, which any size up to 2 GB may use, carries the file.
 */
const CACHE_INLINE_LIMIT_BYTES = 20 * 1024 * 1024;

export type ContentPart = { text: string } | { inlineData: { mimeType: string; data: string } } | { fileData: { mimeType: string; fileUri: string } };

export interface ContentSource {
	text: string;
	/** Binary field names of the item. */
	binaryProperties: string[];
	/** Names the uploads (a file's display name is `<label> <field>`). */
	label: string;
}

/** True when the files can go inline: together (base64 adds a third) under the request limit. */
export function fitsInline(totalBytes: number): boolean {
	return Math.ceil(totalBytes / 3) * 4 < CACHE_INLINE_LIMIT_BYTES;
}

export async function buildContentParts(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	itemIndex: number,
	source: ContentSource,
	settings: CallSettings,
): Promise<ContentPart[]> {
	const parts: ContentPart[] = [];
	if (source.text.trim() !== '') parts.push({ text: source.text });
	if (source.binaryProperties.length === 0) return parts;
	checkBinaryFields(ctx, itemIndex, source.binaryProperties);
	const binaries = ctx.getInputData()[itemIndex].binary ?? {};
	const buffers = await Promise.all(source.binaryProperties.map(async (name) => await ctx.helpers.getBinaryDataBuffer(itemIndex, name)));
	const inline = fitsInline(buffers.reduce((sum, buffer) => sum + buffer.length, 0));
	for (const [index, name] of source.binaryProperties.entries()) {
		const buffer = buffers[index];
		const mimeType = binaries[name].mimeType || 'application/octet-stream';
		if (inline) {
			parts.push({ inlineData: { mimeType, data: buffer.toString('base64') } });
			continue;
		}
		const uploaded = await client.uploadFile(
			{
				displayName: `${source.label} ${name}`,
				mimeType,
				sizeBytes: buffer.length,
				body: async function* () {
					yield buffer;
				},
			},
			settings,
		);
		parts.push({ fileData: { mimeType: uploaded.mimeType ?? mimeType, fileUri: uploaded.uri ?? uploaded.name } });
	}
	return parts;
}

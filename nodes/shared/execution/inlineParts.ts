import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fileUrlPart } from '../media/fileUrls';
import { uploadOrReuse, type FileMemory, type StreamedBytes } from '../media/geminiFiles';
import { planInputs, type BinaryInput } from '../media/inputPlan';
import { InvalidParameterError, type GeminiSettings } from '../parameters/settings';
import type { InlinePart } from '../request/buildGenerateRequest';
import type { GeminiClient } from '../transport/GeminiClient';

export { INLINE_REQUEST_LIMIT_BYTES } from '../media/inputPlan';

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

const mimeOf = (binary: IBinaryData) => binary.mimeType || 'application/octet-stream';

/** Exact size without reading the bytes: n8n's metadata in filesystem/S3 mode, the base64 length in memory mode. */
async function sizeOf(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number> {
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	const base64 = binary.data.replace(/\s/g, '');
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return (base64.length / 4) * 3 - padding;
}

/** The binary's bytes, streamed from n8n's store when it has one (never whole in memory). */
function streamedBytes(ctx: IExecuteFunctions, binary: IBinaryData, sizeBytes: number): StreamedBytes {
	const { id } = binary;
	return {
		mimeType: mimeOf(binary),
		sizeBytes,
		body: id
			? async function* () {
					yield* (await ctx.helpers.getBinaryStream(id)) as AsyncIterable<Uint8Array>;
				}
			: async function* () {
					yield Buffer.from(binary.data, 'base64');
				},
	};
}

/** Where uploads are remembered between executions: the node's static data (saved for active workflows). */
function fileMemory(ctx: IExecuteFunctions): FileMemory | undefined {
	try {
		const data = ctx.getWorkflowStaticData('node');
		data.geminiFiles ??= {};
		return data.geminiFiles as IDataObject as unknown as FileMemory;
	} catch {
		return undefined;
	}
}

export interface MediaLoad {
	parts: InlinePart[];
	/** What the Files API did, for the output item (`files`): uploaded or reused, by property. */
	files: Array<{ property: string; name: string; reused: boolean; sizeBytes: number }>;
}

/**
 * The item's binaries (Binary Properties) and File URLs as request parts: inline while the
 * request stays within Gemini's inline limits, above them (or always, by option) uploaded with
 * the Files API and referenced by `fileData`. Without a client (nothing may be uploaded), a
 * binary over the inline limits is refused.
 */
export async function loadMediaParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: Pick<GeminiSettings, 'binaryProperties' | 'media' | 'timeoutMs' | 'retry'>,
	client?: GeminiClient,
	signal?: AbortSignal,
): Promise<MediaLoad> {
	const names = settings.binaryProperties;
	checkBinaryFields(ctx, itemIndex, names);
	const binaries = ctx.getInputData()[itemIndex].binary ?? {};
	const inputs: BinaryInput[] = [];
	for (const name of names) inputs.push({ name, mimeType: mimeOf(binaries[name]), sizeBytes: await sizeOf(ctx, binaries[name]) });
	const plan = planInputs(inputs, settings.media.uploadMode);
	if (plan.tooLarge) {
		throw new InvalidParameterError('options.binaryProperties', `Binary Properties (options.binaryProperties): "${plan.tooLarge.name}" is ${megabytes(plan.tooLarge.sizeBytes)}, over the Files API's 2 GB limit`);
	}
	if (plan.upload.length && !client) {
		const total = inputs.reduce((sum, input) => sum + input.sizeBytes, 0);
		throw new InvalidParameterError('options.binaryProperties', `Binary Properties (options.binaryProperties) add up to ${megabytes(total)}, over Gemini's inline limit (100 MB, PDFs 50 MB)`);
	}
	const parts: InlinePart[] = [];
	const files: MediaLoad['files'] = [];
	const memory = plan.upload.length ? fileMemory(ctx) : undefined;
	for (const input of inputs) {
		if (plan.inline.includes(input)) {
			const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, input.name);
			parts.push({ mimeType: input.mimeType, data: buffer.toString('base64') });
			continue;
		}
		const outcome = await uploadOrReuse(client!, streamedBytes(ctx, binaries[input.name], input.sizeBytes), memory, { timeoutMs: settings.timeoutMs, retry: settings.retry, signal });
		parts.push({ mimeType: outcome.file.mimeType, fileUri: outcome.file.uri });
		files.push({ property: input.name, name: outcome.file.name, reused: outcome.reused, sizeBytes: input.sizeBytes });
	}
	for (const [index, url] of settings.media.fileUrls.entries()) {
		parts.push(await fileUrlPart(url, index, client, { timeoutMs: settings.timeoutMs, retry: settings.retry, signal }));
	}
	return { parts, files };
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

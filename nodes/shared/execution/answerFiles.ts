import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { binaryPropertyName, type MediaFile } from '../response/media';

/** An output item that carries binary data (images, audio) besides its JSON. */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/**
 * The answer's images and audio as n8n binary data under `data`, `data_1`, … , stored the way
 * the instance stores binaries (memory or filesystem) through n8n's own helper.
 */
export async function answerBinary(
	ctx: { helpers: Pick<IExecuteFunctions['helpers'], 'prepareBinaryData'> },
	files: readonly MediaFile[],
): Promise<IBinaryKeyData | undefined> {
	if (!files.length) return undefined;
	const binary: IBinaryKeyData = {};
	for (const [index, file] of files.entries()) {
		const fileName = `${file.kind}${index ? `_${index}` : ''}.${file.fileExtension}`;
		const data = await ctx.helpers.prepareBinaryData(file.data, fileName, file.mimeType);
		binary[binaryPropertyName(index)] = { ...data, fileExtension: file.fileExtension };
	}
	return binary;
}

/** The item with its binary data, or the plain JSON when the answer had no files. */
export function withBinary(json: IDataObject, binary: IBinaryKeyData | undefined): IDataObject | ItemWithBinary {
	return binary ? new ItemWithBinary(json, binary) : json;
}

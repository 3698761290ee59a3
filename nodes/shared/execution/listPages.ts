import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, toNodeError } from './nodeErrors';

/**
 * A List operation: pages of a Google list, one item each, up to Return All / Limit, paired with
 * the first input item. A failure is the node's error, or one error item under Continue On Fail.
 */
export async function listPages(
	ctx: IExecuteFunctions,
	page: (pageToken: string | undefined) => Promise<{ items: IDataObject[]; nextPageToken?: string }>,
): Promise<INodeExecutionData[]> {
	const returnAll = ctx.getNodeParameter('returnAll', 0, false) as boolean;
	const limit = returnAll ? Number.POSITIVE_INFINITY : (ctx.getNodeParameter('limit', 0, 50) as number);
	const out: INodeExecutionData[] = [];
	let pageToken: string | undefined;
	try {
		do {
			const next = await page(pageToken);
			for (const json of next.items) {
				if (out.length >= limit) break;
				out.push({ json, pairedItem: { item: 0 } });
			}
			pageToken = next.nextPageToken;
		} while (pageToken && out.length < limit);
	} catch (thrown) {
		const error = toNodeError(ctx.getNode(), thrown, 0);
		if (!ctx.continueOnFail()) throw error;
		return [{ json: errorItemJson(error), pairedItem: { item: 0 } }];
	}
	return out;
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { RunState } from '../execution/callGemini';
import { toNodeError } from '../execution/nodeErrors';
import { InvalidParameterError, parseModel } from '../parameters/settings';
import type { GeminiClient } from '../transport/GeminiClient';
import { SharedContextRun, type SharedContextInput } from './sharedContext';
import { annotateSharedContext } from './sharedCosts';

/** The Shared Context options (Generate, Extract, Batch's requests sent now). */
export const sharedContextOptions: INodeProperties[] = [
	{
		displayName: 'Shared Context',
		name: 'sharedContext',
		type: 'string',
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'e.g. {{ $(\'Read Contract\').first().json.text }}',
		description:
			'Content every item shares (a document, a long instruction), read from the first item and sent before each item\'s prompt. When it is above the model\'s cache minimum and caching pays for this many items, it is cached once for the run, read at the cache price, and the cache is deleted at the end.',
	},
	{
		displayName: 'Shared Context Files',
		name: 'sharedContextFiles',
		type: 'string',
		default: '',
		placeholder: 'e.g. data',
		description: 'Binary fields of the first item that every item shares (e.g. a PDF), comma-separated; cached with the Shared Context',
	},
];

function readSharedContext(ctx: IExecuteFunctions): SharedContextInput | undefined {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const text = String(options.sharedContext ?? '');
	const binaryProperties = String(options.sharedContextFiles ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (text.trim() === '' && binaryProperties.length === 0) return undefined;
	if (String(options.cachedContent ?? '').trim() !== '') {
		throw new InvalidParameterError('options.sharedContext', 'Shared Context (options.sharedContext) and Cached Content (options.cachedContent) cannot be used together: a request reads one cache');
	}
	return { text, binaryProperties };
}

/**
 * Runs the node's items with the run's Shared Context (when the option is set): the cache is
 * deleted when they are done, also when they fail or the execution is stopped, and each item
 * gets its share of the cost.
 */
export async function withSharedContext(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
	work: () => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	let input: SharedContextInput | undefined;
	try {
		input = readSharedContext(ctx);
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, 0);
	}
	if (!input) return await work();
	const { model } = parseModel(ctx.getNodeParameter('model', 0, '', { extractValue: true }));
	const run = new SharedContextRun(ctx, client, input, ctx.getInputData().length, state.prices);
	state.sharedContext = run;
	// A stopped execution may never reach the `finally` below in time; close() runs once either way.
	if (typeof ctx.onExecutionCancellation === 'function') ctx.onExecutionCancellation(async () => await run.close());
	let items: INodeExecutionData[];
	try {
		items = await work();
	} finally {
		await run.close();
	}
	annotateSharedContext(items, await run.close(), model, state.prices);
	return items;
}

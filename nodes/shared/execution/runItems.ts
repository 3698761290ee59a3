import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, PartialOutputError, toNodeError } from './nodeErrors';

/**
 * Runs `handler` for every input item with at most `concurrency` in flight, and returns the
 * outputs in input order, each paired with its input item (a handler may return several outputs
 * for one input, e.g. an array split into items). With "Continue On Fail" a failing
 * item becomes an error item and the others complete; otherwise the first failure stops the
 * rest (their requests are aborted: nobody will see their answers) and is thrown.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	concurrency: number,
	handler: (itemIndex: number, signal: AbortSignal) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Concurrency (options.concurrency) must be a whole number of at least 1; got ${JSON.stringify(concurrency)}`,
		);
	}
	const count = ctx.getInputData().length;
	const results: INodeExecutionData[][] = new Array(count);
	const stopOthers = new AbortController();
	const executionSignal = ctx.getExecutionCancelSignal();
	const signal = executionSignal ? AbortSignal.any([executionSignal, stopOthers.signal]) : stopOthers.signal;
	const continueOnFail = ctx.continueOnFail();
	let next = 0;
	let firstError: Error | undefined;

	const worker = async () => {
		while (next < count && !firstError) {
			const itemIndex = next++;
			try {
				const output = await handler(itemIndex, signal);
				results[itemIndex] = (Array.isArray(output) ? output : [output]).map((json) => ({
					json,
					pairedItem: { item: itemIndex },
				}));
			} catch (thrown) {
				const error = toNodeError(ctx.getNode(), thrown, itemIndex);
				if (!continueOnFail) {
					firstError ??= error;
					stopOthers.abort();
					return;
				}
				const partial = thrown instanceof PartialOutputError ? thrown.partial : undefined;
				results[itemIndex] = [{ json: errorItemJson(error, partial), pairedItem: { item: itemIndex } }];
			}
		}
	};

	const workers = Math.min(concurrency, count);
	await Promise.all(Array.from({ length: workers }, worker));
	if (firstError) throw firstError;
	return results.flat();
}

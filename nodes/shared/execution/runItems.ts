import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { ItemWithBinary } from './answerFiles';
import { errorItemJson, PartialOutputError, toNodeError } from './nodeErrors';

export type ItemOutput = IDataObject | ItemWithBinary | Array<IDataObject | ItemWithBinary>;

/**
 * One item's work in three stages. Splitting it lets a worker do the CPU stages of its other
 * items while a request is in flight: it prepares its next item and finishes its last one during
 * the network wait, so only sending and receiving sit on the critical path.
 */
export interface ItemStages<P, A, O extends ItemOutput = ItemOutput> {
	/** Reads and validates the item (n8n resolves its expressions here). A throw fails the item before anything is sent. */
	prepare(itemIndex: number): Promise<P>;
	/** Sends it and waits for the answer. */
	send(prepared: P, itemIndex: number, signal: AbortSignal): Promise<A>;
	/** Turns the answer into the item's output(s). */
	finish(answer: A, prepared: P, itemIndex: number): O;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const settle = async <T>(promise: Promise<T>): Promise<Settled<T>> =>
	await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);

/** One event-loop turn: a request just started reaches its socket before more CPU work runs. */
const letRequestsGoOut = async () => await new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs every input item through `stages` with at most `concurrency` requests in flight, and
 * returns the outputs in input order, each paired with its input item (one input may give
 * several outputs, e.g. an array split into items). With "Continue On Fail" a failing item
 * becomes an error item and the others complete; otherwise the first failure stops the rest
 * (their requests are aborted: nobody will see their answers) and is thrown.
 *
 * At most `concurrency` prepared items wait to be sent, shared by the workers (so a slow request
 * never holds back an item another worker could send): memory stays bounded by the concurrency,
 * not by the number of items.
 */
export async function runItemStages<P, A>(ctx: IExecuteFunctions, concurrency: number, stages: ItemStages<P, A>): Promise<INodeExecutionData[]> {
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Concurrency (requestOptions.concurrency) must be a whole number of at least 1; got ${JSON.stringify(concurrency)}`,
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

	const fail = (itemIndex: number, thrown: unknown) => {
		const error = toNodeError(ctx.getNode(), thrown, itemIndex);
		if (!continueOnFail) {
			firstError ??= error;
			stopOthers.abort();
			return;
		}
		const partial = thrown instanceof PartialOutputError ? thrown.partial : undefined;
		results[itemIndex] = [{ json: errorItemJson(error, partial), pairedItem: { item: itemIndex } }];
	};

	const complete = (itemIndex: number, output: () => ItemOutput) => {
		try {
			const json = output();
			results[itemIndex] = (Array.isArray(json) ? json : [json]).map((item) =>
				item instanceof ItemWithBinary
					? { json: item.json, binary: item.binary, pairedItem: { item: itemIndex } }
					: { json: item, pairedItem: { item: itemIndex } },
			);
		} catch (thrown) {
			fail(itemIndex, thrown);
		}
	};

	const workers = Math.min(concurrency, count);
	/** Prepared items waiting to be sent, shared: whichever worker is free first sends the next one. */
	const ready: Array<{ itemIndex: number; prepared: P }> = [];

	/** Prepares the next item into `ready` (items that fail to prepare are failed here); false when none is left. */
	const prepareOne = async (): Promise<boolean> => {
		while (next < count && !firstError) {
			const itemIndex = next++;
			try {
				ready.push({ itemIndex, prepared: await stages.prepare(itemIndex) });
				return true;
			} catch (thrown) {
				fail(itemIndex, thrown);
			}
		}
		return false;
	};

	const takeReady = async () => {
		while (ready.length === 0 && !firstError) if (!(await prepareOne())) break;
		return firstError ? undefined : ready.shift();
	};

	const worker = async () => {
		let finishLast: (() => void) | undefined;
		for (let current = await takeReady(); current; current = await takeReady()) {
			const { itemIndex, prepared } = current;
			const answer = settle(stages.send(prepared, itemIndex, signal));
			await letRequestsGoOut();
			finishLast?.();
			finishLast = undefined;
			if (ready.length < workers) await prepareOne();
			const settled = await answer;
			if (settled.ok) finishLast = () => complete(itemIndex, () => stages.finish(settled.value, prepared, itemIndex));
			else fail(itemIndex, settled.error); // at once: without Continue On Fail nothing more may be sent
		}
		finishLast?.();
	};

	await Promise.all(Array.from({ length: workers }, worker));
	if (firstError) throw firstError;
	return results.flat();
}

/** `runItemStages` for work that does not split into stages: `handler` does the whole item. */
export async function runItems(
	ctx: IExecuteFunctions,
	concurrency: number,
	handler: (itemIndex: number, signal: AbortSignal) => Promise<ItemOutput>,
): Promise<INodeExecutionData[]> {
	return await runItemStages(ctx, concurrency, {
		prepare: async () => undefined,
		send: async (_prepared, itemIndex, signal) => await handler(itemIndex, signal),
		finish: (output) => output,
	});
}

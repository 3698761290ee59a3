import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { runItemStages, type ItemStages } from '../../../nodes/shared/execution/runItems';
import { InvalidParameterError } from '../../../nodes/shared/parameters/settings';

const NODE = { name: 'Gemini Generate', type: 'n8n-nodes-gemini-meter.geminiGenerate', typeVersion: 1, parameters: {} } as unknown as INode;

/** The four things runItemStages asks of n8n. */
function context(count: number, continueOnFail = false): IExecuteFunctions {
	return {
		getInputData: () => Array.from({ length: count }, (_, i) => ({ json: { i } })),
		getNode: () => NODE,
		continueOnFail: () => continueOnFail,
		getExecutionCancelSignal: () => undefined,
	} as unknown as IExecuteFunctions;
}

/** A request the test answers by hand, so it decides when each one comes back. */
class Requests {
	readonly open = new Map<number, { answer: (text: string) => void; fail: (error: Error) => void; signal: AbortSignal }>();
	private waiters: Array<() => void> = [];

	send = async (itemIndex: number, signal: AbortSignal): Promise<string> =>
		await new Promise<string>((answer, fail) => {
			this.open.set(itemIndex, { answer, fail, signal });
			signal.addEventListener('abort', () => fail(new Error(`item ${itemIndex} aborted`)));
			this.waiters.splice(0).forEach((wake) => wake());
		});

	async whenOpen(itemIndex: number): Promise<void> {
		while (!this.open.has(itemIndex)) await new Promise<void>((wake) => this.waiters.push(wake));
	}

	async answer(itemIndex: number): Promise<void> {
		await this.whenOpen(itemIndex);
		this.open.get(itemIndex)!.answer(`answer ${itemIndex}`);
		this.open.delete(itemIndex);
	}
}

function recordingStages(requests: Requests, log: string[], failPrepare = new Set<number>()): ItemStages<number, string> {
	return {
		prepare: async (itemIndex) => {
			log.push(`prepare ${itemIndex}`);
			if (failPrepare.has(itemIndex)) throw new InvalidParameterError('prompt', 'Prompt (prompt) is empty');
			return itemIndex * 10;
		},
		send: async (_prepared, itemIndex, signal) => {
			log.push(`send ${itemIndex}`);
			return await requests.send(itemIndex, signal);
		},
		finish: (answer, prepared, itemIndex) => {
			log.push(`finish ${itemIndex}`);
			return { answer, prepared, itemIndex };
		},
	};
}

describe('runItemStages', () => {
	it('prepares the next item and finishes the last one while a request is in flight', async () => {
		const requests = new Requests();
		const log: string[] = [];
		const run = runItemStages(context(3), 1, recordingStages(requests, log));
		await requests.whenOpen(0);
		await new Promise((resolve) => setImmediate(resolve));
		// Item 1 is ready before item 0's answer comes back.
		expect(log).toEqual(['prepare 0', 'send 0', 'prepare 1']);
		await requests.answer(0);
		await requests.whenOpen(1);
		await new Promise((resolve) => setImmediate(resolve));
		// Item 1 went out before item 0 was turned into its output.
		expect(log).toEqual(['prepare 0', 'send 0', 'prepare 1', 'send 1', 'finish 0', 'prepare 2']);
		await requests.answer(1);
		await requests.answer(2);
		const items = await run;
		expect(items.map((item) => item.json)).toEqual([
			{ answer: 'answer 0', prepared: 0, itemIndex: 0 },
			{ answer: 'answer 1', prepared: 10, itemIndex: 1 },
			{ answer: 'answer 2', prepared: 20, itemIndex: 2 },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('keeps at most concurrency requests in flight and returns outputs in input order', async () => {
		const requests = new Requests();
		const log: string[] = [];
		const run = runItemStages(context(6), 2, recordingStages(requests, log));
		await requests.whenOpen(1);
		await new Promise((resolve) => setImmediate(resolve));
		expect([...requests.open.keys()].sort()).toEqual([0, 1]);
		// Two workers, each holding the item in flight and its next one.
		expect(log.filter((line) => line.startsWith('prepare')).sort()).toEqual(['prepare 0', 'prepare 1', 'prepare 2', 'prepare 3']);
		for (const itemIndex of [1, 0, 3, 2, 5, 4]) await requests.answer(itemIndex);
		const items = await run;
		expect(items.map((item) => item.json.itemIndex)).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('a slow request holds nothing back: the next prepared item goes to whichever worker is free', async () => {
		const requests = new Requests();
		const log: string[] = [];
		const run = runItemStages(context(3), 2, recordingStages(requests, log));
		await requests.whenOpen(0);
		await requests.answer(1);
		// Item 0 is still waiting; item 2 goes out on the worker that sent item 1.
		await requests.whenOpen(2);
		expect(requests.open.has(0)).toBe(true);
		await requests.answer(2);
		await requests.answer(0);
		expect((await run).map((item) => item.json.itemIndex)).toEqual([0, 1, 2]);
	});

	it('with Continue On Fail, an item that fails to prepare is never sent and becomes an error item', async () => {
		const requests = new Requests();
		const log: string[] = [];
		const run = runItemStages(context(3, true), 1, recordingStages(requests, log, new Set([1])));
		await requests.answer(0);
		await requests.answer(2);
		const items = await run;
		expect(log).not.toContain('send 1');
		expect(items).toHaveLength(3);
		expect(items[1]).toEqual({
			json: { error: expect.stringContaining('Prompt (prompt) is empty [item 1]'), details: expect.objectContaining({ itemIndex: 1 }) },
			pairedItem: { item: 1 },
		});
		expect(items[2].json).toEqual({ answer: 'answer 2', prepared: 20, itemIndex: 2 });
	});

	it('without Continue On Fail, the first failure aborts the request in flight, sends nothing more and is thrown', async () => {
		const requests = new Requests();
		const log: string[] = [];
		const run = runItemStages(context(4), 1, recordingStages(requests, log, new Set([1])));
		await expect(run).rejects.toThrow('Prompt (prompt) is empty [item 1]');
		expect(log.filter((line) => line.startsWith('send'))).toEqual(['send 0']);
		expect(log).not.toContain('prepare 2');
	});

	it('a failed answer fails its item at once: nothing more is sent without Continue On Fail', async () => {
		const requests = new Requests();
		const log: string[] = [];
		const run = runItemStages(context(3), 1, recordingStages(requests, log));
		await requests.whenOpen(0);
		requests.open.get(0)!.fail(new Error('503 UNAVAILABLE: The model is overloaded.'));
		await expect(run).rejects.toThrow('The model is overloaded');
		expect(log.filter((line) => line.startsWith('send'))).toEqual(['send 0']);
	});
});

import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { withSharedContext } from '../shared/cache/withSharedContext';
import { answerBinary, ItemWithBinary, withBinary } from '../shared/execution/answerFiles';
import { newRunState } from '../shared/execution/callGemini';
import {
	batchPath,
	batchResultItem,
	batchResults,
	getBatchJob,
	jobSummary,
	listBatchJobs,
	waitForBatchJob,
} from '../shared/execution/batchJobs';
import { createBatchJob } from '../shared/execution/batchCreate';
import { underBudget } from '../shared/execution/budgetStages';
import type { PreparedItem } from '../shared/execution/itemCall';
import { generateStages } from '../shared/execution/generateStages';
import { listPages } from '../shared/execution/listPages';
import { errorItemJson, toNodeError } from '../shared/execution/nodeErrors';
import { runItems, runItemStages } from '../shared/execution/runItems';
import { readConcurrency } from '../shared/parameters/readSettings';
import { InvalidParameterError } from '../shared/parameters/settings';
import { estimateInputCost, usageFromMetadata, type PriceTable, type TokenCounts } from '../shared/pricing';
import type { CallSettings, GeminiClient } from '../shared/transport/GeminiClient';
import { planSubmit, type SubmitPlan } from './submitPlan';

/** Gemini Batch's operations; the node file only picks one. */

export { BATCH_TIERS } from './submitEncode';

const JOB_CALL: Omit<CallSettings, 'signal'> = { timeoutMs: 120_000 };

function requestKey(ctx: IExecuteFunctions, itemIndex: number): string {
	const key = String(ctx.getNodeParameter('requestKey', itemIndex, String(itemIndex)) ?? '').trim();
	if (!key) throw new InvalidParameterError('requestKey', 'Request Key (requestKey) is empty');
	return key;
}

/**
 * Input cost at the batch price from counted tokens, priced per request (each request's own
 * long-context decision, as Google bills it) and summed. Output is only known from the results.
 */
async function estimateJobInput(client: GeminiClient, plan: SubmitPlan, settings: CallSettings, prices: PriceTable): Promise<IDataObject> {
	// Workers share one lazy iterator (an async generator queues their calls), so the requests are
	// built as they are counted, never all held.
	const entries = plan.entries()[Symbol.asyncIterator]();
	const prompts: TokenCounts[] = [];
	let uncounted = 0;
	const worker = async () => {
		for (let next = await entries.next(); !next.done; next = await entries.next()) {
			const { body } = await client.json<{ totalTokens?: number; promptTokensDetails?: unknown }>(
				'POST',
				`${plan.modelPath}:countTokens`,
				{ generateContentRequest: { model: plan.modelPath, ...next.value.request } },
				settings,
			);
			const promptTokenCount = body.totalTokens;
			if (typeof promptTokenCount !== 'number') uncounted += 1;
			else prompts.push(usageFromMetadata({ promptTokenCount, totalTokenCount: promptTokenCount, promptTokensDetails: body.promptTokensDetails }));
		}
	};
	await Promise.all(Array.from({ length: Math.min(8, plan.count) }, worker));
	const estimate = estimateInputCost({ model: plan.model, tier: 'batch', prompts, override: plan.first.priceOverride, table: prices });
	return {
		requests: estimate?.requests ?? 0,
		inputTokens: estimate?.inputTokens ?? 0,
		// A request countTokens gave no number for makes the sum unknown, never a smaller number.
		inputUsd: uncounted > 0 ? null : (estimate?.cost.total ?? null),
		...(uncounted > 0 ? { uncountedRequests: uncounted } : {}),
		longContextRequests: estimate?.longContextRequests ?? 0,
		pricing: (estimate?.cost.pricing ?? null) as IDataObject | null,
		note: 'Input only, each request priced on its own at the batch price (the long-context rate only for a request whose own prompt passes it); output is billed with the results.',
	};
}

function pairedWithAll(count: number): IPairedItemData[] {
	return Array.from({ length: count }, (_, item) => ({ item }));
}

function jobCall(ctx: IExecuteFunctions): CallSettings {
	return { ...JOB_CALL, signal: ctx.getExecutionCancelSignal() };
}

/** Submit / Submit and Wait on the Batch tier: all items become one job. */
async function submitJob(ctx: IExecuteFunctions, client: GeminiClient, wait: boolean, prices: PriceTable): Promise<INodeExecutionData[]> {
	const plan = await planSubmit(ctx, client);
	const settings = jobCall(ctx);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const estimate = options.estimateCost === true ? await estimateJobInput(client, plan, settings, prices) : undefined;
	const created = await createBatchJob(client, {
		modelPath: plan.modelPath,
		displayName: plan.displayName,
		entries: plan.entries,
		...(plan.spool ? { encoded: { size: plan.spool.size, chunks: () => plan.spool!.chunks() } } : {}),
		settings,
	});
	if (!wait) {
		const json: IDataObject = {
			batch: { ...jobSummary(created.job), input: created.input, ...(created.file ? { file: created.file } : {}) },
			submission: created.submission,
		};
		if (estimate) json.estimatedCost = estimate;
		return [{ json, pairedItem: pairedWithAll(plan.count) }];
	}
	const job = await waitForBatchJob(client, created.job.name, {
		pollIntervalMs: Number(options.pollIntervalSeconds ?? 30) * 1000,
		maxWaitMs: Number(options.maxWaitMinutes ?? 60) * 60_000,
		settings,
	});
	const indexOfKey = new Map(plan.keys.map((key, index) => [key, index]));
	// A create that needed more than one try is worth a warning on every result it produced.
	const warnings = created.submission.attempts > 1 || created.submission.foundExisting ? [created.submission.note] : [];
	const out: INodeExecutionData[] = [];
	for await (const result of batchResults(client, job, settings)) {
		const { key, json, files } = batchResultItem(job, result, { prices, priceOverride: plan.first.priceOverride }, warnings);
		const source = key !== null ? indexOfKey.get(key) : undefined;
		const binary = await answerBinary(ctx, files);
		out.push({ json, ...(binary ? { binary } : {}), pairedItem: source !== undefined ? { item: source } : pairedWithAll(plan.count) });
	}
	return out;
}

/** Flex, Standard or Priority: the same requests sent now, returned as the same result items. */
async function runNow(ctx: IExecuteFunctions, client: GeminiClient, prices: PriceTable): Promise<INodeExecutionData[]> {
	const state = newRunState(prices);
	const generate = generateStages(ctx, client, state);
	const stages = underBudget(
		ctx,
		{
			prepare: async (itemIndex: number) => ({ key: requestKey(ctx, itemIndex), item: await generate.prepare(itemIndex) }),
			send: async ({ item }: { item: PreparedItem }, itemIndex: number, signal: AbortSignal) => await generate.send(item, itemIndex, signal),
			finish: (answer: Awaited<ReturnType<typeof generate.send>>, { key, item }: { key: string; item: PreparedItem }, itemIndex: number) => {
				const output = generate.finish(answer, item, itemIndex);
				if (output instanceof ItemWithBinary) return new ItemWithBinary({ key, ...output.json, batch: null }, output.binary);
				return { key, ...output, batch: null };
			},
		},
		{ client, prices, preparedItem: (prepared) => prepared.item },
	);
	return await withSharedContext(ctx, client, state, async () => await runItemStages(ctx, readConcurrency(ctx), stages));
}

export async function submit(ctx: IExecuteFunctions, client: GeminiClient, wait: boolean, prices: PriceTable): Promise<INodeExecutionData[]> {
	const tier = ctx.getNodeParameter('serviceTier', 0, 'batch') as string;
	if (tier !== 'batch' && ctx.getNodeParameter('promptSource', 0, 'expression') === 'field') {
		const refused = new InvalidParameterError('promptSource', `Prompt Source (promptSource) "Item Field" works on the Batch tier; on ${tier} set it to "Prompt Parameter" with an expression such as {{ $json.prompt }}`);
		throw toNodeError(ctx.getNode(), refused, 0);
	}
	if (tier !== 'batch') return await runNow(ctx, client, prices);
	try {
		return await submitJob(ctx, client, wait, prices);
	} catch (thrown) {
		const error = toNodeError(ctx.getNode(), thrown);
		if (!ctx.continueOnFail()) throw error;
		return [{ json: errorItemJson(error), pairedItem: pairedWithAll(ctx.getInputData().length) }];
	}
}

/** Get Status, Get Results, Cancel, Delete: one job per input item (its Batch Name). */
export async function perJob(ctx: IExecuteFunctions, client: GeminiClient, operation: string, prices: PriceTable): Promise<INodeExecutionData[]> {
	return await runItems(ctx, 1, async (itemIndex, signal) => {
		const name = batchPath(String(ctx.getNodeParameter('batchName', itemIndex, '') ?? ''));
		if (name === 'batches/') throw new InvalidParameterError('batchName', 'Batch Name (batchName) is empty; use the batch.name that Submit returned');
		const settings = { ...JOB_CALL, signal };
		if (operation === 'cancel') {
			await client.json('POST', `${name}:cancel`, {}, settings);
			return { batch: jobSummary(await getBatchJob(client, name, settings)), cancelled: true };
		}
		if (operation === 'delete') {
			await client.json('DELETE', name, undefined, settings);
			return { batch: { name }, deleted: true };
		}
		const job = await getBatchJob(client, name, settings);
		if (operation === 'getStatus') return { batch: jobSummary(job) };
		const items: Array<IDataObject | ItemWithBinary> = [];
		for await (const result of batchResults(client, job, settings)) {
			const { json, files } = batchResultItem(job, result, { prices });
			items.push(withBinary(json, await answerBinary(ctx, files)));
		}
		return items;
	});
}

export async function list(ctx: IExecuteFunctions, client: GeminiClient): Promise<INodeExecutionData[]> {
	return await listPages(ctx, async (pageToken) => {
		const page = await listBatchJobs(client, pageToken, jobCall(ctx));
		return { items: page.jobs.map((job) => ({ batch: jobSummary(job) })), nextPageToken: page.nextPageToken };
	});
}

import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import type { BatchJob, BatchState } from '../shared/batch';
import { answerBinary } from '../shared/execution/answerFiles';
import { batchResultItem, batchResults, jobSummary, listBatchJobs } from '../shared/execution/batchJobs';
import { matchesFilter, selectNewlyFinished, type WatchState } from '../shared/execution/batchWatch';
import { toNodeError } from '../shared/execution/nodeErrors';
import { geminiNodeMethods } from '../shared/node/geminiNode';
import { connectionFromCredentials } from '../shared/transport/credentials';
import type { PriceTable } from '../shared/pricing';
import type { CallSettings, GeminiClient } from '../shared/transport/GeminiClient';
import { assertBatchCredential, authenticationProperty, batchNeedsAiStudioNotice } from '../shared/parameters/authentication';

const MAX_PAGES = 10;

async function recentJobs(client: GeminiClient, settings: CallSettings): Promise<BatchJob[]> {
	const jobs: BatchJob[] = [];
	let pageToken: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const list = await listBatchJobs(client, pageToken, settings);
		jobs.push(...list.jobs);
		pageToken = list.nextPageToken;
		if (!pageToken) break;
	}
	return jobs;
}

/** One job's items: its summary, or every result of a succeeded job (all or none of them). */
async function jobItems(
	ctx: IPollFunctions,
	client: GeminiClient,
	job: BatchJob,
	includeResults: boolean,
	settings: CallSettings,
	prices: PriceTable,
): Promise<INodeExecutionData[]> {
	if (!includeResults || job.state !== 'SUCCEEDED') return [{ json: { batch: jobSummary(job) } }];
	const items: INodeExecutionData[] = [];
	for await (const result of batchResults(client, job, settings)) {
		const { json, files } = batchResultItem(job, result, { prices });
		// Images and audio in a result become binary data, as on Gemini Generate's items.
		const binary = await answerBinary(ctx, files);
		items.push(binary ? { json, binary } : { json });
	}
	return items;
}

/** The items of every job whose items could be made, and the jobs that failed (with why). */
async function emittedItems(
	ctx: IPollFunctions,
	client: GeminiClient,
	jobs: BatchJob[],
	includeResults: boolean,
	settings: CallSettings,
	prices: PriceTable,
): Promise<{ items: INodeExecutionData[]; failed: Array<{ job: BatchJob; error: unknown }> }> {
	const items: INodeExecutionData[] = [];
	const failed: Array<{ job: BatchJob; error: unknown }> = [];
	for (const job of jobs) {
		try {
			// A loop, not push(...): a job may have more results than a call can take arguments.
			for (const item of await jobItems(ctx, client, job, includeResults, settings, prices)) items.push(item);
		} catch (error) {
			failed.push({ job, error });
		}
	}
	return { items, failed };
}

/** Starts a workflow when a Gemini batch job finishes, so no execution has to wait for hours. */
export class GeminiBatchTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Batch Trigger',
		name: 'geminiBatchTrigger',
		icon: { light: 'file:gemini.svg', dark: 'file:gemini.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "when a batch job finishes" }}',
		description: 'Starts the workflow when a Google Gemini batch job reaches a final state, with its results if asked',
		defaults: { name: 'Gemini Batch Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest', displayOptions: { show: { authentication: ['geminiApi'] } } },
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
			{ name: 'geminiVertexAi', required: true, testedBy: 'geminiVertexAiTest', displayOptions: { show: { authentication: ['geminiVertexAi'] } } },
		],
		properties: [
			authenticationProperty,
			batchNeedsAiStudioNotice,
			{
				displayName: 'Display Name Contains',
				name: 'displayNameContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. nightly-',
				description: 'Only jobs whose display name contains this text (case-insensitive); empty for all jobs',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				default: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'],
				options: [
					{ name: 'Cancelled', value: 'CANCELLED' },
					{ name: 'Expired', value: 'EXPIRED' },
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Succeeded', value: 'SUCCEEDED' },
				],
				description: 'The final states that start the workflow',
			},
			{
				displayName: 'Include Results',
				name: 'includeResults',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per request of a succeeded job (with usage and cost at the batch price) instead of one item per job',
			},
		],
	};

	methods = geminiNodeMethods;

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		assertBatchCredential(this);
		const { client, prices } = await connectionFromCredentials(this);
		const filter = {
			states: this.getNodeParameter('states', []) as BatchState[],
			displayNameContains: String(this.getNodeParameter('displayNameContains', '') ?? ''),
		};
		const includeResults = this.getNodeParameter('includeResults', false) as boolean;
		const settings: CallSettings = { timeoutMs: 120_000 };
		const staticData = this.getWorkflowStaticData('node') as IDataObject & WatchState;
		const manual = this.getMode() === 'manual';
		let jobs: BatchJob[];
		try {
			jobs = await recentJobs(client, settings);
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
		// "Fetch Test Event": the latest finished job that matches, whether seen before or not.
		const selected = manual ? undefined : selectNewlyFinished(jobs, filter, staticData, new Date());
		const emit = selected?.emit ?? jobs.filter((job) => matchesFilter(job, filter)).slice(0, 1);
		const { items, failed } = await emittedItems(this, client, emit, includeResults, settings, prices);
		if (selected) {
			// A job counts as emitted only once its items are out: one whose results could not be
			// fetched is left for the next poll.
			staticData.since = selected.next.since;
			staticData.emitted = Object.fromEntries(
				Object.entries(selected.next.emitted ?? {}).filter(([name]) => !failed.some((f) => f.job.name === name)),
			);
		}
		for (const { job, error } of failed) {
			this.logger.warn(`Gemini Batch Trigger: the results of ${job.name} could not be fetched; trying again at the next poll`, {
				error: error instanceof Error ? error.message : String(error),
			});
		}
		if (items.length === 0) {
			if (failed.length > 0) throw toNodeError(this.getNode(), failed[0].error);
			return null;
		}
		return [items];
	}
}

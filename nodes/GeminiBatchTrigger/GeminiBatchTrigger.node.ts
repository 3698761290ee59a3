import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import type { BatchJob, BatchState } from '../shared/batch';
import { batchResultItem, batchResults, jobSummary, listBatchJobs } from '../shared/execution/batchJobs';
import { matchesFilter, selectNewlyFinished, type WatchState } from '../shared/execution/batchWatch';
import { toNodeError } from '../shared/execution/nodeErrors';
import { geminiNodeMethods } from '../shared/node/geminiNode';
import { clientFromCredentials } from '../shared/transport/credentials';
import type { CallSettings, GeminiClient } from '../shared/transport/GeminiClient';

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
		credentials: [{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest' }],
		properties: [
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
		const client = await clientFromCredentials(this);
		const filter = {
			states: this.getNodeParameter('states', []) as BatchState[],
			displayNameContains: String(this.getNodeParameter('displayNameContains', '') ?? ''),
		};
		const includeResults = this.getNodeParameter('includeResults', false) as boolean;
		const settings: CallSettings = { timeoutMs: 120_000 };
		const staticData = this.getWorkflowStaticData('node') as IDataObject & WatchState;
		let emit: BatchJob[];
		try {
			const jobs = await recentJobs(client, settings);
			if (this.getMode() === 'manual') {
				// "Fetch Test Event": the latest finished job that matches, whether seen before or not.
				emit = jobs.filter((job) => matchesFilter(job, filter)).slice(0, 1);
			} else {
				const selected = selectNewlyFinished(jobs, filter, staticData, new Date());
				emit = selected.emit;
				staticData.since = selected.next.since;
				staticData.emitted = selected.next.emitted;
			}
			if (emit.length === 0) return null;
			const items: INodeExecutionData[] = [];
			for (const job of emit) {
				if (!includeResults || job.state !== 'SUCCEEDED') {
					items.push({ json: { batch: jobSummary(job) } });
					continue;
				}
				for await (const result of batchResults(client, job, settings)) items.push({ json: batchResultItem(job, result).json });
			}
			return [items];
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
	}
}

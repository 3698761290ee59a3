import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { geminiNodeBase, geminiNodeMethods } from '../shared/node/geminiNode';
import { ownPanelEntryProperty } from '../shared/node/nodePanel';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { batchProperties, OPERATION_SUBTITLE } from './batchProperties';
import { list, perJob, submit } from './operations';
import { assertBatchCredential, authenticationProperty, batchNeedsAiStudioNotice } from '../shared/parameters/authentication';

/** Batch API jobs: submit the input items as one job at half price, watch it, collect results. */
// Not an AI agent tool: a batch job takes minutes to hours, far longer than an agent waits for a
// tool's answer; agents use Gemini Generate or Gemini Extract.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class GeminiBatch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Batch',
		name: 'geminiBatch',
		icon: { light: 'file:gemini.svg', dark: 'file:gemini.dark.svg' },
		...geminiNodeBase,
		subtitle: OPERATION_SUBTITLE,
		description:
			'Submit many items to Google Gemini as one half-price Batch API job, watch it and collect its results with usage and cost',
		defaults: { name: 'Gemini Batch' },
		// With the hidden `resource` of ownPanelEntryProperty, n8n would name a new node after it
		// ("Submit batchJob"); the default name stays "Gemini Batch".
		skipNameGeneration: true,
		credentials: [
			{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest', displayOptions: { show: { authentication: ['geminiApi'] } } },
			{ name: 'geminiVertexAi', required: true, testedBy: 'geminiVertexAiTest', displayOptions: { show: { authentication: ['geminiVertexAi'] } } },
		],
		properties: [authenticationProperty, batchNeedsAiStudioNotice, ownPanelEntryProperty, ...batchProperties],
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		assertBatchCredential(this);
		const { client, prices } = await connectionFromCredentials(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'submit' || operation === 'submitAndWait') {
			return [await submit(this, client, operation === 'submitAndWait', prices)];
		}
		if (operation === 'list') return [await list(this, client)];
		return [await perJob(this, client, operation, prices)];
	}
}

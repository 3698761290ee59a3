import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { newRunState } from '../shared/execution/callGemini';
import { underBudget } from '../shared/execution/budgetStages';
import { runItemStages } from '../shared/execution/runItems';
import { n8nChunkSink, readFirstSettings, streamStages } from '../shared/execution/streamStages';
import { geminiNodeBase, geminiNodeMethods, MODEL_SUBTITLE } from '../shared/node/geminiNode';
import { budgetOptions, commonProperties, optionCollections } from '../shared/parameters/properties';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { authenticationProperty } from '../shared/parameters/authentication';

const streamOptions: INodeProperties[] = [
	{
		displayName: 'Enable Streaming',
		name: 'enableStreaming',
		type: 'boolean',
		default: true,
		description:
			'Whether to send the text to the webhook caller as it is generated, when the trigger responds with "Streaming"',
	},
	{
		displayName: 'Usage Chunk Before End',
		name: 'usageChunk',
		type: 'boolean',
		default: false,
		description:
			'Whether to also send the usage, cost and sources (JSON) as a last text chunk before the end chunk, for callers that read only text chunks. The end chunk always carries them.',
	},
];

/** Streams each item's answer as it is generated; usage and cost on the final item. */
// Not an AI agent tool: its answer goes to the webhook caller as it streams, which an agent
// calling a tool neither sees nor waits for; agents use Gemini Generate.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class GeminiStream implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Stream',
		name: 'geminiStream',
		icon: { light: 'file:gemini.svg', dark: 'file:gemini.dark.svg' },
		...geminiNodeBase,
		subtitle: MODEL_SUBTITLE,
		description:
			'Stream text from Google Gemini to a webhook caller as it is generated, with usage and cost on every item',
		defaults: { name: 'Gemini Stream' },
		credentials: [
			{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest', displayOptions: { show: { authentication: ['geminiApi'] } } },
			{ name: 'geminiVertexAi', required: true, testedBy: 'geminiVertexAiTest', displayOptions: { show: { authentication: ['geminiVertexAi'] } } },
		],
		hints: [
			{
				message:
					'To stream the answer to the caller, set the Webhook trigger\'s "Respond" option to "Streaming"',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'afterExecution',
			},
		],
		properties: [authenticationProperty, ...commonProperties(), ...optionCollections({ options: streamOptions, requestOptions: budgetOptions })],
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// n8n reads the credential from its database: let that query start, and evaluate the first
		// item's parameters (n8n's expressions, CPU) while it runs rather than after it, so that
		// the first text reaches the caller sooner. A credential error still comes first.
		const connecting = connectionFromCredentials(this);
		connecting.catch(() => undefined);
		await new Promise((resolve) => setImmediate(resolve));
		const first = readFirstSettings(this);
		const { client, prices } = await connecting;
		const state = newRunState(prices);
		const enabled = this.getNodeParameter('options.enableStreaming', 0, true) as boolean;
		const usageChunk = this.getNodeParameter('options.usageChunk', 0, false) as boolean;
		const sink = enabled && this.isStreaming() ? n8nChunkSink(this, usageChunk) : undefined;
		// One item at a time: a streaming caller reads the answers in item order.
		const stages = underBudget(this, streamStages(this, client, state, sink, first), { client, prices, preparedItem: (item) => item });
		const items = await runItemStages(this, 1, stages);
		return [items];
	}
}

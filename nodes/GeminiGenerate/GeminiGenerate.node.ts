import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { sharedContextOptions, withSharedContext } from '../shared/cache/withSharedContext';
import { newRunState } from '../shared/execution/callGemini';
import { DEFAULT_MAX_TOOL_ITERATIONS, generateStages } from '../shared/execution/generateStages';
import { underBudget } from '../shared/execution/budgetStages';
import { estimateOnly, estimateStages } from '../shared/execution/estimateStages';
import { runItemStages } from '../shared/execution/runItems';
import { geminiNodeBase, geminiNodeMethods, MODEL_SUBTITLE } from '../shared/node/geminiNode';
import {
	budgetOptions,
	commonProperties,
	fallbackModelOption,
	concurrencyOption,
	estimateCostOnlyOption,
	optionCollections,
} from '../shared/parameters/properties';
import { readConcurrency } from '../shared/parameters/readSettings';
import { mediaOutputOptions } from '../shared/parameters/mediaProperties';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { authenticationProperty } from '../shared/parameters/authentication';

const generateOptions: INodeProperties[] = [
	fallbackModelOption,
	...sharedContextOptions,
	{
		displayName: 'Max Tool Iterations',
		name: 'maxToolIterations',
		type: 'number',
		default: DEFAULT_MAX_TOOL_ITERATIONS,
		typeOptions: { minValue: 0 },
		description:
			'With tools on the Tools input: how many rounds of tool calls to run before returning the answer (each round is a billed request)',
	},
];

/** One generateContent call per item (or a function-calling loop with n8n tools); usage and cost on every output item. */
export class GeminiGenerate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Generate',
		name: 'geminiGenerate',
		icon: { light: 'file:gemini.svg', dark: 'file:gemini.dark.svg' },
		...geminiNodeBase,
		subtitle: MODEL_SUBTITLE,
		description: 'Generate text with Google Gemini, with token usage and cost on every item',
		defaults: { name: 'Gemini Generate' },
		usableAsTool: true,
		// n8n tools (Code, HTTP Request, …) the model may call; their calls and results go in toolCalls.
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: false }],
		credentials: [
			{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest', displayOptions: { show: { authentication: ['geminiApi'] } } },
			{ name: 'geminiVertexAi', required: true, testedBy: 'geminiVertexAiTest', displayOptions: { show: { authentication: ['geminiVertexAi'] } } },
		],
		properties: [authenticationProperty, ...commonProperties(), ...optionCollections({ options: [...generateOptions, ...mediaOutputOptions], requestOptions: [concurrencyOption, estimateCostOnlyOption, ...budgetOptions] })],
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { client, prices } = await connectionFromCredentials(this);
		const state = newRunState(prices);
		if (estimateOnly(this)) return [await runItemStages(this, readConcurrency(this), estimateStages(this, client, prices))];
		const stages = underBudget(this, generateStages(this, client, state), { client, prices, preparedItem: (item) => item });
		const items = await withSharedContext(this, client, state, async () => await runItemStages(this, readConcurrency(this), stages));
		return [items];
	}
}

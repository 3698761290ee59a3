import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { newRunState } from '../shared/execution/callGemini';
import { DEFAULT_MAX_TOOL_ITERATIONS, generateStages } from '../shared/execution/generateStages';
import { runItemStages } from '../shared/execution/runItems';
import { geminiNodeBase, geminiNodeMethods, MODEL_SUBTITLE } from '../shared/node/geminiNode';
import {
	commonProperties,
	concurrencyOption,
	optionCollections,
} from '../shared/parameters/properties';
import { readConcurrency } from '../shared/parameters/readSettings';
import { mediaOutputOptions } from '../shared/parameters/mediaProperties';
import { connectionFromCredentials } from '../shared/transport/credentials';

const generateOptions: INodeProperties[] = [
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
		credentials: [{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest' }],
		properties: [...commonProperties(), ...optionCollections({ options: [...generateOptions, ...mediaOutputOptions], requestOptions: [concurrencyOption] })],
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { client, prices } = await connectionFromCredentials(this);
		const state = newRunState(prices);
		const items = await runItemStages(this, readConcurrency(this), generateStages(this, client, state));
		return [items];
	}
}

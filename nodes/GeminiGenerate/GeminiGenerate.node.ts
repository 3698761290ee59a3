import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { newRunState } from '../shared/execution/callGemini';
import { generateStages } from '../shared/execution/generateStages';
import { runItemStages } from '../shared/execution/runItems';
import { geminiNodeBase, geminiNodeMethods, MODEL_SUBTITLE } from '../shared/node/geminiNode';
import {
	commonProperties,
	concurrencyOption,
	optionCollections,
} from '../shared/parameters/properties';
import { readConcurrency } from '../shared/parameters/readSettings';
import { connectionFromCredentials } from '../shared/transport/credentials';

/** One generateContent call per item; usage and cost on every output item. */
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
		credentials: [{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest' }],
		properties: [...commonProperties(), ...optionCollections({ requestOptions: [concurrencyOption] })],
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { client, prices } = await connectionFromCredentials(this);
		const state = newRunState(prices);
		const items = await runItemStages(this, readConcurrency(this), generateStages(this, client, state));
		return [items];
	}
}

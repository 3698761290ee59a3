import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { withSharedContext } from '../shared/cache/withSharedContext';
import { newRunState } from '../shared/execution/callGemini';
import { extractStages, type ValidatorCache } from '../shared/execution/extractStages';
import { underBudget } from '../shared/execution/budgetStages';
import { runItemStages } from '../shared/execution/runItems';
import { geminiNodeBase, geminiNodeMethods, MODEL_SUBTITLE } from '../shared/node/geminiNode';
import {
	concurrencyOption,
	modelSettingsProperties,
	optionCollections,
	budgetOptions,
	promptProperty,
} from '../shared/parameters/properties';
import { readConcurrency } from '../shared/parameters/readSettings';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { extractOptions, extractProperties } from './extractProperties';
import { authenticationProperty } from '../shared/parameters/authentication';

/** Structured extraction: JSON under a schema, validated locally, repaired when it is not. */
export class GeminiExtract implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Extract',
		name: 'geminiExtract',
		icon: { light: 'file:gemini.svg', dark: 'file:gemini.dark.svg' },
		...geminiNodeBase,
		subtitle: MODEL_SUBTITLE,
		description:
			'Extract structured data that matches a schema from text, PDFs and images with Google Gemini, with usage and cost on every item',
		defaults: { name: 'Gemini Extract' },
		usableAsTool: true,
		credentials: [
			{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest', displayOptions: { show: { authentication: ['geminiApi'] } } },
			{ name: 'geminiVertexAi', required: true, testedBy: 'geminiVertexAiTest', displayOptions: { show: { authentication: ['geminiVertexAi'] } } },
		],
		// Input first, then what to extract, then the model that does it.
		properties: [
			authenticationProperty,
			promptProperty,
			...extractProperties,
			...modelSettingsProperties(),
			...optionCollections({ options: extractOptions, requestOptions: [concurrencyOption, ...budgetOptions] }),
		],
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { client, prices } = await connectionFromCredentials(this);
		const state = newRunState(prices);
		const validators: ValidatorCache = new Map();
		const stages = underBudget(this, extractStages(this, client, state, validators), { client, prices, preparedItem: (item) => item.prepared });
		const items = await withSharedContext(this, client, state, async () => await runItemStages(this, readConcurrency(this), stages));
		return [items];
	}
}

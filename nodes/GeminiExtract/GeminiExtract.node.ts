import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { withSharedContext } from '../shared/cache/withSharedContext';
import { newRunState } from '../shared/execution/callGemini';
import { extractStages, type ValidatorCache } from '../shared/execution/extractStages';
import { runItemStages } from '../shared/execution/runItems';
import { geminiNodeBase, geminiNodeMethods, MODEL_SUBTITLE } from '../shared/node/geminiNode';
import {
	concurrencyOption,
	modelSettingsProperties,
	optionCollections,
	promptProperty,
} from '../shared/parameters/properties';
import { readConcurrency } from '../shared/parameters/readSettings';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { extractOptions, extractProperties } from './extractProperties';

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
		credentials: [{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest' }],
		// Input first, then what to extract, then the model that does it.
		properties: [
			promptProperty,
			...extractProperties,
			...modelSettingsProperties(),
			...optionCollections({ options: extractOptions, requestOptions: [concurrencyOption] }),
		],
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { client, prices } = await connectionFromCredentials(this);
		const state = newRunState(prices);
		const validators: ValidatorCache = new Map();
		const items = await withSharedContext(this, client, state, async () => await runItemStages(this, readConcurrency(this), extractStages(this, client, state, validators)));
		return [items];
	}
}

import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { geminiNodeBase, geminiNodeMethods } from '../shared/node/geminiNode';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { cacheProperties, OPERATION_SUBTITLE } from './cacheProperties';
import { list, perItem } from './operations';

/** Context caches: pay for a long document once, then read it at the cache price. */
// Not an AI agent tool: creating a cache is a billable setup step, not an answer an agent needs.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class GeminiCache implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Cache',
		name: 'geminiCache',
		icon: { light: 'file:geminiCache.svg', dark: 'file:geminiCache.dark.svg' },
		...geminiNodeBase,
		version: 1,
		defaultVersion: 1,
		subtitle: OPERATION_SUBTITLE,
		description:
			'Create, list, extend and delete Google Gemini context caches, with the cached token count, storage cost per hour and break-even',
		defaults: { name: 'Gemini Cache' },
		credentials: [{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest' }],
		properties: cacheProperties,
	};

	methods = geminiNodeMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { client, prices } = await connectionFromCredentials(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'list') return [await list(this, client)];
		return [await perItem(this, client, operation, prices)];
	}
}

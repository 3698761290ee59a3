import type { IDataObject, ISupplyDataFunctions } from 'n8n-workflow';

import { REQUEST_TIERS } from '../shared/parameters/readSettings';
import { parseSettings, type GeminiSettings } from '../shared/parameters/settings';

/**
 * The shared settings reader needs a prompt; a chat model's prompt is the agent's conversation,
 * which replaces the request's `contents` at every call. This stands in for it meanwhile.
 */
const CONVERSATION_PLACEHOLDER = 'conversation';

/** The node's model, tier, safety, generation and request options, validated by the shared parser. */
export function readChatSettings(ctx: ISupplyDataFunctions, itemIndex: number): GeminiSettings {
	return parseSettings(
		{
			model: ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }),
			prompt: CONVERSATION_PLACEHOLDER,
			serviceTier: ctx.getNodeParameter('serviceTier', itemIndex, 'standard'),
			safetySettings: ctx.getNodeParameter('safetySettings', itemIndex, {}) as IDataObject,
			options: ctx.getNodeParameter('options', itemIndex, {}) as IDataObject,
			requestOptions: ctx.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject,
		},
		REQUEST_TIERS,
	);
}

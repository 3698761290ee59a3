import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ServiceTier } from '../pricing';
import { parseSettings, type GeminiSettings } from './settings';

export const REQUEST_TIERS: readonly ServiceTier[] = ['standard', 'flex', 'priority'];

/** Reads the shared parameters of item `itemIndex` and validates them (throws InvalidParameterError). */
export function readSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	allowedTiers: readonly ServiceTier[] = REQUEST_TIERS,
): GeminiSettings {
	return parseSettings(
		{
			model: ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }),
			prompt: ctx.getNodeParameter('prompt', itemIndex, ''),
			serviceTier: ctx.getNodeParameter('serviceTier', itemIndex, 'standard'),
			safetySettings: ctx.getNodeParameter('safetySettings', itemIndex, {}) as IDataObject,
			options: ctx.getNodeParameter('options', itemIndex, {}) as IDataObject,
		},
		allowedTiers,
	);
}

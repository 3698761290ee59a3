import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ServiceTier } from '../pricing';
import { DEFAULT_CONCURRENCY } from './properties';
import { effectiveRequestOptions, parseSettings, type GeminiSettings } from './settings';

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
			requestOptions: ctx.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject,
		},
		allowedTiers,
	);
}

/**
 * The node's Concurrency (read once, from item 0), from Request Options or, in workflows saved
 * before that collection existed, from Options.
 */
export function readConcurrency(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const requestOptions = ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	return (effectiveRequestOptions(options, requestOptions).concurrency ?? DEFAULT_CONCURRENCY) as number;
}

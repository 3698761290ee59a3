import type { INodeProperties } from 'n8n-workflow';

import {
	modelProperty,
	safetySettingsProperty,
	serviceTierProperty,
	sharedOptions,
	sharedRequestOptions,
} from '../shared/parameters/properties';

/**
 * The shared model, tier and safety parameters and the shared options, minus those an agent's
 * chat model has no use for: the agent sends the conversation (its memory included), the system
 * message and any files, and reads text and tool calls back. Built-in tools (Google Search…)
 * stay: Gemini runs them itself, next to the agent's own tools, and their fees are metered.
 */
const NOT_FOR_CHAT = new Set([
	'binaryProperties',
	'cachedContent',
	'fileUrls',
	'includeLogprobs',
	'includeRawResponse',
	'includeThoughts',
	'messages',
	'responseMimeType',
	'systemInstruction',
	'topLogprobs',
]);

function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName.localeCompare(b.displayName);
}

export const chatModelProperties: INodeProperties[] = [
	modelProperty,
	serviceTierProperty(),
	safetySettingsProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: sharedOptions.filter((option) => !NOT_FOR_CHAT.has(option.name)).sort(byDisplayName),
	},
	{
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Request Option',
		default: {},
		description: 'How requests are sent, retried and priced',
		options: [...sharedRequestOptions].sort(byDisplayName),
	},
];

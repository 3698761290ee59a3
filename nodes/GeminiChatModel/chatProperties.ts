import type { INodeProperties } from 'n8n-workflow';

import {
	modelProperty,
	safetySettingsProperty,
	serviceTierProperty,
	optionsCollection,
	requestOptionsCollection,
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

export const chatModelProperties: INodeProperties[] = [
	modelProperty,
	serviceTierProperty(),
	safetySettingsProperty,
	optionsCollection(sharedOptions.filter((option) => !NOT_FOR_CHAT.has(option.name))),
	requestOptionsCollection(sharedRequestOptions),
];

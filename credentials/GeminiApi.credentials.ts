import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { priceTableProperty } from './priceTableProperty';

export class GeminiApi implements ICredentialType {
	name = 'geminiApi';

	displayName = 'Gemini API';

	icon: Icon = { light: 'file:gemini.svg', dark: 'file:gemini.dark.svg' };

	documentationUrl = 'https://ai.google.dev/gemini-api/docs/api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A Gemini API key from Google AI Studio. It is sent only in the x-goog-api-key header.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://generativelanguage.googleapis.com',
			description:
				'Where the Gemini API is reached. Change it for a proxy, an API gateway or a local test server.',
		},
		priceTableProperty,
	];

	// The key goes in a header, never in the URL (?key= would end up in proxy and access logs).
	// The credential test is the nodes' `geminiApiTest` (testedBy): it lists models and, on failure,
	// shows Google's own status and message rather than n8n's generic "Bad Request".
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-goog-api-key': '={{$credentials.apiKey}}',
			},
		},
	};
}

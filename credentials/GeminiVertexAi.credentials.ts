import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { priceTableProperty } from './priceTableProperty';

/**
 * Gemini through Vertex AI in a Google Cloud project. No `authenticate` block: the access token is
 * signed and exchanged in the transport (nodes/shared/transport/auth/serviceAccount.ts), cached and
 * refreshed there. The credential test is the nodes' `geminiVertexAiTest` (testedBy).
 */
// The names are the package's public contract (credential `geminiVertexAi`, "Gemini on Vertex AI"):
// no -Api suffix, because it is Vertex AI, not an API key.
// eslint-disable-next-line n8n-nodes-base/cred-class-name-unsuffixed
export class GeminiVertexAi implements ICredentialType {
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-name-unsuffixed
	name = 'geminiVertexAi';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'Gemini on Vertex AI';

	icon: Icon = { light: 'file:gemini.svg', dark: 'file:gemini.dark.svg' };

	documentationUrl = 'https://cloud.google.com/vertex-ai/generative-ai/docs/start/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Sign In With',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'Service Account Key', value: 'serviceAccount', description: 'A JSON key of a service account with the Vertex AI User role' },
				{ name: 'Access Token', value: 'accessToken', description: 'An OAuth access token (gcloud auth print-access-token); it expires within an hour, for short tests' },
			],
			default: 'serviceAccount',
		},
		// The key file holds the private key: a secret, whatever its field name suggests.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Service Account Key (JSON)',
			name: 'serviceAccountKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['serviceAccount'] } },
			description: 'The whole JSON key file. Its private key signs a token request to the key\'s token_uri and is never sent or shown.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['accessToken'] } },
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			placeholder: 'e.g. my-project-123',
			description: 'The Google Cloud project billed for the calls. Empty: the project_id of the service account key.',
		},
		{
			displayName: 'Location',
			name: 'location',
			type: 'string',
			default: 'global',
			placeholder: 'e.g. global, us, eu, europe-west4',
			description: 'Where requests are processed: global (highest availability), the multi-regions us or eu (data residency), or a region such as europe-west4 (needed for Provisioned Throughput and context caching).',
		},
		{
			displayName: 'API Endpoint',
			name: 'apiEndpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://europe-west4-aiplatform.googleapis.com',
			description: 'Optional. Replaces the host chosen from the location: Private Service Connect, an API gateway or a local test server.',
		},
		priceTableProperty,
	];
}

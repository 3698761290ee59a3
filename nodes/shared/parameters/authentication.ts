import { NodeOperationError, type IExecuteFunctions, type INodeProperties, type IPollFunctions } from 'n8n-workflow';

import { credentialTypeOf, VERTEX_CREDENTIALS_TYPE } from '../transport/credentials';

/**
 * Which API the node calls, as n8n's own nodes choose between credentials: `authentication`
 * selects the credential (the node's `credentials` entries show by it). Nodes saved before this
 * parameter existed keep the Gemini API.
 */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Gemini API (AI Studio Key)', value: 'geminiApi' },
		{ name: 'Vertex AI (Google Cloud Project)', value: 'geminiVertexAi' },
	],
	default: 'geminiApi',
};

const BATCH_NEEDS_AI_STUDIO =
	'Batch jobs need Gemini API (AI Studio) credentials: Vertex AI runs batches as batch prediction jobs over Cloud Storage or BigQuery, a different API this node does not call. Set Authentication to "Gemini API (AI Studio Key)".';

/** Shown on the batch nodes when Vertex AI is selected. */
export const batchNeedsAiStudioNotice: INodeProperties = {
	displayName: BATCH_NEEDS_AI_STUDIO,
	name: 'vertexBatchNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { authentication: ['geminiVertexAi'] } },
};

/** The batch nodes stop at once, before anything is uploaded or created, on Vertex credentials. */
export function assertBatchCredential(ctx: IExecuteFunctions | IPollFunctions): void {
	if (credentialTypeOf(ctx) === VERTEX_CREDENTIALS_TYPE) {
		throw new NodeOperationError(ctx.getNode(), 'Gemini on Vertex AI credentials cannot run Gemini batch jobs', { description: BATCH_NEEDS_AI_STUDIO });
	}
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { CredentialRecord, WorkflowRecord } from './harness';

/** The example workflows users import from examples/, and the credential they reference. */

export const EXAMPLES_DIR = resolve(__dirname, '..', '..', 'examples');

/** The id the examples' Gemini nodes use for their "Gemini API" credential. */
export const EXAMPLE_CREDENTIAL_ID = 'geminiMeterCred01';

export const EXAMPLE_IDS = {
	'ask-gemini-webhook': 'geminiMeterAsk01',
	'answer-questions-webhook': 'geminiMeterLst01',
	'stream-webhook': 'geminiMeterStr01',
	'extract-email-webhook': 'geminiMeterExt01',
	'batch-submit': 'geminiMeterBat01',
	'batch-trigger-results': 'geminiMeterBtr01',
	'agent-webhook': 'geminiMeterAgt01',
	'agent-stream-webhook': 'geminiMeterAgS01',
	'tool-calling-webhook': 'geminiMeterTool01',
	'cost-governance-webhook': 'geminiMeterCost01',
	'shared-context-questions': 'geminiMeterShc01',
} as const;

export function loadExamples(): WorkflowRecord[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowRecord);
}

export function demoCredentials(data: { apiKey: string; baseUrl: string }): CredentialRecord {
	return { id: EXAMPLE_CREDENTIAL_ID, name: 'Gemini API', type: 'geminiApi', data };
}

/** The id of the "Gemini on Vertex AI" credential that `onVertex` puts on the examples' Gemini nodes. */
export const VERTEX_CREDENTIAL_ID = 'geminiVertexCred01';

export function vertexCredentials(data: Record<string, string>): CredentialRecord {
	return { id: VERTEX_CREDENTIAL_ID, name: 'Gemini on Vertex AI', type: 'geminiVertexAi', data };
}

/**
 * A workflow as a user would import it and then switch each Gemini node to Vertex AI: Authentication
 * set to the Vertex credential, which replaces the Gemini API one. Nothing else changes.
 */
export function onVertex(workflow: WorkflowRecord): WorkflowRecord {
	const nodes = (workflow.nodes as Array<Record<string, unknown>>).map((node) => {
		const credentials = node.credentials as Record<string, unknown> | undefined;
		if (!credentials?.geminiApi) return node;
		return {
			...node,
			parameters: { ...(node.parameters as Record<string, unknown>), authentication: 'geminiVertexAi' },
			credentials: { geminiVertexAi: { id: VERTEX_CREDENTIAL_ID, name: 'Gemini on Vertex AI' } },
		};
	});
	return { ...workflow, nodes };
}

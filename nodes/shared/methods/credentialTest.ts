import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { ServiceAccountKeyError } from '../transport/auth/serviceAccountKey';
import type { GeminiConnection } from '../transport/client';
import { GeminiClient } from '../transport/GeminiClient';
import { GeminiApiError } from '../transport/googleError';
import { apiKeyConnection, vertexConnection } from '../transport/vertexConnection';

/** The model the Vertex test reads: a GA model served in every location. */
const VERTEX_TEST_MODEL = 'gemini-2.5-flash';

async function testConnection(connection: () => GeminiConnection, path: string, what: string): Promise<INodeCredentialTestResult> {
	try {
		const client = new GeminiClient(connection());
		await client.json('GET', path, undefined, {
			timeoutMs: 20_000,
			retry: { maxRetries: 1, maxTotalWaitMs: 5_000, baseDelayMs: 500, maxDelayMs: 2_000 },
		});
		return { status: 'OK', message: `Connected to ${what} at ${client.baseUrl}` };
	} catch (error) {
		if (error instanceof ServiceAccountKeyError) return { status: 'Error', message: error.message };
		const status = error instanceof GeminiApiError ? [error.httpStatus, error.googleStatus].filter(Boolean).join(' ') : '';
		const message = error instanceof Error ? error.message : String(error);
		return { status: 'Error', message: status ? `${status}: ${message}` : message };
	}
}

/**
 * "Test" on the Gemini API credentials: lists one model. Unlike a declarative test request, a
 * failure shows Google's own status and message ("API key not valid…") instead of "Bad Request".
 */
export async function geminiApiTest(credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>): Promise<INodeCredentialTestResult> {
	return await testConnection(() => apiKeyConnection(credential.data ?? {}), 'models?pageSize=1', 'Gemini');
}

/**
 * "Test" on the Vertex AI credentials: gets a publisher model with a fresh access token, so a bad
 * key, a refused token or a wrong location shows Google's own message.
 */
export async function geminiVertexAiTest(credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>): Promise<INodeCredentialTestResult> {
	return await testConnection(() => vertexConnection(credential.data ?? {}), `models/${VERTEX_TEST_MODEL}`, 'Vertex AI');
}

import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { GeminiClient } from '../transport/GeminiClient';
import { GeminiApiError } from '../transport/googleError';

/**
 * "Test" on the Gemini API credentials: lists one model. Unlike a declarative test request, a
 * failure shows Google's own status and message ("API key not valid…") instead of "Bad Request".
 */
export async function geminiApiTest(
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const client = new GeminiClient({ apiKey: String(data.apiKey ?? ''), baseUrl: data.baseUrl as string | undefined });
	try {
		await client.json('GET', 'models?pageSize=1', undefined, {
			timeoutMs: 20_000,
			retry: { maxRetries: 1, maxTotalWaitMs: 5_000, baseDelayMs: 500, maxDelayMs: 2_000 },
		});
		return { status: 'OK', message: `Connected to Gemini at ${client.baseUrl}` };
	} catch (error) {
		const status = error instanceof GeminiApiError ? [error.httpStatus, error.googleStatus].filter(Boolean).join(' ') : '';
		const message = error instanceof Error ? error.message : String(error);
		return { status: 'Error', message: status ? `${status}: ${message}` : message };
	}
}

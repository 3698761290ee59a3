import { GeminiApiError } from '../../nodes/shared/transport/googleError';

/** The GeminiApiError a call fails with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<GeminiApiError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof GeminiApiError) return error;
		throw error;
	}
	throw new Error('expected the call to fail');
}

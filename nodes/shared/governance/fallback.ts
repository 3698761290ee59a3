import { GeminiApiError } from '../transport/googleError';
import { isRetryableError } from '../transport/retryPolicy';

/**
 * When an item goes to the fallback model: the primary failed it after its retries with an error
 * another model may not have (overloaded, rate or quota limit, server error, dropped connection),
 * or, for Extract, its answers never matched the schema. Bad requests (400, 403, 404) would fail
 * the same way on any model and are not retried elsewhere.
 */
export function fallbackReason(error: unknown): string | undefined {
	if (!(error instanceof GeminiApiError)) return undefined;
	// A used-up quota is per model: another model still has its own (so 429 counts even when not retryable).
	if (!isRetryableError(error) && error.httpStatus !== 429) return undefined;
	const status = [error.httpStatus, error.googleStatus].filter((part) => part !== undefined).join(' ') || error.networkCode || error.kind;
	const attempts = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
	return `${status}${attempts}: ${error.message}`;
}

export function fallbackWarning(primary: string, fallback: string, reason: string): string {
	return `Model ${primary} failed this item (${reason}); it was answered by the fallback model ${fallback}. Usage and cost include every billed call.`;
}

/**
 * The `error` of one batch request (a google.rpc.Status), as it appears in inline responses,
 * in results-file lines and on the batch operation itself.
 */
export interface BatchItemError {
	code?: number;
	message?: string;
	status?: string;
	details?: unknown[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps the Status fields with the right types; a bare string becomes the message. */
export function toItemError(value: unknown): BatchItemError | undefined {
	if (typeof value === 'string') return { message: value };
	if (!isRecord(value)) return undefined;
	const error: BatchItemError = {};
	const code = typeof value.code === 'string' && /^\d+$/.test(value.code) ? Number(value.code) : value.code;
	if (typeof code === 'number') error.code = code;
	if (typeof value.message === 'string') error.message = value.message;
	if (typeof value.status === 'string') error.status = value.status;
	if (Array.isArray(value.details)) error.details = value.details;
	return error;
}

import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { InvalidParameterError } from '../parameters/settings';
import { SchemaError } from '../schema';
import { GeminiApiError } from '../transport/googleError';
import { retryInfoDelayMs } from '../transport/retryPolicy';

/**
 * A failure after part of the answer already arrived (a stream cut mid-way): carries what the
 * item had so far (text, usage, cost), which the error keeps.
 */
export class PartialOutputError extends Error {
	constructor(
		readonly failure: unknown,
		readonly partial: JsonObject,
		/** One sentence on what was kept, for the error's description. */
		readonly summary: string,
	) {
		super(failure instanceof Error ? failure.message : String(failure));
		this.name = 'PartialOutputError';
	}
}

/**
 * Any failure while handling an item → the n8n error users see: NodeApiError for what Gemini (or
 * the network) said, keeping the HTTP status and Google's status and message; NodeOperationError
 * for parameters we refused before sending anything. Messages name the item.
 */
export function toNodeError(node: INode, thrown: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	const error = thrown instanceof PartialOutputError ? thrown.failure : thrown;
	const summary = thrown instanceof PartialOutputError ? ` ${thrown.summary}` : '';
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	// Job-level failures (a whole batch) belong to no single item.
	const where = itemIndex === undefined ? '' : `[item ${itemIndex}]`;
	if (error instanceof InvalidParameterError || error instanceof SchemaError) {
		return new NodeOperationError(node, `${error.message} ${where}`.trimEnd(), {
			itemIndex,
			description: `Fix the parameter "${error.parameter}" for this item and run again.`,
		});
	}
	if (error instanceof GeminiApiError) {
		const status = [error.httpStatus, error.googleStatus].filter((s) => s !== undefined).join(' ');
		const prefix = status ? `Gemini API error ${status}` : 'Gemini request failed';
		const attempts = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
		const described = error.googleStatus
			? `Google answered HTTP ${error.httpStatus} ${error.googleStatus}: ${error.message}`
			: error.message;
		return new NodeApiError(node, error.toJSON() as JsonObject, {
			message: `${prefix}${attempts}: ${error.message} ${where}`.trimEnd(),
			description: summary ? `${described.replace(/\.?$/, '.')}${summary}` : described,
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	const description = (error as { description?: string }).description;
	return new NodeOperationError(node, `${message} ${where}`.trimEnd(), {
		itemIndex,
		description: [description, summary.trim()].filter(Boolean).join(' ') || undefined,
	});
}

/** The json of an error item under "Continue On Fail": only error/details keys, so n8n can
 *  route it to the error output when the node is set to "Continue (using error output)". */
export function errorItemJson(error: NodeApiError | NodeOperationError, partial?: JsonObject): JsonObject {
	const details: JsonObject = { itemIndex: (error.context.itemIndex as number | undefined) ?? null };
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	if (error.description) details.description = error.description;
	const response = (error as { errorResponse?: GoogleErrorJson }).errorResponse;
	if (typeof response?.status === 'string') details.googleStatus = response.status;
	Object.assign(details, googleDetailsOf(response));
	if (partial) details.partial = partial;
	return { error: error.message, details };
}

/** What GeminiApiError.toJSON() gives NodeApiError (already free of secrets). */
interface GoogleErrorJson {
	status?: unknown;
	details?: unknown;
	quota?: unknown;
	retryAfterMs?: unknown;
}

/**
 * Google's own details for an error item: the `details` array as sent (QuotaFailure with quota id
 * and metric, RetryInfo, ErrorInfo…), the retry delay Google asked for, and the quota that was
 * used up when that is why the request was not retried.
 */
function googleDetailsOf(response: GoogleErrorJson | undefined): JsonObject {
	const out: JsonObject = {};
	const details = Array.isArray(response?.details) ? response.details : [];
	if (details.length > 0) out.googleDetails = details as JsonObject[];
	const headerMs = typeof response?.retryAfterMs === 'number' ? response.retryAfterMs : undefined;
	const delayMs = retryInfoDelayMs(details) ?? headerMs;
	if (delayMs !== undefined) out.retryDelayMs = delayMs;
	if (response?.quota && typeof response.quota === 'object') out.quotaExhausted = response.quota as JsonObject;
	return out;
}

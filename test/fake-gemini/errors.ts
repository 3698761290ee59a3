/** Google API error bodies: `{"error":{"code","message","status","details"?}}`. */

export interface GoogleErrorBody {
	error: {
		code: number;
		message: string;
		status: string;
		details?: Array<Record<string, unknown>>;
	};
}

/** An error answer: status, JSON (or HTML for 502) body and extra headers. */
export interface ErrorReply {
	status: number;
	body: GoogleErrorBody | string;
	headers?: Record<string, string>;
}

const STATUS_NAMES: Record<number, string> = {
	400: 'INVALID_ARGUMENT',
	401: 'UNAUTHENTICATED',
	403: 'PERMISSION_DENIED',
	404: 'NOT_FOUND',
	408: 'DEADLINE_EXCEEDED',
	409: 'ABORTED',
	429: 'RESOURCE_EXHAUSTED',
	499: 'CANCELLED',
	500: 'INTERNAL',
	501: 'NOT_IMPLEMENTED',
	503: 'UNAVAILABLE',
	504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGES: Record<number, string> = {
	400: 'Request contains an invalid argument.',
	401: 'Request had invalid authentication credentials.',
	403: 'The caller does not have permission',
	404: 'Requested entity was not found.',
	408: 'Request timed out.',
	429: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
	500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
	503: 'The model is overloaded. Please try again later.',
	504: 'Deadline expired before operation could complete.',
};

/** What Google's front end answers for a 502: an HTML page, not JSON. */
export const BAD_GATEWAY_HTML = '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 502 (Server Error)!!1</title>\n  <p><b>502.</b> <ins>That’s an error.</ins>\n  <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>\n';

export function statusName(code: number): string {
	return STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
}

export function googleError(
	code: number,
	message?: string,
	details?: Array<Record<string, unknown>>,
): GoogleErrorBody {
	const error: GoogleErrorBody['error'] = {
		code,
		message: message ?? DEFAULT_MESSAGES[code] ?? 'The service encountered an error.',
		status: statusName(code),
	};
	if (details && details.length > 0) error.details = details;
	return { error };
}

export function reply(code: number, message?: string, details?: Array<Record<string, unknown>>): ErrorReply {
	return { status: code, body: googleError(code, message, details) };
}

export function apiKeyInvalid(): ErrorReply {
	return reply(400, 'API key not valid. Please pass a valid API key.', [
		{
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'API_KEY_INVALID',
			domain: 'googleapis.com',
			metadata: { service: 'generativelanguage.googleapis.com' },
		},
	]);
}

export function modelNotFound(model: string, method: string): ErrorReply {
	return reply(
		404,
		`models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
	);
}

/** A field-level 400 like the proto JSON parser's, with `google.rpc.BadRequest` details. */
export function badField(field: string, description: string): ErrorReply {
	return reply(400, description, [
		{
			'@type': 'type.googleapis.com/google.rpc.BadRequest',
			fieldViolations: [field === '' ? { description } : { field, description }],
		},
	]);
}

/** `Invalid value at 'field' (type.googleapis.com/…), "VALUE"` — an enum the parser rejects. */
export function invalidEnum(field: string, protoType: string, value: unknown): ErrorReply {
	const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
	return badField(
		field,
		`Invalid value at '${field}' (type.googleapis.com/google.ai.generativelanguage.v1beta.${protoType}), ${shown}`,
	);
}

export interface FaultErrorOptions {
	model?: string;
	retryDelay?: string;
	retryAfterSeconds?: number;
	message?: string;
}

/**
 * The error a fault produces. A 429 carries QuotaFailure + RetryInfo in the body and
 * no Retry-After header — unless `retryAfterSeconds` is given, which sends the header
 * instead of RetryInfo.
 */
export function faultReply(code: number, options: FaultErrorOptions = {}): ErrorReply {
	const headers: Record<string, string> = {};
	if (options.retryAfterSeconds !== undefined) headers['retry-after'] = String(options.retryAfterSeconds);
	if (code === 502) return { status: 502, body: BAD_GATEWAY_HTML, headers };
	const details: Array<Record<string, unknown>> = [];
	let message = options.message;
	let retryDelay = options.retryDelay;
	if (code === 429) {
		if (retryDelay === undefined && options.retryAfterSeconds === undefined) retryDelay = '1s';
		const model = options.model ?? 'gemini-2.5-flash';
		details.push(
			{
				'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
				violations: [
					{
						quotaMetric: 'generativelanguage.googleapis.com/generate_content_paid_tier_requests',
						quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-PaidTier',
						quotaDimensions: { location: 'global', model },
						quotaValue: '1000',
					},
				],
			},
			{
				'@type': 'type.googleapis.com/google.rpc.Help',
				links: [
					{
						description: 'Learn more about Gemini API quotas',
						url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
					},
				],
			},
		);
		if (message === undefined) {
			message = `${DEFAULT_MESSAGES[429]}\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_paid_tier_requests, limit: 1000, model: ${model}${retryDelay ? `\nPlease retry in ${retryDelay}.` : ''}`;
		}
	}
	if (retryDelay !== undefined) {
		details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay });
	}
	return { status: code, body: googleError(code, message, details), headers };
}

/** Which kind of quota a 429 reports (`quota=` directive, `Fault.quota`). */
export type QuotaKind = 'minute' | 'day' | 'zero';

const QUOTA_HELP = {
	'@type': 'type.googleapis.com/google.rpc.Help',
	links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
};

const QUOTA_MESSAGE_HEAD =
	'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. ';

/**
 * A used-up free-tier daily quota, as the live API answers it. Shape, order and wording from a
 * real answer quoted in https://github.com/itcon-pty-au/stremio-ai-search/issues/170 (model
 * gemini-2.5-flash-lite, limit 20, RetryInfo 51s); only the model and the delay are filled in.
 */
export function dailyQuotaReply(model: string, retryDelay = '51s'): ErrorReply {
	const metric = 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
	return reply(429, `${QUOTA_MESSAGE_HEAD}\n* Quota exceeded for metric: ${metric}, limit: 20, model: ${model}\nPlease retry in ${retryDelay}.`, [
		QUOTA_HELP,
		{
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [
				{
					quotaMetric: metric,
					quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
					quotaDimensions: { location: 'global', model },
					quotaValue: '20',
				},
			],
		},
		{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
	]);
}

/**
 * A model without free-tier quota ("limit: 0"): the message as quoted in
 * https://github.com/continuedev/continue/issues/10066, the violations as quoted in
 * https://github.com/googleapis/python-genai/issues/2044 (no `quotaValue`: proto3 JSON leaves a
 * zero out). Here only the per-minute ids, so that the zero limit alone marks it.
 */
export function zeroQuotaReply(model: string, retryDelay = '7s'): ErrorReply {
	const requests = 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
	const tokens = 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count';
	const lines = [requests, tokens].map((metric) => `* Quota exceeded for metric: ${metric}, limit: 0, model: ${model}`);
	return reply(429, `${QUOTA_MESSAGE_HEAD}\n${lines.join('\n')}\nPlease retry in ${retryDelay}.`, [
		QUOTA_HELP,
		{
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [
				{ quotaMetric: requests, quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaDimensions: { location: 'global', model } },
				{ quotaMetric: tokens, quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier', quotaDimensions: { location: 'global', model } },
			],
		},
		{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
	]);
}

/** The 429 for `quota=`: the per-minute one is `faultReply(429)`. */
export function quotaReply(kind: QuotaKind, model: string, retryDelay: string | undefined): ErrorReply {
	if (kind === 'day') return dailyQuotaReply(model, retryDelay);
	if (kind === 'zero') return zeroQuotaReply(model, retryDelay);
	return faultReply(429, { model, retryDelay });
}

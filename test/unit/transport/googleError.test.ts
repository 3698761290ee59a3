import {
	GeminiApiError,
	parseGoogleError,
	redactSecrets,
	streamErrorFromEvent,
} from '../../../nodes/shared/transport/googleError';

const API_KEY = 'AIzaSyD-test-key-0123456789'; // key-shaped, shorter than a real key
const OTHER_KEY = 'AIzaSyZZZZZZZZZZZZZZZZZZZZZZ';

const RATE_LIMITED = {
	error: {
		code: 429,
		message: 'You exceeded your current quota, please check your plan and billing details.',
		status: 'RESOURCE_EXHAUSTED',
		details: [
			{
				'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
				violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaValue: '10' }],
			},
			{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '22s' },
		],
	},
};

describe('GeminiApiError', () => {
	it('defaults to no details and one attempt, and serializes without the stack', () => {
		const error = new GeminiApiError({ kind: 'http', httpStatus: 404, googleStatus: 'NOT_FOUND', message: 'no model' });

		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('GeminiApiError');
		expect(error.details).toEqual([]);
		expect(error.attempts).toBe(1);
		expect(error.toJSON()).toEqual({ code: 404, status: 'NOT_FOUND', message: 'no model', details: [] });
	});
});

describe('parseGoogleError', () => {
	it('reads status, Google status, message and details from a Google error body', () => {
		const error = parseGoogleError(429, JSON.stringify(RATE_LIMITED), [API_KEY]);

		expect(error).toBeInstanceOf(GeminiApiError);
		expect(error.kind).toBe('http');
		expect(error.httpStatus).toBe(429);
		expect(error.googleStatus).toBe('RESOURCE_EXHAUSTED');
		expect(error.message).toBe('You exceeded your current quota, please check your plan and billing details.');
		expect(error.details).toEqual(RATE_LIMITED.error.details);
		expect(error.retryAfterMs).toBeUndefined();
	});

	it('keeps the HTTP status even when the body says another code', () => {
		const body = JSON.stringify({ error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } });

		expect(parseGoogleError(502, body, []).httpStatus).toBe(502);
	});

	it('carries a Retry-After wait given by the caller', () => {
		expect(parseGoogleError(503, '', [], 5_000).retryAfterMs).toBe(5_000);
	});

	it('reads an error body wrapped in an array', () => {
		const body = JSON.stringify([{ error: { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT' } }]);
		const error = parseGoogleError(400, body, []);

		expect(error.googleStatus).toBe('INVALID_ARGUMENT');
		expect(error.message).toBe('Invalid JSON payload received.');
	});

	it('uses the text of a body that is not JSON, without a Google status', () => {
		const error = parseGoogleError(502, '  <html><body>502 Bad Gateway</body></html>\n', []);

		expect(error.httpStatus).toBe(502);
		expect(error.googleStatus).toBeUndefined();
		expect(error.message).toBe('<html><body>502 Bad Gateway</body></html>');
		expect(error.details).toEqual([]);
	});

	it('cuts a long body to 500 characters', () => {
		expect(parseGoogleError(500, 'x'.repeat(2_000), []).message).toHaveLength(500);
	});

	it.each(['', '   \n'])('says the body was empty for %j', (body) => {
		const error = parseGoogleError(503, body, []);

		expect(error.message).toBe('HTTP 503 with an empty body');
		expect(error.details).toEqual([]);
	});

	it('uses the body text when the JSON has no error message', () => {
		expect(parseGoogleError(500, '{"error":{"code":500}}', []).message).toBe('{"error":{"code":500}}');
	});

	it('redacts the API key from the message and from nested details', () => {
		const body = JSON.stringify({
			error: {
				code: 400,
				message: `API key not valid: ${API_KEY}. Please pass a valid API key.`,
				status: 'INVALID_ARGUMENT',
				details: [
					{
						'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
						reason: 'API_KEY_INVALID',
						domain: 'googleapis.com',
						metadata: { service: 'generativelanguage.googleapis.com', key: API_KEY },
					},
					{ '@type': 'type.googleapis.com/google.rpc.Help', links: [{ url: `https://example.com/?k=${API_KEY}` }] },
				],
			},
		});
		const error = parseGoogleError(400, body, [API_KEY]);

		expect(error.message).toBe('API key not valid: [redacted]. Please pass a valid API key.');
		expect(JSON.stringify(error.details)).not.toContain(API_KEY);
		expect(error.details[0]).toMatchObject({ reason: 'API_KEY_INVALID', metadata: { key: '[redacted]' } });
		expect(error.details[1]).toEqual({ '@type': 'type.googleapis.com/google.rpc.Help', links: [{ url: 'https://example.com/?k=[redacted]' }] });
	});

	it('redacts the API key from a body that is not JSON', () => {
		const error = parseGoogleError(401, `proxy refused key ${API_KEY}`, [API_KEY]);

		expect(error.message).toBe('proxy refused key [redacted]');
	});

	it('keeps numbers and booleans in details as they are', () => {
		const body = JSON.stringify({ error: { code: 429, message: 'slow down', details: [{ n: 3, ok: true, none: null }] } });

		expect(parseGoogleError(429, body, [API_KEY]).details).toEqual([{ n: 3, ok: true, none: null }]);
	});
});

describe('redactSecrets', () => {
	it('removes every occurrence of each secret', () => {
		expect(redactSecrets('a secret-123 b secret-123 c', ['secret-123'])).toBe('a [redacted] b [redacted] c');
	});

	it('leaves secrets shorter than 6 characters alone (they would hit ordinary words)', () => {
		expect(redactSecrets('the model is here', ['model', '', 'is'])).toBe('the model is here');
	});

	it('treats a secret with regex characters literally', () => {
		expect(redactSecrets('key: a.b*c+d? end', ['a.b*c+d?'])).toBe('key: [redacted] end');
	});

	it('removes anything shaped like a Google API key, even when it is not the one given', () => {
		expect(redactSecrets(`leaked ${OTHER_KEY} here`, [API_KEY])).toBe('leaked [redacted] here');
		expect(redactSecrets('AIza-short stays', [])).toBe('AIza-short stays');
	});

	it('removes key= query parameters', () => {
		expect(redactSecrets('GET https://host/v1beta/models?key=abc123&pageSize=5', [])).toBe(
			'GET https://host/v1beta/models?key=[redacted]&pageSize=5',
		);
		expect(redactSecrets('url "https://host/x?alt=sse&KEY=zzz" failed', [])).toBe('url "https://host/x?alt=sse&KEY=[redacted]" failed');
	});

	it('leaves text without secrets unchanged', () => {
		expect(redactSecrets('monkey=banana; apikey stays', [API_KEY])).toBe('monkey=banana; apikey stays');
	});
});

describe('streamErrorFromEvent', () => {
	it('turns a mid-stream error event into a stream error with Google\'s code and status', () => {
		const error = streamErrorFromEvent(
			{ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } },
			[API_KEY],
		);

		expect(error).toBeInstanceOf(GeminiApiError);
		expect(error?.kind).toBe('stream');
		expect(error?.httpStatus).toBe(503);
		expect(error?.googleStatus).toBe('UNAVAILABLE');
		expect(error?.message).toBe('The model is overloaded. Please try again later.');
		expect(error?.details).toEqual([]);
	});

	it('redacts the key from message and details', () => {
		const error = streamErrorFromEvent(
			{ error: { code: 400, message: `bad ${API_KEY}`, details: [{ note: `?key=${API_KEY}` }] } },
			[API_KEY],
		);

		expect(error?.message).toBe('bad [redacted]');
		expect(error?.details).toEqual([{ note: '?key=[redacted]' }]);
	});

	it('gives a default message when the error has none', () => {
		expect(streamErrorFromEvent({ error: {} }, [])?.message).toBe('The stream reported an error');
		expect(streamErrorFromEvent({ error: null }, [])?.message).toBe('The stream reported an error');
	});

	it.each<[string, unknown]>([
		['a normal chunk', { candidates: [], usageMetadata: { promptTokenCount: 1 } }],
		['null', null],
		['a string', 'error'],
		['a number', 503],
	])('is undefined for %s', (_, event) => {
		expect(streamErrorFromEvent(event, [])).toBeUndefined();
	});
});

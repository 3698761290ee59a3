import { GeminiApiError, type GeminiErrorInit } from '../../../nodes/shared/transport/googleError';
import {
	backoffDelayMs,
	DEFAULT_RETRY_SETTINGS,
	isRetryableError,
	nextRetryDelayMs,
	parseDurationMs,
	parseRetryAfterMs,
	retryInfoDelayMs,
	serverHintMs,
	type RetrySettings,
} from '../../../nodes/shared/transport/retryPolicy';

/** The details array of a real free-tier 429 (QuotaFailure, Help, RetryInfo). */
const QUOTA_DETAILS = [
	{
		'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
		violations: [
			{
				quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
				quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
				quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
				quotaValue: '10',
			},
		],
	},
	{
		'@type': 'type.googleapis.com/google.rpc.Help',
		links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
	},
	{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' },
];

function httpError(httpStatus: number, init: Partial<GeminiErrorInit> = {}): GeminiApiError {
	return new GeminiApiError({ kind: 'http', httpStatus, message: `HTTP ${httpStatus}`, ...init });
}

function networkError(networkCode: string): GeminiApiError {
	return new GeminiApiError({ kind: 'network', networkCode, message: `socket ${networkCode}` });
}

const settings: RetrySettings = { maxRetries: 3, maxTotalWaitMs: 120_000, baseDelayMs: 1_000, maxDelayMs: 32_000 };
const low = () => 0;
const high = () => 1;

describe('parseDurationMs', () => {
	it.each<[unknown, number | undefined]>([
		['34.4s', 34_400],
		['22s', 22_000],
		['0.5s', 500],
		['0s', 0],
		[' 3s ', 3_000],
		['1.0005s', 1_001],
		['34', undefined],
		['1m', undefined],
		['s', undefined],
		['-1s', undefined],
		['1.2.3s', undefined],
		['soon', undefined],
		['', undefined],
		[34, undefined],
		[undefined, undefined],
		[{ seconds: 34 }, undefined],
	])('reads %j as %j', (value, expected) => {
		expect(parseDurationMs(value)).toBe(expected);
	});
});

describe('retryInfoDelayMs', () => {
	it('finds RetryInfo among the other details of a 429', () => {
		expect(retryInfoDelayMs(QUOTA_DETAILS)).toBe(34_400);
	});

	it('is undefined without RetryInfo, or with one it cannot read', () => {
		expect(retryInfoDelayMs(QUOTA_DETAILS.slice(0, 2))).toBeUndefined();
		expect(retryInfoDelayMs([])).toBeUndefined();
		expect(retryInfoDelayMs([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: 'later' }])).toBeUndefined();
	});

	it('skips details that are not objects', () => {
		expect(retryInfoDelayMs([null, 'RetryInfo', 7, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '22s' }])).toBe(22_000);
	});
});

describe('parseRetryAfterMs', () => {
	const now = Date.parse('2026-06-02T10:00:00Z');

	it('reads delta-seconds', () => {
		expect(parseRetryAfterMs('120', now)).toBe(120_000);
		expect(parseRetryAfterMs('0', now)).toBe(0);
		expect(parseRetryAfterMs('1.5', now)).toBe(1_500);
	});

	it('reads an HTTP date relative to now', () => {
		expect(parseRetryAfterMs('Tue, 02 Jun 2026 10:00:30 GMT', now)).toBe(30_000);
	});

	it('never returns a negative wait for a date in the past', () => {
		expect(parseRetryAfterMs('Tue, 02 Jun 2026 09:59:00 GMT', now)).toBe(0);
	});

	it('is undefined when missing or unreadable', () => {
		expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
		expect(parseRetryAfterMs('', now)).toBeUndefined();
		expect(parseRetryAfterMs('soon', now)).toBeUndefined();
	});
});

describe('isRetryableError', () => {
	it.each([408, 429, 500, 502, 503, 504])('retries HTTP %d', (status) => {
		expect(isRetryableError(httpError(status))).toBe(true);
	});

	it.each([400, 401, 403, 404, 409, 501])('does not retry HTTP %d', (status) => {
		expect(isRetryableError(httpError(status))).toBe(false);
	});

	it('does not retry an HTTP error without a status', () => {
		expect(isRetryableError(new GeminiApiError({ kind: 'http', message: 'bad body' }))).toBe(false);
	});

	it.each(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'])(
		'retries the dropped connection %s',
		(code) => {
			expect(isRetryableError(networkError(code))).toBe(true);
		},
	);

	it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', ''])('does not retry the network failure %j', (code) => {
		expect(isRetryableError(networkError(code))).toBe(false);
	});

	it.each(['timeout', 'aborted', 'stream'] as const)('does not retry a %s error', (kind) => {
		expect(isRetryableError(new GeminiApiError({ kind, httpStatus: 503, networkCode: 'ECONNRESET', message: kind }))).toBe(false);
	});
});

describe('backoffDelayMs', () => {
	it.each<[number, number, number]>([
		[0, 500, 1_000],
		[1, 1_000, 2_000],
		[3, 4_000, 8_000],
		[5, 16_000, 32_000],
		[6, 16_000, 32_000],
		[30, 16_000, 32_000],
	])('keeps retry %d between %d and %d ms', (retryIndex, min, max) => {
		expect(backoffDelayMs(retryIndex, settings, low)).toBe(min);
		expect(backoffDelayMs(retryIndex, settings, high)).toBe(max);
	});

	it('is half fixed, half random', () => {
		expect(backoffDelayMs(2, settings, () => 0.5)).toBe(3_000);
	});

	it('uses the settings\' base delay and cap', () => {
		const custom: RetrySettings = { ...settings, baseDelayMs: 500, maxDelayMs: 2_000 };

		expect(backoffDelayMs(0, custom, high)).toBe(500);
		expect(backoffDelayMs(10, custom, high)).toBe(2_000);
		expect(backoffDelayMs(10, custom, low)).toBe(1_000);
	});

	it('stays within bounds with Math.random', () => {
		for (let i = 0; i < 50; i++) {
			const delay = backoffDelayMs(1, settings);
			expect(delay).toBeGreaterThanOrEqual(1_000);
			expect(delay).toBeLessThanOrEqual(2_000);
		}
	});
});

describe('serverHintMs', () => {
	it('prefers RetryInfo over Retry-After', () => {
		expect(serverHintMs(httpError(429, { details: QUOTA_DETAILS, retryAfterMs: 5_000 }))).toBe(34_400);
	});

	it('falls back to Retry-After, and is undefined without either', () => {
		expect(serverHintMs(httpError(503, { retryAfterMs: 5_000 }))).toBe(5_000);
		expect(serverHintMs(httpError(503))).toBeUndefined();
	});
});

describe('nextRetryDelayMs', () => {
	const quota429 = httpError(429, { googleStatus: 'RESOURCE_EXHAUSTED', details: QUOTA_DETAILS });

	it('waits what RetryInfo asks for instead of backing off', () => {
		expect(nextRetryDelayMs({ error: quota429, retryIndex: 0, waitedMs: 0, settings, random: low })).toBe(34_400);
	});

	it('adds at most 250 ms of jitter to a long hint', () => {
		expect(nextRetryDelayMs({ error: quota429, retryIndex: 0, waitedMs: 0, settings, random: high })).toBe(34_650);
	});

	it('adds at most 10% jitter to a short hint', () => {
		const error = httpError(503, { retryAfterMs: 1_000 });

		expect(nextRetryDelayMs({ error, retryIndex: 0, waitedMs: 0, settings, random: high })).toBe(1_100);
	});

	it('backs off when the server gives no hint', () => {
		const error = httpError(500);

		expect(nextRetryDelayMs({ error, retryIndex: 0, waitedMs: 0, settings, random: low })).toBe(500);
		expect(nextRetryDelayMs({ error, retryIndex: 2, waitedMs: 0, settings, random: high })).toBe(4_000);
	});

	it('stops once maxRetries retries were made', () => {
		const error = httpError(503);

		expect(nextRetryDelayMs({ error, retryIndex: 2, waitedMs: 0, settings, random: low })).toBe(2_000);
		expect(nextRetryDelayMs({ error, retryIndex: 3, waitedMs: 0, settings, random: low })).toBeUndefined();
		expect(nextRetryDelayMs({ error, retryIndex: 0, waitedMs: 0, settings: { ...settings, maxRetries: 0 } })).toBeUndefined();
	});

	it('does not start a wait that would pass maxTotalWaitMs', () => {
		expect(nextRetryDelayMs({ error: quota429, retryIndex: 1, waitedMs: 85_600, settings, random: low })).toBe(34_400);
		expect(nextRetryDelayMs({ error: quota429, retryIndex: 1, waitedMs: 85_601, settings, random: low })).toBeUndefined();
		expect(
			nextRetryDelayMs({ error: quota429, retryIndex: 0, waitedMs: 0, settings: { ...settings, maxTotalWaitMs: 30_000 }, random: low }),
		).toBeUndefined();
	});

	it('does not retry what is not retryable, hint or not', () => {
		const error = httpError(400, { details: QUOTA_DETAILS });

		expect(nextRetryDelayMs({ error, retryIndex: 0, waitedMs: 0, settings, random: low })).toBeUndefined();
	});

	it('follows a custom retryable predicate', () => {
		const noOverload = (e: GeminiApiError) => e.httpStatus !== 503 && isRetryableError(e);

		expect(nextRetryDelayMs({ error: httpError(503), retryIndex: 0, waitedMs: 0, settings, retryable: noOverload })).toBeUndefined();
		expect(nextRetryDelayMs({ error: httpError(502), retryIndex: 0, waitedMs: 0, settings, retryable: noOverload, random: low })).toBe(500);
		expect(nextRetryDelayMs({ error: httpError(400), retryIndex: 0, waitedMs: 0, settings, retryable: () => true, random: low })).toBe(500);
	});

	it('uses defaults that allow 3 retries within 2 minutes', () => {
		expect(DEFAULT_RETRY_SETTINGS).toEqual(settings);
	});
});

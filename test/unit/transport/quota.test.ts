import { parseGoogleError } from '../../../nodes/shared/transport/googleError';
import { describeQuotaExhaustion, nextPacificMidnight, quotaExhaustion, quotaViolations } from '../../../nodes/shared/transport/quota';
import { isRetryableError, nextRetryDelayMs, DEFAULT_RETRY_SETTINGS } from '../../../nodes/shared/transport/retryPolicy';

/**
 * Real 429 bodies of the Gemini API, as quoted in public issue threads (the fake server sends the
 * same shapes, see test/fake-gemini/errors.ts):
 * - per day: https://github.com/itcon-pty-au/stremio-ai-search/issues/170
 * - per minute: https://github.com/RooCodeInc/Roo-Code/issues/3883
 * - limit 0: message from https://github.com/continuedev/continue/issues/10066, violations (no
 *   quotaValue) from https://github.com/googleapis/python-genai/issues/2044
 */
const HELP = { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] };

const PER_DAY = {
	error: {
		code: 429,
		message:
			'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 20, model: gemini-2.5-flash-lite\nPlease retry in 51.606482386s.',
		status: 'RESOURCE_EXHAUSTED',
		details: [
			HELP,
			{
				'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
				violations: [
					{
						quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
						quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
						quotaDimensions: { location: 'global', model: 'gemini-2.5-flash-lite' },
						quotaValue: '20',
					},
				],
			},
			{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '51s' },
		],
	},
};

const PER_MINUTE = {
	error: {
		code: 429,
		message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
		status: 'RESOURCE_EXHAUSTED',
		details: [
			{
				'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
				violations: [
					{
						quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count',
						quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier',
						quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
						quotaValue: '250000',
					},
				],
			},
			HELP,
			{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '26s' },
		],
	},
};

const ZERO_LIMIT = {
	error: {
		code: 429,
		message:
			'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-2.0-flash\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_input_token_count, limit: 0, model: gemini-2.0-flash\nPlease retry in 7.967587226s.',
		status: 'RESOURCE_EXHAUSTED',
		details: [
			HELP,
			{
				'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
				violations: [
					{
						quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
						quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
						quotaDimensions: { location: 'global', model: 'gemini-2.0-flash' },
					},
				],
			},
			{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
		],
	},
};

const parse = (body: unknown) => parseGoogleError(429, JSON.stringify(body), []);

describe('quotaViolations', () => {
	it('reads quota id, metric, limit and model of every violation', () => {
		expect(quotaViolations(PER_DAY.error.details)).toEqual([
			{
				quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
				quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
				quotaValue: '20',
				model: 'gemini-2.5-flash-lite',
			},
		]);
		expect(quotaViolations([HELP, 'junk', { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: 'x' }])).toEqual([]);
	});
});

describe('quotaExhaustion', () => {
	it('a per-day quota id is daily', () => {
		expect(quotaExhaustion(429, PER_DAY.error.details, PER_DAY.error.message)?.kind).toBe('daily');
	});

	it('a per-minute quota with a real limit is not', () => {
		expect(quotaExhaustion(429, PER_MINUTE.error.details, PER_MINUTE.error.message)).toBeUndefined();
	});

	it('a zero limit, said only in the message (quotaValue left out), is a zero limit', () => {
		expect(quotaExhaustion(429, ZERO_LIMIT.error.details, ZERO_LIMIT.error.message)?.kind).toBe('zeroLimit');
	});

	it('a zero limit in quotaValue is a zero limit', () => {
		const details = [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel', quotaValue: '0' }] }];
		expect(quotaExhaustion(429, details, 'quota')?.kind).toBe('zeroLimit');
	});

	it('only a 429 with a QuotaFailure counts', () => {
		expect(quotaExhaustion(503, PER_DAY.error.details, PER_DAY.error.message)).toBeUndefined();
		expect(quotaExhaustion(429, [HELP], 'limit: 0')).toBeUndefined();
	});
});

describe('a parsed 429', () => {
	it('per day: not retried, the message names the quota, the reset and Google’s hint, and keeps Google’s message', () => {
		const error = parse(PER_DAY);
		expect(error.quota?.kind).toBe('daily');
		expect(isRetryableError(error)).toBe(false);
		expect(nextRetryDelayMs({ error, retryIndex: 0, waitedMs: 0, settings: DEFAULT_RETRY_SETTINGS })).toBeUndefined();
		expect(error.message).toMatch(
			/^Daily quota exhausted: GenerateRequestsPerDayPerProjectPerModel-FreeTier \(generativelanguage\.googleapis\.com\/generate_content_free_tier_requests, limit 20, model gemini-2\.5-flash-lite\)\. Not retried: a daily quota resets at midnight Pacific time \(\d{4}-\d\d-\d\dT\d\d:00:00\.000Z, in \d+ (min|h \d+ min)\)\. Google's RetryInfo asks to retry in 51 s\. Google said: You exceeded your current quota/,
		);
		expect(error.toJSON()).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', details: PER_DAY.error.details, quota: { kind: 'daily' } });
	});

	it('per minute: retried after RetryInfo, message unchanged', () => {
		const error = parse(PER_MINUTE);
		expect(error.quota).toBeUndefined();
		expect(isRetryableError(error)).toBe(true);
		expect(error.message).toBe(PER_MINUTE.error.message);
		expect(nextRetryDelayMs({ error, retryIndex: 0, waitedMs: 0, settings: DEFAULT_RETRY_SETTINGS, random: () => 0 })).toBe(26_000);
	});

	it('zero limit: not retried, the message says so', () => {
		const error = parse(ZERO_LIMIT);
		expect(isRetryableError(error)).toBe(false);
		expect(error.message).toMatch(/^The quota limit is 0 for GenerateRequestsPerMinutePerProjectPerModel-FreeTier .*not retried\. Enable billing or choose another model\. Google's RetryInfo asks to retry in 7 s\./);
	});
});

describe('nextPacificMidnight', () => {
	it.each([
		// PST (UTC-8): midnight is 08:00 UTC
		['2026-01-15T12:34:56.789Z', '2026-01-16T08:00:00.000Z'],
		// PDT (UTC-7): midnight is 07:00 UTC
		['2026-07-01T06:59:00.000Z', '2026-07-01T07:00:00.000Z'],
		['2026-07-01T07:00:00.000Z', '2026-07-02T07:00:00.000Z'],
		// the day daylight saving time ends (25 h long) and begins (23 h long)
		['2026-11-01T12:00:00.000Z', '2026-11-02T08:00:00.000Z'],
		['2026-03-08T12:00:00.000Z', '2026-03-09T07:00:00.000Z'],
	])('%s → %s', (now, expected) => {
		expect(nextPacificMidnight(new Date(now)).toISOString()).toBe(expected);
	});

	it('names the reset time and how long until it', () => {
		const exhaustion = quotaExhaustion(429, PER_DAY.error.details, '')!;
		expect(describeQuotaExhaustion(exhaustion, undefined, new Date('2026-01-15T22:30:00Z'))).toContain(
			'resets at midnight Pacific time (2026-01-16T08:00:00.000Z, in 9 h 30 min).',
		);
	});
});

import type { IDataObject } from 'n8n-workflow';

import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { MISSING_USAGE_WARNING } from '../../nodes/shared/output/buildOutputItem';
import { hugeText, INVALID_UTF8_DECODED } from '../fake-gemini/bodyfaults';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { asAnswer, asError, expectNothingLeftOpen, requestsCarrying, runItems, type AnswerItem } from './harness';

/**
 * The fault suite for Gemini Generate: three items, only item 1 faulty (a directive in its
 * prompt, or a fault queued on the fake), Continue On Fail on. Every case asserts the wall time,
 * one output item per input item paired with it, the faulty item's exact answer or error, the
 * healthy items' answers, how many requests the fake received for the faulty item (what was and
 * was not retried), and that nothing was left in flight afterwards.
 *
 * What is retried (retryPolicy.ts): 408/429/500/502/503/504 and connections that broke before the
 * answer was complete, including a reset half-way through a JSON body (generateContent changes
 * nothing on Google's side; Google's SDK retries such failures too). Not retried: other 4xx, a
 * 200 whose body is not JSON (the server did answer: asking again would bill again for the same
 * broken proxy), and timeouts (the model may still be working and billing; the user's Timeout
 * is the bound on the item).
 */

const API_KEY = 'faults-generate-key-41c7';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const QUOTA =
	'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_paid_tier_requests, limit: 1000, model: gemini-2.5-flash';
const OVERLOADED = 'The model is overloaded. Please try again later.';
const NGINX_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>';
const GOOGLE_502 =
	'<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 502 (Server Error)!!1</title>\n  <p><b>502.</b> <ins>That’s an error.</ins>\n  <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>';

type Outcome =
	| { error: (url: string) => string; httpCode?: string; googleStatus?: string }
	| { text: string; check?: (item: AnswerItem) => void };

interface FaultCase {
	name: string;
	/** Item 1's prompt; `marker` (default: its directive) finds its requests on the fake. */
	prompt: string;
	marker?: string;
	requestOptions?: IDataObject;
	parameters?: IDataObject;
	setup?: () => void;
	/** Requests the fake received for item 1. */
	requests: number;
	maxMs: number;
	outcome: Outcome;
}

/** Small budgets so that the suite is fast; cases override them. */
const BASE_REQUEST_OPTIONS: IDataObject = { maxRetries: 2, timeoutSeconds: 2, maxRetryWaitSeconds: 5, concurrency: 3 };

const networkError = (attempts: string, cause: string) => (url: string) =>
	`Gemini request failed${attempts}: Could not reach Gemini at ${url}: ${cause} [item 1]`;

const cases: FaultCase[] = [
	{
		name: '429 storm with RetryInfo that ends within Max Retries: retried after the asked delay until it succeeds',
		prompt: 'faulty [[fake:429 retryDelay=0.2s times=2]]',
		requestOptions: { maxRetries: 3 },
		requests: 3,
		maxMs: 3000,
		outcome: { text: 'Echo: faulty' },
	},
	{
		name: '429 storm longer than Max Retries: fails after maxRetries + 1 attempts with Google’s quota message',
		prompt: 'faulty [[fake:429 retryDelay=0.1s]]',
		requests: 3,
		maxMs: 3000,
		outcome: {
			error: () => `Gemini API error 429 RESOURCE_EXHAUSTED after 3 attempts: ${QUOTA}\nPlease retry in 0.1s. [item 1]`,
			httpCode: '429',
			googleStatus: 'RESOURCE_EXHAUSTED',
		},
	},
	{
		name: '429 whose RetryInfo asks for more than Max Retry Wait: fails at once instead of waiting',
		prompt: 'faulty [[fake:429 retryDelay=30s]]',
		requestOptions: { maxRetryWaitSeconds: 5 },
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () => `Gemini API error 429 RESOURCE_EXHAUSTED: ${QUOTA}\nPlease retry in 30s. [item 1]`,
			httpCode: '429',
			googleStatus: 'RESOURCE_EXHAUSTED',
		},
	},
	{
		name: '429 with a Retry-After header: retried after it',
		prompt: 'faulty [[fake:429 retryAfter=0.2 times=1]]',
		requests: 2,
		maxMs: 2000,
		outcome: { text: 'Echo: faulty' },
	},
	{
		name: '429 storm on every item at once (queued faults): all retried, all answered, order kept',
		prompt: 'faulty storm',
		marker: 'faulty storm',
		requestOptions: { maxRetries: 3 },
		setup: () =>
			fake.enqueueFault({ status: 429, retryDelay: '0.2s', times: 6, match: (request) => request.path.includes(':generateContent') }),
		requests: 3,
		maxMs: 3000,
		outcome: { text: 'Echo: faulty storm' },
	},
	{
		name: '503 on Flex with Flex Overload "Retry": retried, served on Flex',
		prompt: 'faulty [[fake:flex-overload times=1]]',
		parameters: { serviceTier: 'flex' },
		requests: 2,
		maxMs: 3000,
		outcome: { text: 'Echo: faulty', check: (item) => expect(item.serviceTier).toEqual({ requested: 'flex', served: 'flex' }) },
	},
	{
		name: '503 on Flex that lasts: fails after maxRetries + 1 attempts',
		prompt: 'faulty [[fake:flex-overload]]',
		parameters: { serviceTier: 'flex' },
		requestOptions: { maxRetries: 1 },
		requests: 2,
		maxMs: 3000,
		outcome: { error: () => `Gemini API error 503 UNAVAILABLE after 2 attempts: ${OVERLOADED} [item 1]`, httpCode: '503', googleStatus: 'UNAVAILABLE' },
	},
	{
		name: '503 on Flex with "Fall Back to Standard": sent again on Standard, billed as Standard, with a warning',
		prompt: 'faulty [[fake:flex-overload]]',
		parameters: { serviceTier: 'flex' },
		requestOptions: { flexOverload: 'fallbackToStandard' },
		requests: 2,
		maxMs: 2000,
		outcome: {
			text: 'Echo: faulty',
			check: (item) => {
				expect(item.serviceTier).toEqual({ requested: 'flex', served: 'standard' });
				expect(item.warnings).toContain('Flex was overloaded (503 UNAVAILABLE); the request was sent again on the Standard tier.');
			},
		},
	},
	{
		name: '503 on Flex with "Fail": not retried',
		prompt: 'faulty [[fake:flex-overload]]',
		parameters: { serviceTier: 'flex' },
		requestOptions: { flexOverload: 'fail' },
		requests: 1,
		maxMs: 2000,
		outcome: { error: () => `Gemini API error 503 UNAVAILABLE: ${OVERLOADED} [item 1]`, httpCode: '503', googleStatus: 'UNAVAILABLE' },
	},
	{
		name: 'connection reset before the response, once: retried',
		prompt: 'faulty [[fake:drop times=1]]',
		requests: 2,
		maxMs: 3000,
		outcome: { text: 'Echo: faulty' },
	},
	{
		name: 'connection reset before the response, every time: fails after maxRetries + 1 attempts with the network error',
		prompt: 'faulty [[fake:drop]]',
		requestOptions: { maxRetries: 1 },
		requests: 2,
		maxMs: 3000,
		outcome: { error: networkError(' after 2 attempts', 'other side closed (UND_ERR_SOCKET)') },
	},
	{
		name: 'connection reset half-way through the JSON body, once: retried (an unfinished generateContent is safe to send again)',
		prompt: 'faulty [[fake:reset-mid-body times=1]]',
		requests: 2,
		maxMs: 3000,
		outcome: { text: 'Echo: faulty' },
	},
	{
		name: 'connection reset half-way through the JSON body, every time: fails with the network error',
		prompt: 'faulty [[fake:reset-mid-body]]',
		requestOptions: { maxRetries: 1 },
		requests: 2,
		maxMs: 3000,
		outcome: { error: networkError(' after 2 attempts', 'other side closed (UND_ERR_SOCKET)') },
	},
	{
		name: 'a 200 whose body is malformed JSON: not retried, the error shows the start of the body',
		prompt: 'faulty [[fake:malformed-json]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			// the client shows the first 200 characters of the body
			error: () =>
				'Gemini API error 200: Gemini answered with a body that is not JSON: HTTP 200 (application/json; charset=UTF-8), body: {\n  "candidates": [\n    {\n      "content": {\n        "role": "model",\n        "parts": [\n          {\n            "text": "Echo: faulty"\n          }\n        ]\n      },\n      "finishReason": "STOP",\n    [item 1]',
			httpCode: '200',
		},
	},
	{
		name: 'a proxy’s HTML login page with status 200: not retried, the error shows the page',
		prompt: 'faulty [[fake:html]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () =>
				'Gemini API error 200: Gemini answered with a body that is not JSON: HTTP 200 (text/html; charset=UTF-8), body: <!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head>\n<body><h1>Network login required</h1><p>Please sign in to the corporate proxy to continue.</p></body></html>\n [item 1]',
			httpCode: '200',
		},
	},
	{
		name: 'a proxy’s HTML 502 page (nginx): retried, then a clear error with the page',
		prompt: 'faulty [[fake:502 html]]',
		requestOptions: { maxRetries: 1 },
		requests: 2,
		maxMs: 3000,
		outcome: { error: () => `Gemini API error 502 after 2 attempts: ${NGINX_502} [item 1]`, httpCode: '502' },
	},
	{
		name: 'Google’s own HTML 502 page: retried, then a clear error with the page',
		prompt: 'faulty [[fake:502]]',
		requestOptions: { maxRetries: 1 },
		requests: 2,
		maxMs: 3000,
		outcome: { error: () => `Gemini API error 502 after 2 attempts: ${GOOGLE_502} [item 1]`, httpCode: '502' },
	},
	{
		name: '500 once: retried',
		prompt: 'faulty [[fake:500 times=1]]',
		requests: 2,
		maxMs: 3000,
		outcome: { text: 'Echo: faulty' },
	},
	{
		name: '400: not retried',
		prompt: 'faulty [[fake:400]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () => 'Gemini API error 400 INVALID_ARGUMENT: Request contains an invalid argument. [item 1]',
			httpCode: '400',
			googleStatus: 'INVALID_ARGUMENT',
		},
	},
	{
		name: '403: not retried',
		prompt: 'faulty [[fake:403]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () => 'Gemini API error 403 PERMISSION_DENIED: The caller does not have permission [item 1]',
			httpCode: '403',
			googleStatus: 'PERMISSION_DENIED',
		},
	},
	{
		name: 'a server that never answers: a timeout after Timeout (Seconds), not retried',
		prompt: 'faulty [[fake:delay=60000]]',
		requestOptions: { timeoutSeconds: 1 },
		requests: 1,
		maxMs: 2500,
		outcome: { error: () => 'Gemini request failed: Gemini did not answer within 1 s (option "Timeout") [item 1]' },
	},
	{
		name: 'a server that stops half-way through the JSON body: a timeout after Timeout (Seconds), not retried',
		prompt: 'faulty [[fake:stall-mid-body]]',
		requestOptions: { timeoutSeconds: 1 },
		requests: 1,
		maxMs: 2500,
		outcome: { error: () => 'Gemini request failed: Gemini did not answer within 1 s (option "Timeout") [item 1]' },
	},
	{
		name: 'a huge answer (5 million characters): completes with usage and cost',
		prompt: 'faulty [[fake:huge=5000000]]',
		requests: 1,
		maxMs: 5000,
		outcome: {
			text: hugeText(5_000_000),
			check: (item) => {
				// candidates = ceil(5e6 / 4), thoughts = 2 × candidates; 2.5 Flex standard output 2.50 / 1M
				expect(item.usage).toMatchObject({ outputTokens: 1_250_000, thoughtsTokens: 2_500_000 });
				expect(item.cost.output).toBe(9.375); // 3,750,000 × 2.50 / 1e6
				expect(item.finishReason).toBe('STOP');
			},
		},
	},
	{
		name: 'bytes that are not UTF-8 in the answer: completes, with U+FFFD in their place',
		prompt: 'faulty [[fake:invalid-utf8]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			text: `Bytes that are not UTF-8: ${INVALID_UTF8_DECODED} and the answer goes on.`,
			check: (item) => expect(item.usage.outputTokens).toBeGreaterThan(0),
		},
	},
];

describe('Gemini Generate under faults (3 items, item 1 faulty, Continue On Fail)', () => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		c.setup?.();
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['healthy zero', c.prompt, 'healthy two'],
			parameters: c.parameters,
			requestOptions: { ...BASE_REQUEST_OPTIONS, ...c.requestOptions },
		});
		expect(result.ms).toBeLessThan(c.maxMs);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(asAnswer(result.items[0]).text).toBe('Echo: healthy zero');
		expect(asAnswer(result.items[2]).text).toBe('Echo: healthy two');

		const marker = c.marker ?? /\[\[fake:[^\]]*\]\]/.exec(c.prompt)?.[0] ?? c.prompt;
		expect(requestsCarrying(fake, marker)).toHaveLength(c.requests);
		if ('error' in c.outcome) {
			const failed = asError(result.items[1]);
			expect(Object.keys(failed).sort()).toEqual(['details', 'error']);
			expect(failed.error).toBe(c.outcome.error(fake.url));
			expect(failed.details.itemIndex).toBe(1);
			expect(failed.details.httpCode).toBe(c.outcome.httpCode);
			expect(failed.details.googleStatus).toBe(c.outcome.googleStatus);
			expect(JSON.stringify(failed)).not.toContain(API_KEY);
		} else {
			const item = asAnswer(result.items[1]);
			// (a boolean first: jest would print a 5 MB text in full)
			expect(item.text === c.outcome.text).toBe(true);
			expect(item.text).toBe(c.outcome.text);
			expect(item.usage.totalTokens).toBeGreaterThan(0);
			expect(typeof item.cost.total).toBe('number');
			c.outcome.check?.(item);
		}
		await expectNothingLeftOpen(fake);
	});

	it.each([
		['a per-day quota (free tier, limit 20)', 'quota=day', 'daily', /^Gemini API error 429 RESOURCE_EXHAUSTED: Daily quota exhausted: GenerateRequestsPerDayPerProjectPerModel-FreeTier \(generativelanguage\.googleapis\.com\/generate_content_free_tier_requests, limit 20, model gemini-2\.5-flash\)\. Not retried: a daily quota resets at midnight Pacific time \(.+\)\. Google's RetryInfo asks to retry in 1 s\. Google said: You exceeded your current quota/],
		['a zero limit (a model without free tier)', 'quota=zero', 'zeroLimit', /^Gemini API error 429 RESOURCE_EXHAUSTED: The quota limit is 0 for GenerateRequestsPerMinutePerProjectPerModel-FreeTier .+ Enable billing or choose another model\. Google's RetryInfo asks to retry in 1 s\. Google said: You exceeded/],
	])('a 429 for %s is sent once, and the error item keeps Google’s quota details and retry delay', async (_name, directive, kind, message) => {
		const prompt = `faulty [[fake:${directive} retryDelay=1s]]`;
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['healthy zero', prompt, 'healthy two'],
			requestOptions: { ...BASE_REQUEST_OPTIONS, maxRetries: 3 },
		});
		expect(result.ms).toBeLessThan(2000);
		expect(requestsCarrying(fake, directive)).toHaveLength(1);
		expect(asAnswer(result.items[2]).text).toBe('Echo: healthy two');
		const failed = asError(result.items[1]);
		expect(failed.error).toMatch(message);
		expect(failed.error).toMatch(/ \[item 1\]$/);
		expect(failed.details).toMatchObject({ itemIndex: 1, httpCode: '429', googleStatus: 'RESOURCE_EXHAUSTED', retryDelayMs: 1000, quotaExhausted: { kind } });
		const details = failed.details.googleDetails as Array<Record<string, unknown>>;
		expect(details.map((detail) => detail['@type'])).toEqual([
			'type.googleapis.com/google.rpc.Help',
			'type.googleapis.com/google.rpc.QuotaFailure',
			'type.googleapis.com/google.rpc.RetryInfo',
		]);
		expect(JSON.stringify(details[1])).toContain('generativelanguage.googleapis.com/generate_content_free_tier_requests');
		expect(JSON.stringify(failed)).not.toContain(API_KEY);
		await expectNothingLeftOpen(fake);
	});

	it('a per-minute 429 keeps its details on the error item after the retries', async () => {
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['faulty [[fake:quota=minute retryDelay=0.1s]]'],
			requestOptions: { ...BASE_REQUEST_OPTIONS, maxRetries: 1 },
		});
		expect(requestsCarrying(fake, 'quota=minute')).toHaveLength(2);
		const failed = asError(result.items[0]);
		expect(failed.details.quotaExhausted).toBeUndefined();
		expect(failed.details.retryDelayMs).toBe(100);
		expect(JSON.stringify(failed.details.googleDetails)).toContain('GenerateRequestsPerMinutePerProjectPerModel-PaidTier');
	});

	it.each([
		[
			'a 200 with an empty body',
			'empty-body',
			'Gemini API error 200: Gemini answered with an empty body: HTTP 200 (application/json; charset=UTF-8), an empty body [item 1]',
			'200',
		],
		[
			'a 302 to a login page (not followed; its token not shown)',
			'redirect',
			"Gemini API error 302: Gemini's address answered with a redirect, which is not followed: HTTP 302 (text/html; charset=UTF-8) to Location https://login.example.com/sso/start (query left out). Check the credential's Base URL and any proxy or login page in between. [item 1]",
			'302',
		],
	])('%s is an error naming what came back, sent once, never an empty answer at cost 0', async (_name, directive, message, httpCode) => {
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['healthy zero', `faulty [[fake:${directive}]]`, 'healthy two'],
			requestOptions: BASE_REQUEST_OPTIONS,
		});
		expect(requestsCarrying(fake, directive)).toHaveLength(1);
		expect(asAnswer(result.items[0]).text).toBe('Echo: healthy zero');
		const failed = asError(result.items[1]);
		expect(Object.keys(failed).sort()).toEqual(['details', 'error']);
		expect(failed.error).toBe(message);
		expect(failed.details.httpCode).toBe(httpCode);
		expect(JSON.stringify(failed)).not.toContain('login-token-1234');
		expect(JSON.stringify(failed)).not.toContain(API_KEY);
		await expectNothingLeftOpen(fake);
	});

	it('an answer without usageMetadata: the item has its text, cost null with known false, and a warning', async () => {
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['healthy zero', 'faulty [[fake:no-usage]]'],
			requestOptions: BASE_REQUEST_OPTIONS,
		});
		const item = asAnswer(result.items[1]);
		expect(item.text).toBe('Echo: faulty');
		expect(item.usage.totalTokens).toBe(0);
		expect(item.cost).toMatchObject({ input: null, cachedInput: null, output: null, total: null, pricing: { known: false, model: 'gemini-2.5-flash' } });
		expect(item.warnings).toEqual([MISSING_USAGE_WARNING]);
		expect(asAnswer(result.items[0]).cost.total).toBeGreaterThan(0);
		expect(asAnswer(result.items[0]).warnings).toEqual([]);
	});

	it('without Continue On Fail, the first failure stops the node at once and aborts the others’ requests', async () => {
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['slow zero [[fake:delay=20000]]', 'faulty [[fake:400 delay=100]]', 'slow two [[fake:delay=20000]]'],
			requestOptions: BASE_REQUEST_OPTIONS,
			extra: { continueOnFail: false },
		});
		expect(result.ms).toBeLessThan(1500);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Gemini API error 400 INVALID_ARGUMENT: Request contains an invalid argument. [item 1]');
		expect(fake.requests).toHaveLength(3);
		await expectNothingLeftOpen(fake);
	});

	it('stopping the execution ends a wait for a retry and leaves nothing open', async () => {
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['healthy zero', 'faulty [[fake:429 retryDelay=20s]]', 'hanging [[fake:delay=20000]]'],
			requestOptions: { ...BASE_REQUEST_OPTIONS, maxRetryWaitSeconds: 60, timeoutSeconds: 60 },
			extra: { cancelAfterMs: 300 },
		});
		expect(result.ms).toBeLessThan(1500);
		expect(result.run.status).toBe('canceled');
		expect(requestsCarrying(fake, 'retryDelay=20s')).toHaveLength(1);
		await expectNothingLeftOpen(fake);
	});

	it('waits as long as RetryInfo asks between the attempts of a 429 storm', async () => {
		await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiGenerate(),
			prompts: ['healthy zero', 'faulty [[fake:429 retryDelay=0.3s times=2]]', 'healthy two'],
			requestOptions: { ...BASE_REQUEST_OPTIONS, maxRetries: 3 },
		});
		const times = requestsCarrying(fake, 'retryDelay=0.3s').map((request) => request.time);
		expect(times).toHaveLength(3);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(300);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(300);
		await expectNothingLeftOpen(fake);
	});
});

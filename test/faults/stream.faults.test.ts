import type { IDataObject } from 'n8n-workflow';

import { GeminiStream } from '../../nodes/GeminiStream/GeminiStream.node';
import { MISSING_USAGE_WARNING } from '../../nodes/shared/output/buildOutputItem';
import { hugeText, INVALID_UTF8_DECODED } from '../fake-gemini/bodyfaults';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { asAnswer, asError, expectNothingLeftOpen, requestsCarrying, runItems, type AnswerItem } from './harness';

/**
 * The fault suite for Gemini Stream, run as a streaming webhook execution: three items, only
 * item 1 faulty, Continue On Fail on. Retries happen only until the response headers arrive;
 * once the stream has started nothing is sent again (text may already be with the caller), and
 * the error item keeps what arrived under `details.partial`.
 */

const API_KEY = 'faults-stream-key-9d02';
let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const PROMPT = 'faulty one two three four five six seven eight';
const ANSWER = `Echo: ${PROMPT}`;

/** What the streaming caller received for item 1, by chunk type: `item` per forwarded piece of text. */
const BEFORE_START: string[] = [];
const started = (items: number): string[] => ['begin', ...Array<string>(items).fill('item'), 'error'];

type Outcome =
	| { error: (url: string) => string; httpCode?: string; googleStatus?: string; caller: string[] }
	| { text: string; check?: (item: AnswerItem) => void };

interface StreamCase {
	name: string;
	directive: string;
	requestOptions?: IDataObject;
	parameters?: IDataObject;
	requests: number;
	maxMs: number;
	outcome: Outcome;
}

const BASE_REQUEST_OPTIONS: IDataObject = { maxRetries: 2, timeoutSeconds: 2, maxRetryWaitSeconds: 5 };

const cases: StreamCase[] = [
	{
		name: 'connection reset in the middle of an event’s bytes, after text was forwarded: not retried, partial kept',
		directive: '[[fake:stream-cut-mid-event=3]]',
		requests: 1,
		maxMs: 2000,
		outcome: { error: (url) => `Gemini request failed: Could not reach Gemini at ${url}: other side closed (UND_ERR_SOCKET) [item 1]`, caller: started(3) },
	},
	{
		name: 'stream that ends in the middle of an event: not retried, the cut event named, partial kept',
		directive: '[[fake:stream-end-mid-event=3]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			// the event is shown up to 200 characters
			error: () =>
				'Gemini request failed: The stream sent an event that is not JSON: {"candidates":[{"content":{"role":"model","parts":[{"text":"two "}]},"index":0}],"usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":5,"totalTokenCount":51,"prompt [item 1]',
			caller: started(3),
		},
	},
	{
		name: 'an error event after two chunks: not retried, Google’s status and message, partial kept',
		directive: '[[fake:stream-error-after=2]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () =>
				'Gemini API error 500 INTERNAL: An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting [item 1]',
			httpCode: '500',
			googleStatus: 'INTERNAL',
			caller: started(2),
		},
	},
	{
		name: 'a server that stops sending mid-stream: a timeout after Timeout (Seconds), not retried, partial kept',
		directive: '[[fake:chunk-interval=60000]]',
		requestOptions: { timeoutSeconds: 1 },
		requests: 1,
		maxMs: 2500,
		outcome: { error: () => 'Gemini request failed: Gemini did not answer within 1 s (option "Timeout") [item 1]', caller: started(1) },
	},
	{
		name: 'a server that never answers: a timeout after Timeout (Seconds), not retried',
		directive: '[[fake:delay=60000]]',
		requestOptions: { timeoutSeconds: 1 },
		requests: 1,
		maxMs: 2500,
		outcome: { error: () => 'Gemini request failed: Gemini did not answer within 1 s (option "Timeout") [item 1]', caller: BEFORE_START },
	},
	{
		name: 'connection reset before the stream starts: retried',
		directive: '[[fake:drop times=1]]',
		requests: 2,
		maxMs: 3000,
		outcome: { text: ANSWER },
	},
	{
		name: '429 with RetryInfo before the stream starts: retried after the asked delay',
		directive: '[[fake:429 retryDelay=0.2s times=2]]',
		requests: 3,
		maxMs: 3000,
		outcome: { text: ANSWER },
	},
	{
		name: '503 on Flex before the stream starts: retried, served on Flex',
		directive: '[[fake:flex-overload times=1]]',
		parameters: { serviceTier: 'flex' },
		requests: 2,
		maxMs: 3000,
		outcome: { text: ANSWER, check: (item) => expect(item.serviceTier).toEqual({ requested: 'flex', served: 'flex' }) },
	},
	{
		name: '403 before the stream starts: not retried',
		directive: '[[fake:403]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () => 'Gemini API error 403 PERMISSION_DENIED: The caller does not have permission [item 1]',
			httpCode: '403',
			googleStatus: 'PERMISSION_DENIED',
			caller: BEFORE_START,
		},
	},
	{
		name: 'the first event cut off (malformed JSON with a 200): not retried, no text',
		directive: '[[fake:malformed-json]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () =>
				'Gemini request failed: The stream sent an event that is not JSON: {"candidates":[{"content":{"role":"model","parts":[{"text":"Echo: "}]},"index":0}],"usageMetadata":{"promptTokenCount":18,"candidatesTokenCount":2,"totalTokenCount":46,"promp [item 1]',
			caller: started(0),
		},
	},
	{
		name: 'a proxy’s HTML page with status 200 instead of an event stream: not retried, a clear error',
		directive: '[[fake:html]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () =>
				'Gemini API error 200: Gemini answered with something other than an event stream: HTTP 200 (text/html; charset=UTF-8), body: <!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head>\n<body><h1>Network login required</h1><p>Please sign in to the corporate proxy to continue.</p></body></html>\n [item 1]',
			httpCode: '200',
			caller: BEFORE_START,
		},
	},
	{
		name: 'a 200 with an empty body: not retried, an error naming what came back',
		directive: '[[fake:empty-body]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () =>
				'Gemini API error 200: Gemini answered with something other than an event stream: HTTP 200 (application/json; charset=UTF-8), an empty body [item 1]',
			httpCode: '200',
			caller: BEFORE_START,
		},
	},
	{
		name: 'an event stream that ends before its first event: not retried, an error, no empty answer',
		directive: '[[fake:stream-cut-after=0]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () => 'Gemini API error 200: Gemini answered with an event stream that ended without a single event (an empty body) [item 1]',
			httpCode: '200',
			caller: started(0),
		},
	},
	{
		name: 'a 302 to a login page: not followed, not retried, the error names where it pointed (without its query)',
		directive: '[[fake:redirect]]',
		requests: 1,
		maxMs: 2000,
		outcome: {
			error: () =>
				"Gemini API error 302: Gemini's address answered with a redirect, which is not followed: HTTP 302 (text/html; charset=UTF-8) to Location https://login.example.com/sso/start (query left out). Check the credential's Base URL and any proxy or login page in between. [item 1]",
			httpCode: '302',
			caller: BEFORE_START,
		},
	},
	{
		name: 'bytes that are not UTF-8 in an event: completes, with U+FFFD in their place',
		directive: '[[fake:invalid-utf8]]',
		requests: 1,
		maxMs: 2000,
		outcome: { text: `Bytes that are not UTF-8: ${INVALID_UTF8_DECODED} and the answer goes on.` },
	},
	{
		name: 'a huge streamed answer (2 million characters): completes with usage and cost',
		directive: '[[fake:huge=2000000]]',
		requests: 1,
		maxMs: 5000,
		outcome: {
			text: hugeText(2_000_000),
			check: (item) => {
				// candidates = 2e6 / 4, thoughts = 2 × candidates; output 1,500,000 × 2.50 / 1e6
				expect(item.usage).toMatchObject({ outputTokens: 500_000, thoughtsTokens: 1_000_000 });
				expect(item.cost.output).toBe(3.75);
				expect(item.finishReason).toBe('STOP');
			},
		},
	},
];

describe('Gemini Stream under faults (3 items, item 1 faulty, streaming webhook, Continue On Fail)', () => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiStream(),
			prompts: ['healthy zero', `${PROMPT} ${c.directive}`, 'healthy two'],
			parameters: c.parameters,
			requestOptions: { ...BASE_REQUEST_OPTIONS, ...c.requestOptions },
			extra: { streaming: true },
		});
		expect(result.ms).toBeLessThan(c.maxMs);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(asAnswer(result.items[0]).text).toBe('Echo: healthy zero');
		expect(asAnswer(result.items[2]).text).toBe('Echo: healthy two');
		for (const healthy of [0, 2]) {
			const types = result.chunks.filter((chunk) => chunk.itemIndex === healthy).map((chunk) => chunk.type);
			expect([types[0], types.at(-1)]).toEqual(['begin', 'end']);
		}
		expect(requestsCarrying(fake, c.directive)).toHaveLength(c.requests);

		const forwarded = result.chunks
			.filter((chunk) => chunk.itemIndex === 1 && chunk.type === 'item')
			.map((chunk) => chunk.content ?? '')
			.join('');
		if ('error' in c.outcome) {
			const failed = asError(result.items[1]);
			expect(failed.error).toBe(c.outcome.error(fake.url));
			expect(failed.details).toMatchObject({ itemIndex: 1 });
			expect(failed.details.httpCode).toBe(c.outcome.httpCode);
			expect(failed.details.googleStatus).toBe(c.outcome.googleStatus);
			// what reached the caller is exactly what the error item kept; a caller whose stream had begun is told
			const partial = (failed.details.partial ?? {}) as IDataObject;
			const callerSaw = result.chunks.filter((chunk) => chunk.itemIndex === 1).map((chunk) => chunk.type);
			expect(callerSaw).toEqual(c.outcome.caller);
			expect(partial.chunks ?? 0).toBe(callerSaw.filter((type) => type === 'item').length);
			expect(partial.text ?? '').toBe(forwarded);
			expect(ANSWER.startsWith(forwarded)).toBe(true);
			expect(JSON.stringify(failed)).not.toContain(API_KEY);
		} else {
			const item = asAnswer(result.items[1]);
			expect(item.text === c.outcome.text).toBe(true);
			expect(forwarded === c.outcome.text).toBe(true);
			expect(item.usage.totalTokens).toBeGreaterThan(0);
			expect(typeof item.cost.total).toBe('number');
			c.outcome.check?.(item);
		}
		await expectNothingLeftOpen(fake);
	});

	it('a stream whose chunks carry no usageMetadata: the answer, cost null with known false, and a warning', async () => {
		const result = await runItems({
			fake,
			apiKey: API_KEY,
			nodeType: new GeminiStream(),
			prompts: [`${PROMPT} [[fake:no-usage]]`],
			requestOptions: BASE_REQUEST_OPTIONS,
			extra: { streaming: true },
		});
		const item = asAnswer(result.items[0]);
		expect(item.text).toBe(ANSWER);
		expect(item.cost).toMatchObject({ total: null, output: null, pricing: { known: false } });
		expect(item.warnings).toEqual([MISSING_USAGE_WARNING]);
		await expectNothingLeftOpen(fake);
	});
});

import { createdNothing, createOnce, describeFailure } from '../../../nodes/shared/execution/createOnce';
import { GeminiApiError } from '../../../nodes/shared/transport/googleError';
import type { CallSettings } from '../../../nodes/shared/transport/GeminiClient';

const http = (status: number, googleStatus?: string) => new GeminiApiError({ kind: 'http', httpStatus: status, googleStatus, message: `HTTP ${status}` });
const network = (code: string) => new GeminiApiError({ kind: 'network', networkCode: code, message: `network ${code}` });
const timeout = () => new GeminiApiError({ kind: 'timeout', message: 'Gemini did not answer within 1 s' });

const FAST: CallSettings = { retry: { maxRetries: 3, maxTotalWaitMs: 1_000, baseDelayMs: 1, maxDelayMs: 2 } };

/** A create that fails with the given errors in turn, then succeeds; counts calls. */
function script(failures: GeminiApiError[], found: Array<string | undefined> = []) {
	const calls = { create: 0, find: 0, order: [] as string[] };
	return {
		calls,
		input: {
			what: 'batch job',
			identity: 'named "x (n8n 0000beef)"',
			settings: FAST,
			create: async (settings: CallSettings) => {
				calls.order.push('create');
				calls.create += 1;
				const failure = failures[calls.create - 1];
				if (failure) {
					// The transport would have retried a failure that created nothing; these are refused.
					expect(settings.retryable?.(http(503))).toBe(false);
					expect(settings.retryable?.(network('UND_ERR_SOCKET'))).toBe(false);
					expect(settings.retryable?.(http(429))).toBe(true);
					throw failure;
				}
				return `created-${calls.create}`;
			},
			find: async () => {
				calls.order.push('find');
				calls.find += 1;
				return found[calls.find - 1];
			},
		},
	};
}

describe('createdNothing: which failures certainly created nothing', () => {
	it.each([
		[http(400, 'INVALID_ARGUMENT'), true],
		[http(404), true],
		[http(429, 'RESOURCE_EXHAUSTED'), true],
		[network('ECONNREFUSED'), true],
		[network('UND_ERR_CONNECT_TIMEOUT'), true],
		[http(500), false],
		[http(503), false],
		[network('UND_ERR_SOCKET'), false],
		[network('ECONNRESET'), false],
		[timeout(), false],
		[new GeminiApiError({ kind: 'http', httpStatus: 200, message: 'not JSON' }), false],
	])('%s → %s', (error, expected) => {
		expect(createdNothing(error)).toBe(expected);
	});

	it('describes failures in words', () => {
		expect(describeFailure(http(503, 'UNAVAILABLE'))).toBe('a 503 UNAVAILABLE');
		expect(describeFailure(network('UND_ERR_SOCKET'))).toBe('a dropped connection (UND_ERR_SOCKET)');
		expect(describeFailure(timeout())).toBe('a timeout');
	});
});

describe('createOnce', () => {
	it('first try: no lookup', async () => {
		const { input, calls } = script([]);
		expect(await createOnce(input)).toEqual({ value: 'created-1', attempts: 1, found: false, note: 'The batch job was created on the first try.' });
		expect(calls.find).toBe(0);
	});

	it('an ambiguous failure whose job exists: found, not sent again', async () => {
		const { input, calls } = script([http(503, 'UNAVAILABLE')], ['existing']);
		const created = await createOnce(input);
		expect(created).toMatchObject({ value: 'existing', attempts: 1, found: true });
		expect(created.note).toBe(
			'Found the batch job the first attempt created: that attempt got a 503 UNAVAILABLE after the batch job was created, so it was not sent again.',
		);
		expect(calls.order).toEqual(['create', 'find']);
	});

	it('two failures that created nothing, then a job: looked up after each, created on the third try', async () => {
		const { input, calls } = script([http(503, 'UNAVAILABLE'), network('UND_ERR_SOCKET')]);
		const created = await createOnce(input);
		expect(created).toMatchObject({ value: 'created-3', attempts: 3, found: false });
		expect(created.note).toBe(
			'The batch job was created on the third try after a 503 UNAVAILABLE, then a dropped connection (UND_ERR_SOCKET); the earlier attempts created no batch job.',
		);
		expect(calls.order).toEqual(['create', 'find', 'create', 'find', 'create']);
	});

	it('a job found after an earlier empty lookup names the attempt that created it', async () => {
		const { input } = script([http(500), http(502)], [undefined, 'late']);
		const created = await createOnce(input);
		expect(created).toMatchObject({ value: 'late', attempts: 2, found: true });
		expect(created.note).toBe(
			'Found the batch job the second attempt created: that attempt got a 502 after the batch job was created, so it was not sent again (earlier attempts: a 500; they created nothing).',
		);
	});

	it('a failure that created nothing is thrown as it is, without a lookup', async () => {
		const refused = http(400, 'INVALID_ARGUMENT');
		const { input, calls } = script([refused]);
		await expect(createOnce(input)).rejects.toBe(refused);
		expect(calls.find).toBe(0);
	});

	it('a timeout is looked up but never re-sent: the error warns it may still appear', async () => {
		const { input, calls } = script([timeout()]);
		await expect(createOnce(input)).rejects.toThrow(
			'Gemini did not answer within 1 s. No batch job named "x (n8n 0000beef)" exists, so none was created; it was not sent again after 1 attempt; a create that timed out may still finish, so check with List before submitting again',
		);
		expect(calls.order).toEqual(['create', 'find']);
	});

	it('retries run out: the last error, with how many attempts were made', async () => {
		const { input, calls } = script([http(500), http(500), http(500), http(500), http(500)]);
		const error = (await createOnce(input).catch((e: unknown) => e)) as GeminiApiError;
		expect(error).toBeInstanceOf(GeminiApiError);
		expect(error.httpStatus).toBe(500);
		expect(error.message).toMatch(/not sent again after 4 attempts$/);
		expect(calls.create).toBe(4);
		expect(calls.find).toBe(4);
	});

	it('a lookup that fails stops everything: nothing is re-sent', async () => {
		const { input, calls } = script([http(503)]);
		input.find = async () => {
			throw new Error('list refused');
		};
		await expect(createOnce(input)).rejects.toThrow(/may have been created, and looking for it failed \(list refused\); it was not sent again/);
		expect(calls.create).toBe(1);
	});
});

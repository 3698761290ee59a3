import {
	callSettingsFor,
	callWithPolicies,
	isFlexOverload,
	isPenaltyRefusal,
	newRunState,
	type RunState,
} from '../../../nodes/shared/execution/callGemini';
import type { GeminiSettings } from '../../../nodes/shared/parameters/settings';
import type { GenerateContentRequest } from '../../../nodes/shared/request/buildGenerateRequest';
import type { CallSettings } from '../../../nodes/shared/transport/GeminiClient';
import { GeminiApiError } from '../../../nodes/shared/transport/googleError';
import { settingsFixture } from '../settingsFixture';

const PENALTY_DETAILS = [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [] }];

function penaltyRefusal(): GeminiApiError {
	return new GeminiApiError({
		kind: 'http',
		httpStatus: 400,
		googleStatus: 'INVALID_ARGUMENT',
		message: 'Penalty is not enabled for this model',
		details: PENALTY_DETAILS,
	});
}

function overloaded(): GeminiApiError {
	return new GeminiApiError({
		kind: 'http',
		httpStatus: 503,
		googleStatus: 'UNAVAILABLE',
		message: 'The model is overloaded. Please try again later.',
	});
}

interface Sent {
	request: GenerateContentRequest;
	callSettings: CallSettings;
}

/** A `call` that fails with `failures` in turn, then answers 'ok', recording what it was sent. */
function fakeCall(...failures: unknown[]) {
	const sent: Sent[] = [];
	const call = async (request: GenerateContentRequest, callSettings: CallSettings) => {
		sent.push({ request, callSettings });
		if (sent.length <= failures.length) throw failures[sent.length - 1];
		return 'ok';
	};
	return { sent, call };
}

const signal = new AbortController().signal;

async function run(settings: GeminiSettings, call: ReturnType<typeof fakeCall>['call'], state: RunState = newRunState()) {
	return await callWithPolicies({ settings, inlineParts: [], state, call, baseCallSettings: { signal } });
}

const penalised = (overrides: Partial<GeminiSettings> = {}) =>
	settingsFixture({ generation: { presencePenalty: 0.5, temperature: 0.2 }, ...overrides });

describe('isPenaltyRefusal', () => {
	it('recognizes the 400 Google sends for penalties', () => {
		expect(isPenaltyRefusal(penaltyRefusal())).toBe(true);
		expect(isPenaltyRefusal(new GeminiApiError({ kind: 'http', httpStatus: 400, message: 'PENALTY IS NOT ENABLED for this model.' }))).toBe(true);
	});

	it('recognizes the wording that names the model (vercel/ai#4022)', () => {
		expect(
			isPenaltyRefusal(new GeminiApiError({ kind: 'http', httpStatus: 400, message: 'Penalty is not enabled for models/gemini-2.5-flash' })),
		).toBe(true);
	});

	it('ignores other 400s, other statuses and other errors', () => {
		expect(isPenaltyRefusal(new GeminiApiError({ kind: 'http', httpStatus: 400, message: 'Invalid JSON payload' }))).toBe(false);
		expect(isPenaltyRefusal(new GeminiApiError({ kind: 'http', httpStatus: 500, message: 'Penalty is not enabled for this model' }))).toBe(false);
		expect(isPenaltyRefusal(new Error('Penalty is not enabled for this model'))).toBe(false);
	});
});

describe('isFlexOverload', () => {
	it('is a 503 from Gemini', () => {
		expect(isFlexOverload(overloaded())).toBe(true);
		expect(isFlexOverload(new GeminiApiError({ kind: 'http', httpStatus: 429, message: 'quota' }))).toBe(false);
		expect(isFlexOverload(Object.assign(new Error('503'), { httpStatus: 503 }))).toBe(false);
	});
});

describe('callSettingsFor', () => {
	const base = { signal, onRetry: () => undefined };

	it('passes timeout, retry settings and the base settings through', () => {
		const settings = settingsFixture({ timeoutMs: 600_000, retry: { maxRetries: 1, maxTotalWaitMs: 5_000, baseDelayMs: 100, maxDelayMs: 1_000 } });
		const callSettings = callSettingsFor(settings, 'standard', base);

		expect(callSettings.timeoutMs).toBe(600_000);
		expect(callSettings.retry).toBe(settings.retry);
		expect(callSettings.signal).toBe(signal);
		expect(callSettings.onRetry).toBe(base.onRetry);
	});

	it.each(['fail', 'fallbackToStandard'] as const)('does not retry a Flex 503 with %s', (flexOverload) => {
		const retryable = callSettingsFor(settingsFixture({ flexOverload }), 'flex', base).retryable;

		expect(retryable).toBeDefined();
		expect(retryable?.(overloaded())).toBe(false);
		expect(retryable?.(new GeminiApiError({ kind: 'http', httpStatus: 429, message: 'quota' }))).toBe(true);
		expect(retryable?.(new GeminiApiError({ kind: 'http', httpStatus: 500, message: 'internal' }))).toBe(true);
		expect(retryable?.(penaltyRefusal())).toBe(false);
	});

	it('keeps the default retry rules for Flex with retry', () => {
		expect(callSettingsFor(settingsFixture({ flexOverload: 'retry' }), 'flex', base).retryable).toBeUndefined();
	});

	it.each(['standard', 'priority'] as const)('keeps the default retry rules on %s whatever the Flex option', (tier) => {
		expect(callSettingsFor(settingsFixture({ flexOverload: 'fail' }), tier, base).retryable).toBeUndefined();
	});
});

describe('callWithPolicies', () => {
	it('returns the result, the request sent and no warnings when the call succeeds', async () => {
		const { sent, call } = fakeCall();
		const settings = settingsFixture({ serviceTier: 'flex', generation: { temperature: 0.2 } });
		const outcome = await run(settings, call);

		expect(outcome.result).toBe('ok');
		expect(outcome.warnings).toEqual([]);
		expect(sent).toHaveLength(1);
		expect(outcome.request).toBe(sent[0].request);
		expect(outcome.request.serviceTier).toBe('flex');
		expect(sent[0].callSettings).toMatchObject({ signal, timeoutMs: 900_000 });
	});

	it('passes build options (a node\'s generationConfig) into the request', async () => {
		const { sent, call } = fakeCall();
		await callWithPolicies({
			settings: settingsFixture(),
			inlineParts: [{ mimeType: 'image/png', data: 'AA==' }],
			state: newRunState(),
			buildOptions: { generationConfig: { responseMimeType: 'application/json' } },
			call,
			baseCallSettings: {},
		});

		expect(sent[0].request.generationConfig).toEqual({ responseMimeType: 'application/json' });
		expect(sent[0].request.contents[0].parts).toHaveLength(2);
	});

	describe('refused penalties', () => {
		it('resends without penalties and warns, naming the penalty and the model', async () => {
			const { sent, call } = fakeCall(penaltyRefusal());
			const outcome = await run(penalised(), call);

			expect(sent).toHaveLength(2);
			expect(sent[0].request.generationConfig).toEqual({ presencePenalty: 0.5, temperature: 0.2 });
			expect(sent[1].request.generationConfig).toEqual({ temperature: 0.2 });
			expect(outcome.request).toBe(sent[1].request);
			expect(outcome.result).toBe('ok');
			expect(outcome.warnings).toEqual([
				'Presence Penalty (0.5) dropped: model gemini-2.5-flash does not accept penalties ("Penalty is not enabled for this model").',
			]);
		});

		it('remembers the model so the next item leaves penalties out from the start', async () => {
			const state = newRunState();
			await run(penalised(), fakeCall(penaltyRefusal()).call, state);

			expect(state.modelsWithoutPenalties.has('gemini-2.5-flash')).toBe(true);
			const next = fakeCall();
			const outcome = await run(penalised({ generation: { frequencyPenalty: -1 } }), next.call, state);
			expect(next.sent).toHaveLength(1);
			expect(next.sent[0].request.generationConfig).toBeUndefined();
			expect(outcome.warnings).toEqual([expect.stringContaining('Frequency Penalty (-1) dropped: model gemini-2.5-flash')]);
		});

		it('remembers per model', async () => {
			const state = newRunState();
			await run(penalised(), fakeCall(penaltyRefusal()).call, state);
			const other = fakeCall();
			const outcome = await run(penalised({ model: 'gemini-1.5-flash-002', modelPath: 'models/gemini-1.5-flash-002' }), other.call, state);

			expect(other.sent[0].request.generationConfig).toMatchObject({ presencePenalty: 0.5 });
			expect(outcome.warnings).toEqual([]);
		});

		it('adds no warning for a remembered model when the item has no penalties', async () => {
			const state: RunState = { ...newRunState(), modelsWithoutPenalties: new Set(['gemini-2.5-flash']) };
			const outcome = await run(settingsFixture(), fakeCall().call, state);

			expect(outcome.warnings).toEqual([]);
		});

		it('fails with "fail", naming penalty and model and keeping status 400', async () => {
			const { sent, call } = fakeCall(penaltyRefusal());
			const state = newRunState();
			const settings = penalised({ penaltyHandling: 'fail', generation: { presencePenalty: 0.5, frequencyPenalty: -1 } });
			const error = await run(settings, call, state).then(
				() => undefined,
				(e: unknown) => e,
			);

			expect(sent).toHaveLength(1);
			expect(error).toBeInstanceOf(GeminiApiError);
			const refused = error as GeminiApiError;
			expect(refused.httpStatus).toBe(400);
			expect(refused.googleStatus).toBe('INVALID_ARGUMENT');
			expect(refused.details).toEqual(PENALTY_DETAILS);
			expect(refused.message).toContain('Model gemini-2.5-flash does not accept Presence Penalty (0.5) and Frequency Penalty (-1)');
			expect(refused.message).toContain('Penalty is not enabled for this model');
			expect(refused.message).toContain('Penalty Handling');
			expect(state.modelsWithoutPenalties.size).toBe(0);
		});

		it('rethrows the refusal untouched when the request had no penalties', async () => {
			const refusal = penaltyRefusal();
			const { sent, call } = fakeCall(refusal);

			await expect(run(settingsFixture(), call)).rejects.toBe(refusal);
			expect(sent).toHaveLength(1);
		});

		it('does not resend a second time when penalties were already left out', async () => {
			const refusal = penaltyRefusal();
			const state: RunState = { ...newRunState(), modelsWithoutPenalties: new Set(['gemini-2.5-flash']) };
			const { sent, call } = fakeCall(refusal);

			await expect(run(penalised(), call, state)).rejects.toBe(refusal);
			expect(sent).toHaveLength(1);
		});
	});

	describe('Flex overload', () => {
		it('falls back to Standard with fallbackToStandard, and warns', async () => {
			const { sent, call } = fakeCall(overloaded());
			const outcome = await run(settingsFixture({ serviceTier: 'flex', flexOverload: 'fallbackToStandard' }), call);

			expect(sent).toHaveLength(2);
			expect(sent[0].request.serviceTier).toBe('flex');
			expect(sent[1].request).not.toHaveProperty('serviceTier');
			expect(outcome.request).toBe(sent[1].request);
			expect(outcome.warnings).toEqual(['Flex was overloaded (503 UNAVAILABLE); the request was sent again on the Standard tier.']);
		});

		it('lets the client retry other errors on Flex but not the 503, then Standard retries as usual', async () => {
			const { sent, call } = fakeCall(overloaded());
			await run(settingsFixture({ serviceTier: 'flex', flexOverload: 'fallbackToStandard' }), call);

			expect(sent[0].callSettings.retryable?.(overloaded())).toBe(false);
			expect(sent[1].callSettings.retryable).toBeUndefined();
		});

		it('fails when Standard is overloaded too, without looping', async () => {
			const second = overloaded();
			const { sent, call } = fakeCall(overloaded(), second);

			await expect(run(settingsFixture({ serviceTier: 'flex', flexOverload: 'fallbackToStandard' }), call)).rejects.toBe(second);
			expect(sent).toHaveLength(2);
		});

		it.each(['retry', 'fail'] as const)('rethrows the 503 with %s (the client did the retrying)', async (flexOverload) => {
			const error = overloaded();
			const { sent, call } = fakeCall(error);

			await expect(run(settingsFixture({ serviceTier: 'flex', flexOverload }), call)).rejects.toBe(error);
			expect(sent).toHaveLength(1);
		});

		it('does not fall back from a tier other than Flex', async () => {
			const error = overloaded();
			const { sent, call } = fakeCall(error);

			await expect(run(settingsFixture({ serviceTier: 'priority', flexOverload: 'fallbackToStandard' }), call)).rejects.toBe(error);
			expect(sent).toHaveLength(1);
		});

		it('handles a penalty refusal and then a Flex overload in one item', async () => {
			const { sent, call } = fakeCall(penaltyRefusal(), overloaded());
			const outcome = await run(penalised({ serviceTier: 'flex', flexOverload: 'fallbackToStandard' }), call);

			expect(sent).toHaveLength(3);
			expect(sent[2].request).not.toHaveProperty('serviceTier');
			expect(sent[2].request.generationConfig).toEqual({ temperature: 0.2 });
			expect(outcome.warnings).toHaveLength(2);
		});
	});

	it.each<[string, unknown]>([
		['a 429', new GeminiApiError({ kind: 'http', httpStatus: 429, googleStatus: 'RESOURCE_EXHAUSTED', message: 'quota' })],
		['a network error', new GeminiApiError({ kind: 'network', networkCode: 'ECONNRESET', message: 'reset' })],
		['a plain Error', new TypeError('boom')],
		['a thrown string', 'boom'],
	])('rethrows %s untouched', async (_, failure) => {
		const { sent, call } = fakeCall(failure);

		await expect(run(penalised({ serviceTier: 'flex', flexOverload: 'fallbackToStandard' }), call)).rejects.toBe(failure);
		expect(sent).toHaveLength(1);
	});
});

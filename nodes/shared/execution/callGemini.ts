import type { SharedContextRun } from '../cache/sharedContext';
import { buildGenerateRequest, penaltiesIn, type BuildOptions, type GenerateContentRequest, type InlinePart } from '../request/buildGenerateRequest';
import type { GeminiSettings } from '../parameters/settings';
import { PRICE_TABLE, type PriceTable } from '../pricing';
import { failedAfterToolCalls } from '../tools/functionLoop';
import { GeminiApiError } from '../transport/googleError';
import type { CallSettings } from '../transport/GeminiClient';
import { isRetryableError } from '../transport/retryPolicy';

/**
 * The request policies every node shares, around any Gemini call (JSON or stream): what to do
 * when the model refuses penalties, and when Flex is overloaded. The call itself is a callback,
 * so Generate, Stream and Extract all get the same behaviour.
 */

/** State shared by all items of one execution. */
export interface RunState {
	/** Models that refused penalties in this run: later items skip the doomed first attempt. */
	modelsWithoutPenalties: Set<string>;
	/** The execution's price table (built-in merged with the user's), used for every cost. */
	prices: PriceTable;
	/** Shared Context: the run's cached (or uncached) content every item sends. */
	sharedContext?: SharedContextRun;
}

export function newRunState(prices: PriceTable = PRICE_TABLE): RunState {
	return { modelsWithoutPenalties: new Set(), prices };
}

export interface PolicyOutcome<T> {
	result: T;
	/** The request actually sent last (after any fallback or penalty drop). */
	request: GenerateContentRequest;
	warnings: string[];
}

export function isPenaltyRefusal(error: unknown): error is GeminiApiError {
	return error instanceof GeminiApiError && error.httpStatus === 400 && /penalty is not enabled/i.test(error.message);
}

export function isFlexOverload(error: unknown): error is GeminiApiError {
	return error instanceof GeminiApiError && error.httpStatus === 503;
}

/** Retry rules for one request: with Flex and "Fail" or "Fall Back", a 503 is not retried. */
export function callSettingsFor(
	settings: GeminiSettings,
	tier: GeminiSettings['serviceTier'],
	base: Omit<CallSettings, 'retry' | 'timeoutMs' | 'retryable'>,
): CallSettings {
	const stopOnOverload = tier === 'flex' && settings.flexOverload !== 'retry';
	return {
		...base,
		timeoutMs: settings.timeoutMs,
		retry: settings.retry,
		labels: settings.labels,
		retryable: stopOnOverload ? (e) => e.httpStatus !== 503 && isRetryableError(e) : undefined,
	};
}

export async function callWithPolicies<T>(input: {
	settings: GeminiSettings;
	inlineParts: InlinePart[];
	state: RunState;
	buildOptions?: BuildOptions;
	call: (request: GenerateContentRequest, callSettings: CallSettings) => Promise<T>;
	baseCallSettings: Omit<CallSettings, 'retry' | 'timeoutMs' | 'retryable'>;
}): Promise<PolicyOutcome<T>> {
	const { settings, state } = input;
	const warnings: string[] = [];
	const penalties = penaltiesIn(settings.generation);
	let omitPenalties = state.modelsWithoutPenalties.has(settings.model);
	let tier = settings.serviceTier;
	if (omitPenalties && penalties.length) warnings.push(penaltyDroppedWarning(penalties, settings.model));

	for (;;) {
		const request = buildGenerateRequest(settings, input.inlineParts, { ...input.buildOptions, tier, omitPenalties });
		let failure: unknown;
		try {
			const result = await input.call(request, callSettingsFor(settings, tier, input.baseCallSettings));
			return { result, request, warnings };
		} catch (error) {
			failure = error;
		}
		// A later round of the tool loop failed: starting over would run the tools again.
		if (failedAfterToolCalls(failure)) throw failure;
		if (isPenaltyRefusal(failure) && penalties.length && !omitPenalties) {
			if (settings.penaltyHandling === 'fail') throw penaltyRefusedError(failure, penalties, settings.model);
			state.modelsWithoutPenalties.add(settings.model);
			omitPenalties = true;
			warnings.push(penaltyDroppedWarning(penalties, settings.model));
		} else if (isFlexOverload(failure) && tier === 'flex' && settings.flexOverload === 'fallbackToStandard') {
			tier = 'standard';
			warnings.push('Flex was overloaded (503 UNAVAILABLE); the request was sent again on the Standard tier.');
		} else {
			throw failure;
		}
	}
}

/** Keeps Google's status and message, and says which penalty and which model. */
function penaltyRefusedError(refusal: GeminiApiError, penalties: string[], model: string): GeminiApiError {
	return new GeminiApiError({
		kind: 'http',
		httpStatus: refusal.httpStatus,
		googleStatus: refusal.googleStatus,
		details: refusal.details,
		message: `Model ${model} does not accept ${penalties.join(' and ')}: ${refusal.message}. Remove the penalty or set Penalty Handling to "Drop With Warning".`,
	});
}

function penaltyDroppedWarning(penalties: string[], model: string): string {
	return `${penalties.join(' and ')} dropped: model ${model} does not accept penalties ("Penalty is not enabled for this model").`;
}

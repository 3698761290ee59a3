/**
 * What Extract does when an answer is cut at the output token limit (finish reason MAX_TOKENS):
 * sending the same request again would be cut at the same place and billed again, so the next
 * attempt gets a larger `maxOutputTokens`, up to the model's own limit; when there is no room to
 * grow, the item fails at once and says what to change.
 */
import type { GeminiSettings } from '../parameters/settings';
import type { GeminiClient } from '../transport/GeminiClient';

/**
 * Ceiling when the model's `outputTokenLimit` cannot be read: 65,536 is the output limit of the
 * Gemini 2.5 and 3 models (https://ai.google.dev/gemini-api/docs/models). A model with a lower
 * limit refuses a larger value with a 400, which is not billed.
 */
export const FALLBACK_OUTPUT_LIMIT = 65_536;

/** Each retry after a cut answer asks for this many times the previous budget. */
export const BUDGET_GROWTH = 2;

/**
 * The budget for the next attempt, or undefined when it cannot grow: Max Output Tokens not set
 * (the model's default, normally its limit, already applied) or already at the limit.
 */
export function largerOutputBudget(current: number | undefined, modelLimit: number | undefined): number | undefined {
	if (current === undefined) return undefined;
	const next = Math.min(current * BUDGET_GROWTH, modelLimit ?? FALLBACK_OUTPUT_LIMIT);
	return next > current ? next : undefined;
}

/** The cut answer could not get a larger budget: what happened and what the user can change. */
export class OutputLimitError extends Error {
	readonly description: string;

	constructor(input: { budget: number | undefined; modelLimit: number | undefined; outputTokens: number; thoughtsTokens: number; attempts: number }) {
		const { budget, modelLimit, outputTokens, thoughtsTokens } = input;
		const used = `${outputTokens} answer tokens${thoughtsTokens ? ` and ${thoughtsTokens} thinking tokens` : ''}`;
		super(`Gemini's answer was cut off at the output token limit (finish reason MAX_TOKENS) after ${used}, on attempt ${input.attempts}`);
		this.name = 'OutputLimitError';
		const limit = modelLimit === undefined ? '' : ` (the model allows ${modelLimit})`;
		this.description =
			budget === undefined
				? `Max Output Tokens is not set, so the model's default limit applied and a retry would be cut again. Raise Max Output Tokens if the model allows more${limit}, lower the thinking budget, or ask for less per item.`
				: `Max Output Tokens was already ${budget}, the most this model allows${limit}: lower the thinking budget or ask for less per item.`;
	}
}

/** `outputTokenLimit` of each model, read once per execution (GET models/{id}); undefined if unreadable. */
export type OutputLimitLookup = (settings: GeminiSettings, signal: AbortSignal) => Promise<number | undefined>;

function positiveInteger(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

export function outputLimitLookup(client: GeminiClient): OutputLimitLookup {
	const known = new Map<string, Promise<number | undefined>>();
	return async ({ modelPath, retry, timeoutMs }, signal) => {
		let limit = known.get(modelPath);
		if (!limit) {
			// A GET changes nothing, so the item's own retry settings apply; any failure means "not known".
			limit = client.json<{ outputTokenLimit?: unknown }>('GET', modelPath, undefined, { signal, retry, timeoutMs }).then(
				(response) => positiveInteger(response.body?.outputTokenLimit),
				() => undefined,
			);
			known.set(modelPath, limit);
		}
		return await limit;
	};
}

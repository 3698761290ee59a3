/**
 * Log probabilities of the answer's tokens, when the request asked for them
 * (generationConfig.responseLogprobs / logprobs; https://ai.google.dev/api/generate-content#LogprobsResult). Pure.
 */

export interface TokenLogprob {
	token: string | null;
	logProbability: number | null;
}

export interface LogprobsOut {
	/** candidate.avgLogprobs: the average log probability of the answer's tokens. */
	average: number | null;
	/** The token chosen at each step. */
	chosen: TokenLogprob[];
	/** The most likely tokens at each step (as many as the Logprobs option asked for). */
	top: TokenLogprob[][];
}

type Wire = Record<string, unknown>;

const tokenOf = (c: Wire): TokenLogprob => ({
	token: typeof c?.token === 'string' ? c.token : null,
	logProbability: typeof c?.logProbability === 'number' ? c.logProbability : null,
});

export function logprobsOf(candidate: Record<string, unknown> | undefined): LogprobsOut | undefined {
	const result = candidate?.logprobsResult as Wire | undefined;
	const average = typeof candidate?.avgLogprobs === 'number' ? candidate.avgLogprobs : null;
	if (!result && average === null) return undefined;
	const chosen = Array.isArray(result?.chosenCandidates) ? (result.chosenCandidates as Wire[]).map(tokenOf) : [];
	const top = Array.isArray(result?.topCandidates)
		? (result.topCandidates as Wire[]).map((step) => (Array.isArray(step?.candidates) ? (step.candidates as Wire[]).map(tokenOf) : []))
		: [];
	return { average, chosen, top };
}

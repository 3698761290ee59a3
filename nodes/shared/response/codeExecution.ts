/**
 * Code Execution's parts in answer order: each `executableCode` (language, code) with the
 * `codeExecutionResult`s that follow it (outcome, output)
 * (https://ai.google.dev/api/caching#ExecutableCode, #CodeExecutionResult). Pure.
 */

export interface CodeExecutionStep {
	language: string | null;
	code: string | null;
	/** OUTCOME_OK, OUTCOME_FAILED, OUTCOME_DEADLINE_EXCEEDED; null while no result came. */
	outcome: string | null;
	output: string | null;
}

type Wire = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : null);

export function codeExecutionOf(parts: ReadonlyArray<Wire>): CodeExecutionStep[] | undefined {
	const steps: CodeExecutionStep[] = [];
	for (const part of parts) {
		const code = part.executableCode as Wire | undefined;
		const result = part.codeExecutionResult as Wire | undefined;
		if (code) steps.push({ language: text(code.language), code: text(code.code), outcome: null, output: null });
		if (!result) continue;
		const last = steps.at(-1);
		const outcome = text(result.outcome);
		const output = text(result.output);
		// A second result of the same code (it printed, then failed) gets its own step with that code.
		if (last && last.outcome === null) Object.assign(last, { outcome, output });
		else steps.push({ language: last?.language ?? null, code: last?.code ?? null, outcome, output });
	}
	return steps.length ? steps : undefined;
}

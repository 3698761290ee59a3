/**
 * `functionCall` parts the model asked for and the node did not run: name, arguments and the
 * call id when Google sends one (https://ai.google.dev/api/caching#FunctionCall). Pure.
 */

export interface FunctionCallOut {
	name: string;
	args: Record<string, unknown>;
	id?: string;
}

interface WireFunctionCall {
	name?: unknown;
	args?: unknown;
	id?: unknown;
}

export function functionCallsOf(parts: ReadonlyArray<Record<string, unknown>>): FunctionCallOut[] {
	const calls: FunctionCallOut[] = [];
	for (const part of parts) {
		const call = part.functionCall as WireFunctionCall | undefined;
		if (!call || typeof call.name !== 'string') continue;
		const args = call.args && typeof call.args === 'object' ? (call.args as Record<string, unknown>) : {};
		calls.push({ name: call.name, args, ...(typeof call.id === 'string' ? { id: call.id } : {}) });
	}
	return calls;
}

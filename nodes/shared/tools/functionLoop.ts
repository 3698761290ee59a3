/**
 * The function-calling loop (https://ai.google.dev/gemini-api/docs/function-calling): send, run the
 * tools the answer calls, send their results back, until an answer calls none or Max Tool
 * Iterations is reached. The model's turn goes back exactly as received, thought signatures
 * included, which Gemini 3 requires for multi-step tool use
 * (https://ai.google.dev/gemini-api/docs/thought-signatures). No HTTP here: `send` does it.
 */
import type { GenerateContentRequest } from '../request/buildGenerateRequest';
import { functionCallsOf } from '../response/functionCalls';
import type { GenerateContentResponse } from '../response/schemas';
import { functionName, type N8nTool } from './declarations';

/** Whether a failure came after tools had run: sending the item again would run them again. */
export function failedAfterToolCalls(error: unknown): boolean {
	return typeof error === 'object' && error !== null && typeof (error as { toolCallsRun?: unknown }).toolCallsRun === 'number';
}

export interface ToolCallRecord {
	name: string;
	args: Record<string, unknown>;
	result: unknown;
	/** Set when the tool threw: the model got the message as the result. */
	error?: string;
}

export interface Round<R> {
	request: GenerateContentRequest;
	reply: R;
	response: GenerateContentResponse;
}

export interface LoopOutcome<R> {
	/** Every round in order; the last one holds the final answer. */
	rounds: Array<Round<R>>;
	toolCalls: ToolCallRecord[];
	warnings: string[];
}

type Content = GenerateContentRequest['contents'][number];

function toolResultValue(result: unknown): unknown {
	if (typeof result !== 'string') return result ?? null;
	try {
		return JSON.parse(result) as unknown;
	} catch {
		return result;
	}
}

export async function runFunctionLoop<R>(input: {
	request: GenerateContentRequest;
	tools: readonly N8nTool[];
	maxIterations: number;
	/** Sends one request; `reply` is kept for the caller (headers…), `response` is its parsed body. */
	send: (request: GenerateContentRequest) => Promise<{ reply: R; response: GenerateContentResponse }>;
	signal?: AbortSignal;
}): Promise<LoopOutcome<R>> {
	const byName = new Map(input.tools.map((tool) => [functionName(tool.name), tool]));
	const rounds: Array<Round<R>> = [];
	const toolCalls: ToolCallRecord[] = [];
	const warnings: string[] = [];
	let request = input.request;
	for (;;) {
		const { reply, response } = await input.send(request).catch((error: unknown) => {
			// Tools already ran (and may have changed something): the caller must not start over.
			if (toolCalls.length && error && typeof error === 'object') Object.assign(error, { toolCallsRun: toolCalls.length });
			throw error;
		});
		rounds.push({ request, reply, response });
		const content = response.candidates?.[0]?.content as Content | undefined;
		const calls = functionCallsOf(((content?.parts ?? []) as Array<Record<string, unknown>>).filter((part) => !part.thought));
		// Without tools the calls are the answer (functionCalls on the item), not something to run.
		if (!calls.length || !content || input.tools.length === 0) break;
		if (rounds.length > input.maxIterations) {
			warnings.push(`Stopped after ${input.maxIterations} tool rounds (Max Tool Iterations); the last calls were not run.`);
			break;
		}
		if (input.signal?.aborted) break;
		const responses: Array<Record<string, unknown>> = [];
		for (const call of calls) {
			const tool = byName.get(call.name);
			const record: ToolCallRecord = { name: call.name, args: call.args, result: null };
			try {
				if (!tool) throw new Error(`no tool named "${call.name}" is connected`);
				record.result = toolResultValue(await tool.invoke(call.args));
			} catch (error) {
				record.error = error instanceof Error ? error.message : String(error);
				record.result = { error: record.error };
			}
			toolCalls.push(record);
			responses.push({ functionResponse: { ...(call.id ? { id: call.id } : {}), name: call.name, response: { result: record.result } } });
		}
		// The model's turn as received (signatures included), then every result in one turn.
		const modelTurn: Content = { role: 'model', parts: content.parts as Array<Record<string, unknown>> };
		request = { ...request, contents: [...request.contents, modelTurn, { role: 'user', parts: responses }] };
	}
	return { rounds, toolCalls, warnings };
}

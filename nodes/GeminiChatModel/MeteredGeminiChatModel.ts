import { randomUUID } from 'node:crypto';

import { BaseChatModel, type ChatModelConfig, type GenerateResult, type Message, type StreamChunk } from '@n8n/ai-node-sdk';

import type { IDataObject, JsonObject } from 'n8n-workflow';

import { callWithPolicies, type PolicyOutcome, type RunState } from '../shared/execution/callGemini';
import { outputForCall } from '../shared/execution/itemCall';
import { PartialOutputError } from '../shared/execution/nodeErrors';
import type { GeminiSettings } from '../shared/parameters/settings';
import type { GenerateContentRequest } from '../shared/request/buildGenerateRequest';
import { parseGenerateResponse } from '../shared/response/mapGenerateResponse';
import type { GenerateContentResponse } from '../shared/response/schemas';
import { StreamAccumulator } from '../shared/response/streamAccumulator';
import type { CallSettings, GeminiClient, RetryEvent } from '../shared/transport/GeminiClient';
import { toGenerateResult } from './answer';
import type { MeteredCall } from './callLog';
import { toGeminiConversation } from './conversation';
import { functionDeclarations } from './functionTools';

/**
 * A Gemini chat model for n8n's AI Agent and chains, on this package's transport and request
 * policies: every call goes through the shared request builder (tier, safety, generation options),
 * the penalty and Flex policies, retries honouring RetryInfo, the timeout and the execution's
 * cancel signal; every answer is metered by the tier Google served.
 */

export interface ChatModelDeps {
	client: GeminiClient;
	settings: GeminiSettings;
	state: RunState;
	/** The execution's cancel signal: stopping the workflow aborts the call. */
	signal?: AbortSignal;
	onRetry?: (event: RetryEvent) => void;
	/** Receives each answered call's meter (for n8n's log entry and the execution's total). */
	onCall: (call: MeteredCall) => void;
	/** Receives the cost of a stream that broke after Gemini started answering (billed, but no answer). */
	onBilledFailure?: (cost: number | null) => void;
	/** Turns a failure into the error n8n shows (Google's status and message kept). */
	toError?: (error: unknown) => Error;
}

/** The abort signal of one call: the agent's (LangChain passes `signal`) and the execution's. */
function callSignal(config: ChatModelConfig | undefined, execution: AbortSignal | undefined): AbortSignal | undefined {
	const fromCall = config?.abortSignal ?? (config as { signal?: AbortSignal } | undefined)?.signal;
	const signals = [fromCall, execution].filter((signal): signal is AbortSignal => signal !== undefined);
	return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

function newToolCallId(): string {
	return `call_${randomUUID()}`;
}

/** Function-call parts of a streamed chunk (the accumulator keeps text only). */
function functionCallParts(chunk: GenerateContentResponse): Array<Record<string, unknown>> {
	return (chunk.candidates?.[0]?.content?.parts ?? []).filter((part) => part.functionCall !== undefined);
}

function withParts(response: GenerateContentResponse, parts: Array<Record<string, unknown>>): GenerateContentResponse {
	const candidate = response.candidates?.[0];
	if (!candidate || parts.length === 0) return response;
	const content = { ...candidate.content, parts: [...(candidate.content?.parts ?? []), ...parts] };
	return { ...response, candidates: [{ ...candidate, content }] };
}

export class MeteredGeminiChatModel extends BaseChatModel {
	constructor(private readonly deps: ChatModelDeps) {
		super('google', deps.settings.model);
	}

	async generate(messages: Message[], config?: ChatModelConfig): Promise<GenerateResult> {
		try {
			return await this.generateOnce(messages, config);
		} catch (error) {
			throw this.deps.toError?.(error) ?? error;
		}
	}

	async *stream(messages: Message[], config?: ChatModelConfig): AsyncIterable<StreamChunk> {
		try {
			yield* this.streamOnce(messages, config);
		} catch (error) {
			throw this.deps.toError?.(error) ?? error;
		}
	}

	private async generateOnce(messages: Message[], config?: ChatModelConfig): Promise<GenerateResult> {
		const { settings, client } = this.deps;
		const started = performance.now();
		const outcome = await this.send(messages, config, async (body, callSettings) =>
			await client.json<unknown>('POST', `${settings.modelPath}:generateContent`, body, callSettings),
		);
		const response = parseGenerateResponse(outcome.result.body);
		const result = toGenerateResult(response, newToolCallId);
		this.record(response, outcome, outcome.result.headers, started, result);
		return result;
	}

	private async *streamOnce(messages: Message[], config?: ChatModelConfig): AsyncIterable<StreamChunk> {
		const { settings, client } = this.deps;
		const started = performance.now();
		const outcome = await this.send(messages, config, async (body, callSettings) =>
			await client.stream(`${settings.modelPath}:streamGenerateContent?alt=sse`, body, callSettings),
		);
		const accumulator = new StreamAccumulator();
		const calls: Array<Record<string, unknown>> = [];
		try {
			for await (const event of outcome.result.events) {
				const chunk = parseGenerateResponse(event);
				calls.push(...functionCallParts(chunk));
				const delta = accumulator.add(chunk);
				if (delta) yield { type: 'text-delta', delta };
			}
		} catch (failure) {
			throw this.cutShort(failure, accumulator, outcome, outcome.result.headers, started);
		}
		const response = withParts(accumulator.toResponse(), calls);
		const result = toGenerateResult(response, newToolCallId);
		if (!accumulator.finished) outcome.warnings.push('The stream ended without a finish reason: the answer may be incomplete.');
		this.record(response, outcome, outcome.result.headers, started, result);
		for (const block of result.message.content) {
			if (block.type !== 'tool-call') continue;
			yield { type: 'tool-call-delta', id: block.toolCallId, name: block.toolName, argumentsDelta: block.input };
		}
		yield { type: 'finish', finishReason: result.finishReason ?? 'other', usage: result.usage };
	}

	/** One call with the conversation and tools, under the shared penalty and Flex policies. */
	private async send<T>(
		messages: Message[],
		config: ChatModelConfig | undefined,
		call: (body: GenerateContentRequest, callSettings: CallSettings) => Promise<T>,
	): Promise<PolicyOutcome<T>> {
		const { settings, state } = this.deps;
		const conversation = toGeminiConversation(messages, settings.model);
		const declared = functionDeclarations(this.tools).tools ?? [];
		return await callWithPolicies({
			settings,
			inlineParts: [],
			state,
			baseCallSettings: { signal: callSignal(config, this.deps.signal), onRetry: this.deps.onRetry },
			call: async (request, callSettings) => {
				// The agent's functions beside the node's built-in tools (already in `request.tools`).
				const tools = [...declared, ...((request.tools as unknown[] | undefined) ?? [])];
				return await call({ ...request, ...conversation, ...(tools.length ? { tools } : {}) }, callSettings);
			},
		});
	}

	/**
	 * A stream that broke after Gemini started answering: what was billed so far goes to the
	 * execution's total, and the error keeps the usage and cost (as Gemini Stream's does).
	 */
	private cutShort(
		failure: unknown,
		accumulator: StreamAccumulator,
		outcome: PolicyOutcome<unknown>,
		headers: Record<string, string>,
		started: number,
	): PartialOutputError {
		const item = this.meter(accumulator.toResponse(), outcome, headers, started);
		const cost = item.cost as { total: number | null };
		this.deps.onBilledFailure?.(cost.total);
		const usage = item.usage as { totalTokens?: number };
		return new PartialOutputError(
			failure,
			{ text: accumulator.text, usage: item.usage, cost: item.cost } as JsonObject,
			`The answer was cut off after ${accumulator.chunks} chunks (${accumulator.text.length} characters, ${usage.totalTokens ?? 0} tokens so far).`,
		);
	}

	/** The contract's output item for an answer, metered by the tier served, without its text. */
	private meter(response: GenerateContentResponse, outcome: PolicyOutcome<unknown>, headers: Record<string, string>, started: number): IDataObject {
		const item = outputForCall({
			settings: this.deps.settings,
			response,
			prices: this.deps.state.prices,
			request: outcome.request,
			headers,
			warnings: outcome.warnings,
			latencyMs: Math.round(performance.now() - started),
			raw: response,
		});
		delete item.text; // the log entry shows the answer already
		return item;
	}

	/** Meters the answer by the tier served (the contract's output item) and hands it on. */
	private record(
		response: GenerateContentResponse,
		outcome: PolicyOutcome<unknown>,
		headers: Record<string, string>,
		started: number,
		result: GenerateResult,
	): void {
		const item = this.meter(response, outcome, headers, started);
		const text = result.message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
		this.deps.onCall({ text, usage: result.usage ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, item });
	}
}

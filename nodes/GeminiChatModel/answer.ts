import type { FinishReason, GenerateResult, MessageContent, TokenUsage } from '@n8n/ai-node-sdk';

import type { TokenCounts } from '../shared/pricing';
import { usageFromMetadata } from '../shared/pricing';
import { mapGenerateResponse } from '../shared/response/mapGenerateResponse';
import type { GenerateContentResponse } from '../shared/response/schemas';
import { rememberSignature, SIGNATURES_METADATA_KEY } from './thoughtSignatures';

/** A Gemini answer → n8n's provider-neutral reply (text, tool calls, usage). Pure but for the signature memory. */

interface FunctionCall {
	id?: unknown;
	name?: unknown;
	args?: unknown;
}

/** Gemini's finish reasons → n8n's (https://ai.google.dev/api/generate-content#FinishReason). */
export function finishReasonOf(geminiReason: string | null, calledTools: boolean, blocked: boolean): FinishReason {
	if (calledTools) return 'tool-calls';
	if (blocked) return 'content-filter';
	if (geminiReason === 'STOP') return 'stop';
	if (geminiReason === 'MAX_TOKENS') return 'length';
	return 'other';
}

/**
 * Usage as n8n's logs panel counts it. The completion is what Google bills as output: the answer
 * plus thinking tokens (n8n's own Gemini model leaves the thinking out). Tool-use prompt tokens
 * are billed as input, so they are in the prompt count.
 */
export function tokenUsageOf(counts: TokenCounts): TokenUsage {
	return {
		promptTokens: counts.promptTokens + counts.toolUsePromptTokens,
		completionTokens: counts.outputTokens + counts.thoughtsTokens,
		totalTokens: counts.totalTokens,
		inputTokenDetails: { cacheRead: counts.cachedTokens },
		outputTokenDetails: { reasoning: counts.thoughtsTokens },
	};
}

/** Function calls of the answer, each given an id (Gemini's own when it sends one). */
export function toolCallsOf(response: GenerateContentResponse, newId: () => string): { calls: MessageContent[]; signatures: Record<string, string> } {
	const calls: MessageContent[] = [];
	const signatures: Record<string, string> = {};
	for (const part of response.candidates?.[0]?.content?.parts ?? []) {
		const call = part.functionCall as FunctionCall | undefined;
		if (!call || typeof call.name !== 'string') continue;
		const toolCallId = typeof call.id === 'string' && call.id !== '' ? call.id : newId();
		calls.push({ type: 'tool-call', toolCallId, toolName: call.name, input: JSON.stringify(call.args ?? {}) });
		if (typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '') {
			signatures[toolCallId] = part.thoughtSignature;
			rememberSignature(toolCallId, part.thoughtSignature);
		}
	}
	return { calls, signatures };
}

export function toGenerateResult(response: GenerateContentResponse, newId: () => string): GenerateResult {
	const mapped = mapGenerateResponse(response);
	const { calls, signatures } = toolCallsOf(response, newId);
	const content: MessageContent[] = mapped.text !== '' ? [{ type: 'text', text: mapped.text }, ...calls] : calls;
	return {
		id: mapped.responseId,
		finishReason: finishReasonOf(mapped.finishReason, calls.length > 0, mapped.safety.blocked),
		message: { role: 'assistant', content, id: mapped.responseId },
		usage: tokenUsageOf(usageFromMetadata(response.usageMetadata ?? {})),
		providerMetadata: Object.keys(signatures).length ? { [SIGNATURES_METADATA_KEY]: signatures } : undefined,
	};
}

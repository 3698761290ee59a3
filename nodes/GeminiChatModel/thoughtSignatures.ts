import type { ContentToolCall } from '@n8n/ai-node-sdk';

/**
 * Gemini 3 signs its function calls (`thoughtSignature` on the `functionCall` part) and refuses a
 * follow-up turn whose calls come back unsigned (https://ai.google.dev/gemini-api/docs/thought-signatures,
 * n8n issue 23798). n8n's AI Agent runs each tool as a separate node run and rebuilds the
 * conversation from the tool calls' ids; through `@n8n/ai-node-sdk` a model's reply reaches the
 * rebuilt conversation only as text and tool calls (id, name, arguments). So the signatures are
 * kept here, by tool-call id, in the process that runs the execution, and put back on the call.
 */

/** Key under GenerateResult.providerMetadata (and so the reply's response_metadata). */
export const SIGNATURES_METADATA_KEY = 'geminiThoughtSignatures';

/** Enough for many concurrent agent runs; the oldest signatures go first. */
const MAX_KEPT = 5000;

const kept = new Map<string, string>();

export function rememberSignature(toolCallId: string, signature: string): void {
	kept.delete(toolCallId);
	kept.set(toolCallId, signature);
	while (kept.size > MAX_KEPT) {
		const oldest = kept.keys().next().value;
		if (oldest === undefined) break;
		kept.delete(oldest);
	}
}

/** The signature of a tool call the model made: from the call's metadata, else from this process's memory. */
export function signatureFor(call: ContentToolCall): string | undefined {
	const fromMetadata = (call.providerMetadata?.[SIGNATURES_METADATA_KEY] as Record<string, unknown> | undefined)?.[call.toolCallId ?? ''];
	if (typeof fromMetadata === 'string' && fromMetadata !== '') return fromMetadata;
	return call.toolCallId ? kept.get(call.toolCallId) : undefined;
}

import type { ContentToolCall, Message, MessageContent } from '@n8n/ai-node-sdk';

import type { GenerateContentRequest } from '../shared/request/buildGenerateRequest';
import { signatureFor } from './thoughtSignatures';

/**
 * n8n's provider-neutral messages (what the AI Agent sends) → Gemini `contents` and
 * `systemInstruction`. Pure apart from the thought-signature lookup.
 * Wire format: https://ai.google.dev/api/caching#Content and
 * https://ai.google.dev/gemini-api/docs/function-calling
 */

type Part = Record<string, unknown>;
type Turn = GenerateContentRequest['contents'][number];

export interface Conversation {
	contents: GenerateContentRequest['contents'];
	systemInstruction?: { parts: Array<{ text: string }> };
}

/**
 * Gemini 3 checks the signature of every function call in the current turn (400 without it).
 * When a call's signature was lost (another process answered it, an n8n restart), Google documents
 * this value to skip the check: https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const SKIP_SIGNATURE_CHECK = 'skip_thought_signature_validator';

/** Tool arguments as the agent sends them: JSON text; anything unparseable is sent as `{}`. */
function parseArguments(input: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(input);
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

function textOf(content: MessageContent[]): string {
	return content
		.filter((block): block is Extract<MessageContent, { type: 'text' }> => block.type === 'text')
		.map((block) => block.text)
		.join('\n');
}

function bytesToBase64(data: string | Uint8Array): string {
	return typeof data === 'string' ? data : Buffer.from(data).toString('base64');
}

function userPart(block: MessageContent): Part | undefined {
	if (block.type === 'text') return block.text === '' ? undefined : { text: block.text };
	if (block.type === 'file') {
		return { inlineData: { mimeType: block.mediaType ?? 'application/octet-stream', data: bytesToBase64(block.data) } };
	}
	return undefined;
}

function functionCallPart(call: ContentToolCall, model: string): Part {
	const signature = signatureFor(call) ?? (model.startsWith('gemini-3') ? SKIP_SIGNATURE_CHECK : undefined);
	const part: Part = { functionCall: { name: call.toolName, args: parseArguments(call.input) } };
	if (signature) part.thoughtSignature = signature;
	return part;
}

function modelParts(content: MessageContent[], model: string): Part[] {
	const parts: Part[] = [];
	for (const block of content) {
		if (block.type === 'text' && block.text !== '') parts.push({ text: block.text });
		if (block.type === 'tool-call') parts.push(functionCallPart(block, model));
	}
	return parts;
}

/** A tool's answer as Gemini wants it: an object; JSON text is sent parsed. */
function responseObject(result: unknown, isError: boolean | undefined): Record<string, unknown> {
	let value = result;
	if (typeof result === 'string') {
		try {
			value = JSON.parse(result);
		} catch {
			value = result;
		}
	}
	return isError ? { error: value } : { result: value };
}

/** Appends a turn, merging it into the previous one of the same role (parallel tool answers). */
function push(contents: Turn[], role: Turn['role'], parts: Part[]): void {
	if (parts.length === 0) return;
	const last = contents[contents.length - 1];
	if (last && last.role === role) last.parts.push(...parts);
	else contents.push({ role, parts });
}

export function toGeminiConversation(messages: Message[], model: string): Conversation {
	const contents: Turn[] = [];
	const system: string[] = [];
	const toolNames = new Map<string, string>();
	for (const message of messages) {
		if (message.role === 'system') {
			const text = textOf(message.content);
			if (text.trim() !== '') system.push(text);
		} else if (message.role === 'assistant') {
			for (const block of message.content) {
				if (block.type === 'tool-call' && block.toolCallId) toolNames.set(block.toolCallId, block.toolName);
			}
			push(contents, 'model', modelParts(message.content, model));
		} else if (message.role === 'tool') {
			const parts = message.content
				.filter((block): block is Extract<MessageContent, { type: 'tool-result' }> => block.type === 'tool-result')
				.map((block) => ({
					functionResponse: {
						name: toolNames.get(block.toolCallId) ?? message.name ?? 'tool',
						response: responseObject(block.result, block.isError),
					},
				}));
			push(contents, 'user', parts);
		} else {
			push(contents, 'user', message.content.map(userPart).filter((part): part is Part => part !== undefined));
		}
	}
	const conversation: Conversation = { contents };
	if (system.length) conversation.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
	return conversation;
}

import type { Message } from '@n8n/ai-node-sdk';

import { SKIP_SIGNATURE_CHECK, toGeminiConversation } from '../../../nodes/GeminiChatModel/conversation';
import { rememberSignature, SIGNATURES_METADATA_KEY } from '../../../nodes/GeminiChatModel/thoughtSignatures';

const text = (value: string) => ({ type: 'text' as const, text: value });

describe('toGeminiConversation', () => {
	it('joins system messages into the system instruction and keeps user and model turns in order', () => {
		const messages: Message[] = [
			{ role: 'system', content: [text('Be brief.')] },
			{ role: 'system', content: [text('Answer in English.')] },
			{ role: 'user', content: [text('Hi'), { type: 'file', mediaType: 'image/png', data: new Uint8Array([1, 2, 3]) }] },
			{ role: 'assistant', content: [text('Hello!'), { type: 'reasoning', text: 'not sent back' }] },
			{ role: 'user', content: [text('Bye')] },
		];
		expect(toGeminiConversation(messages, 'gemini-2.5-flash')).toEqual({
			systemInstruction: { parts: [{ text: 'Be brief.\n\nAnswer in English.' }] },
			contents: [
				{ role: 'user', parts: [{ text: 'Hi' }, { inlineData: { mimeType: 'image/png', data: 'AQID' } }] },
				{ role: 'model', parts: [{ text: 'Hello!' }] },
				{ role: 'user', parts: [{ text: 'Bye' }] },
			],
		});
	});

	it('answers parallel calls in one user turn, naming each function from its call', () => {
		rememberSignature('call_a', 'sig-a');
		const messages: Message[] = [
			{ role: 'user', content: [text('Weather and time?')] },
			{
				role: 'assistant',
				content: [
					{ type: 'tool-call', toolCallId: 'call_a', toolName: 'weather', input: '{"city":"Oslo"}' },
					{ type: 'tool-call', toolCallId: 'call_b', toolName: 'clock', input: 'not json' },
				],
			},
			{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_a', result: '{"temp":3}' }] },
			{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_b', result: 'timeout', isError: true }] },
		];
		const { contents } = toGeminiConversation(messages, 'gemini-2.5-flash');
		expect(contents[1]).toEqual({
			role: 'model',
			parts: [
				{ functionCall: { name: 'weather', args: { city: 'Oslo' } }, thoughtSignature: 'sig-a' },
				{ functionCall: { name: 'clock', args: {} } },
			],
		});
		expect(contents[2]).toEqual({
			role: 'user',
			parts: [
				{ functionResponse: { name: 'weather', response: { result: { temp: 3 } } } },
				{ functionResponse: { name: 'clock', response: { error: 'timeout' } } },
			],
		});
	});

	it('prefers the signature in the call metadata, and on Gemini 3 never sends a call unsigned', () => {
		const call = (toolCallId: string, providerMetadata?: Record<string, unknown>): Message => ({
			role: 'assistant',
			content: [{ type: 'tool-call', toolCallId, toolName: 'f', input: '{}', providerMetadata }],
		});
		const signed = toGeminiConversation([call('call_m', { [SIGNATURES_METADATA_KEY]: { call_m: 'from-metadata' } })], 'gemini-3-flash-preview');
		expect(signed.contents[0].parts[0].thoughtSignature).toBe('from-metadata');
		const lost = toGeminiConversation([call('call_unknown')], 'gemini-3-flash-preview');
		expect(lost.contents[0].parts[0].thoughtSignature).toBe(SKIP_SIGNATURE_CHECK);
		const older = toGeminiConversation([call('call_unknown')], 'gemini-2.5-flash');
		expect(older.contents[0].parts[0].thoughtSignature).toBeUndefined();
	});
});

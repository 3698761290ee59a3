import { buildGenerateRequest } from '../../../nodes/shared/request/buildGenerateRequest';
import { parseConversation } from '../../../nodes/shared/request/messages';
import { settingsFixture } from '../settingsFixture';

describe('parseConversation', () => {
	it('reads [{ role, text }] and { role, content } turns, system messages apart', () => {
		expect(
			parseConversation([
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', text: 'Hi' },
				{ role: 'assistant', content: 'Hello!' },
				{ role: 'model', text: 'Anything else?' },
			]),
		).toEqual({
			system: ['Be brief.'],
			turns: [
				{ role: 'user', text: 'Hi' },
				{ role: 'model', text: 'Hello!' },
				{ role: 'model', text: 'Anything else?' },
			],
		});
	});

	it('reads LangChain messages as n8n memory stores them, and a JSON string', () => {
		const stored = JSON.stringify([
			{ type: 'human', data: { content: 'What is n8n?' } },
			{ type: 'ai', data: { content: 'A workflow tool.' } },
		]);
		expect(parseConversation(stored).turns).toEqual([
			{ role: 'user', text: 'What is n8n?' },
			{ role: 'model', text: 'A workflow tool.' },
		]);
		expect(parseConversation([{ id: ['langchain_core', 'messages', 'HumanMessage'], kwargs: { content: [{ type: 'text', text: 'Hey' }] } }]).turns).toEqual([
			{ role: 'user', text: 'Hey' },
		]);
	});

	it('names the message it cannot read', () => {
		expect(() => parseConversation([{ role: 'user', text: 'ok' }, { who: 'me' }])).toThrow(/message 1 needs a role/);
		expect(() => parseConversation({ role: 'user' })).toThrow(/must be a list/);
	});
});

describe('buildGenerateRequest with Messages', () => {
	const messages = { turns: [{ role: 'user' as const, text: 'Hi' }, { role: 'model' as const, text: 'Hello!' }], system: [] };

	it('sends the earlier turns first and the prompt as the last user turn', () => {
		expect(buildGenerateRequest(settingsFixture({ prompt: 'And now?', messages })).contents).toEqual([
			{ role: 'user', parts: [{ text: 'Hi' }] },
			{ role: 'model', parts: [{ text: 'Hello!' }] },
			{ role: 'user', parts: [{ text: 'And now?' }] },
		]);
	});

	it('sends only the turns when the prompt is empty', () => {
		const turns = { turns: [{ role: 'user' as const, text: 'Hi' }], system: [] };
		expect(buildGenerateRequest(settingsFixture({ prompt: '', messages: turns })).contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
	});
});

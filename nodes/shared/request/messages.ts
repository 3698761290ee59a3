/**
 * A conversation from an item (Messages option) → Gemini turns. Accepts `[{ role, text }]`, the
 * `{ role, content }` shape chat APIs use, and LangChain's stored messages as n8n's memory nodes
 * keep them (`{ type: 'human' | 'ai' | 'system', data: { content } }`). Pure.
 */

export interface Turn {
	role: 'user' | 'model';
	text: string;
}

export interface Conversation {
	turns: Turn[];
	/** Text of system messages, for the system instruction. */
	system: string[];
}

const ROLES: Record<string, Turn['role'] | 'system'> = {
	user: 'user',
	human: 'user',
	model: 'model',
	assistant: 'model',
	ai: 'model',
	bot: 'model',
	system: 'system',
};

type Wire = Record<string, unknown>;

function textOf(message: Wire): string | undefined {
	const data = message.data as Wire | undefined;
	const kwargs = message.kwargs as Wire | undefined;
	for (const value of [message.text, message.content, message.message, data?.content, kwargs?.content]) {
		if (typeof value === 'string') return value;
		// Content as a list of parts ({ type: 'text', text }).
		if (Array.isArray(value)) return value.map((part: Wire | string) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : '')).join('');
	}
	return undefined;
}

function roleOf(message: Wire): string | undefined {
	const id = Array.isArray(message.id) ? String(message.id.at(-1)) : undefined;
	const named = message.role ?? message.type ?? (id ? id.replace(/Message(Chunk)?$/, '').toLowerCase() : undefined);
	return typeof named === 'string' ? named.toLowerCase() : undefined;
}

/** The messages as turns; throws an Error naming the first message it cannot read. */
export function parseConversation(value: unknown): Conversation {
	const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
	if (!Array.isArray(list)) throw new Error(`must be a list of messages such as [{ "role": "user", "text": "Hi" }]; got ${typeof list}`);
	const conversation: Conversation = { turns: [], system: [] };
	for (const [index, entry] of list.entries()) {
		const message = (entry ?? {}) as Wire;
		const role = ROLES[roleOf(message) ?? ''];
		const text = textOf(message);
		if (!role || text === undefined) {
			throw new Error(`message ${index} needs a role (user, model/assistant/ai, system) and a text; got ${JSON.stringify(entry)?.slice(0, 120)}`);
		}
		if (role === 'system') conversation.system.push(text);
		else if (text !== '') conversation.turns.push({ role, text });
	}
	return conversation;
}

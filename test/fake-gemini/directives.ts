/**
 * Prompt directives: `[[fake:429 retryDelay=1.5s times=2]]` anywhere in a user message.
 * Tokens are separated by spaces; values with spaces are quoted: `answer="Hello there"`
 * or `answer='{"a":1}'` (backslash escapes `\"`, `\'`, `\\`, `\n`).
 */

export interface UsageOverride {
	prompt: number;
	output: number;
	thoughts: number;
	cached: number;
	toolUse: number;
}

export interface DirectiveEffects {
	status?: number;
	retryDelay?: string;
	retryAfterSeconds?: number;
	flexOverload?: boolean;
	downgrade?: boolean;
	blockReason?: string;
	drop?: boolean;
	delayMs?: number;
	answer?: string;
	usage?: UsageOverride;
	streamErrorAfter?: number;
	streamCutAfter?: number;
	chunkIntervalMs?: number;
	/** Answer with many multi-byte characters, so stream slices split inside them. */
	multibyte?: boolean;
	/** A slow stream: 250 ms between chunks (unless chunk-interval says otherwise) and an answer of 11 chunks. */
	slow?: boolean;
	echoKey?: boolean;
}

export interface Directive {
	/** The whole `[[fake:…]]` text: with the model, the key its `times` counter is kept under. */
	raw: string;
	times?: number;
	effects: DirectiveEffects;
}

const DIRECTIVE_RE = /\[\[fake:((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\]"'])*)\]\]/g;
const TOKEN_RE = /\s*([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S*))?/y;
const USAGE_KEYS: Record<string, keyof UsageOverride> = {
	prompt: 'prompt',
	output: 'output',
	thoughts: 'thoughts',
	cached: 'cached',
	tooluse: 'toolUse',
};

/** Thrown for a directive the fake does not understand (answered as 400). */
export class DirectiveError extends Error {}

function unquote(value: string): string {
	const first = value[0];
	if ((first === '"' || first === "'") && value.endsWith(first) && value.length >= 2) {
		return value.slice(1, -1).replace(/\\(.)/g, (_match, char: string) => (char === 'n' ? '\n' : char));
	}
	return value;
}

function toNumber(key: string, value: string | undefined): number {
	const parsed = Number(value);
	if (value === undefined || value === '' || !Number.isFinite(parsed) || parsed < 0) {
		throw new DirectiveError(`fake directive "${key}" needs a non-negative number, got "${value ?? ''}"`);
	}
	return parsed;
}

function tokenize(body: string): Array<[string, string | undefined]> {
	const tokens: Array<[string, string | undefined]> = [];
	TOKEN_RE.lastIndex = 0;
	while (TOKEN_RE.lastIndex < body.length) {
		const start = TOKEN_RE.lastIndex;
		const match = TOKEN_RE.exec(body);
		if (!match) {
			if (body.slice(start).trim() === '') break;
			throw new DirectiveError(`cannot parse fake directive "${body}"`);
		}
		tokens.push([match[1], match[2] === undefined ? undefined : unquote(match[2])]);
	}
	return tokens;
}

function parseBody(raw: string, body: string): Directive {
	const effects: DirectiveEffects = {};
	let times: number | undefined;
	const ensureUsage = (): UsageOverride => {
		effects.usage ??= { prompt: 0, output: 0, thoughts: 0, cached: 0, toolUse: 0 };
		return effects.usage;
	};
	for (const [name, value] of tokenize(body)) {
		const key = name.toLowerCase();
		if (/^\d{3}$/.test(key) && Number(key) >= 400 && Number(key) <= 599) {
			effects.status = Number(key);
			continue;
		}
		if (Object.hasOwn(USAGE_KEYS, key)) {
			ensureUsage()[USAGE_KEYS[key]] = Math.round(toNumber(name, value));
			continue;
		}
		switch (key) {
			case 'times':
				times = Math.floor(toNumber(name, value));
				break;
			case 'retrydelay':
				if (!value) throw new DirectiveError('fake directive "retryDelay" needs a value such as 1.5s');
				effects.retryDelay = /^\d+(\.\d+)?$/.test(value) ? `${value}s` : value;
				break;
			case 'retryafter':
				effects.retryAfterSeconds = toNumber(name, value);
				break;
			case 'flex-overload':
				effects.flexOverload = true;
				break;
			case 'downgrade':
				effects.downgrade = true;
				break;
			case 'block':
				effects.blockReason = value ? value.toUpperCase() : 'SAFETY';
				break;
			case 'drop':
				effects.drop = true;
				break;
			case 'delay':
				effects.delayMs = toNumber(name, value);
				break;
			case 'answer':
				effects.answer = value ?? '';
				break;
			case 'usage':
				ensureUsage();
				break;
			case 'stream-error-after':
				effects.streamErrorAfter = Math.floor(toNumber(name, value));
				break;
			case 'stream-cut-after':
				effects.streamCutAfter = Math.floor(toNumber(name, value));
				break;
			case 'multibyte':
				effects.multibyte = true;
				break;
			case 'slow':
				effects.slow = true;
				break;
			case 'chunk-interval':
				effects.chunkIntervalMs = toNumber(name, value);
				break;
			case 'echo-key':
				effects.echoKey = true;
				break;
			default:
				throw new DirectiveError(`unknown fake directive "${name}" in ${raw}`);
		}
	}
	return { raw, times, effects };
}

/** All directives found in these texts, in order. Throws `DirectiveError` on a bad one. */
export function findDirectives(texts: string[]): Directive[] {
	const found: Directive[] = [];
	for (const text of texts) {
		for (const match of text.matchAll(DIRECTIVE_RE)) found.push(parseBody(match[0], match[1]));
	}
	return found;
}

/** The text without its directives (used for the echoed answer). */
export function stripDirectives(text: string): string {
	return text.replace(DIRECTIVE_RE, ' ');
}

/** Counts requests per model + directive so that `times=N` applies to the first N only. */
export class DirectiveCounter {
	private readonly counts = new Map<string, number>();

	/** Registers one request carrying the directive; true while it is still active. */
	consume(model: string, directive: Directive): boolean {
		const key = `${model}\u0000${directive.raw}`;
		const count = (this.counts.get(key) ?? 0) + 1;
		this.counts.set(key, count);
		return directive.times === undefined || count <= directive.times;
	}

	reset(): void {
		this.counts.clear();
	}
}

/** Merges the effects of the directives still active for this request (later ones win). */
export function activeEffects(model: string, directives: Directive[], counter: DirectiveCounter): DirectiveEffects {
	const merged: DirectiveEffects = {};
	for (const directive of directives) {
		if (counter.consume(model, directive)) Object.assign(merged, directive.effects);
	}
	return merged;
}

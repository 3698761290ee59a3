/**
 * Prompt directives: `[[fake:429 retryDelay=1.5s times=2]]` anywhere in a user message.
 * Tokens are separated by spaces; values with spaces are quoted: `answer="Hello there"`
 * or `answer='{"a":1}'` (backslash escapes `\"`, `\'`, `\\`, `\n`). `json='…'` is taken raw: only a
 * backslash before the enclosing quote is removed, so JSON escapes (`\"`, `\\`, `\n`) stay JSON escapes.
 */
import type { QuotaKind } from './errors';
import { parsePartToken, type PartEffects } from './parts';
import type { BrokenStyle } from './structured';
import { TRAFFIC_TYPES, type TrafficType } from './vertex';

export interface UsageOverride {
	prompt: number;
	output: number;
	thoughts: number;
	cached: number;
	toolUse: number;
}

export interface DirectiveEffects {
	status?: number;
	/** `fail`: 500 INTERNAL unless a status is given (in a batch: that one request fails). */
	fail?: boolean;
	retryDelay?: string;
	retryAfterSeconds?: number;
	/** `quota=day|zero|minute`: a 429 whose QuotaFailure names that kind of quota (see errors.ts). */
	quota?: QuotaKind;
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
	/** Exact JSON answer text (checked to parse); the json-* faults apply to it. */
	json?: string;
	/** `json-broken`: syntactically invalid JSON. */
	jsonBroken?: BrokenStyle;
	/** `json-truncated`: the JSON cut in the middle, finishReason MAX_TOKENS. */
	jsonTruncated?: boolean;
	/** `json-violation`: valid JSON that breaks the schema (see `violate`). */
	jsonViolation?: boolean;
	/** `json-fenced`: the JSON inside a ```json fence. */
	jsonFenced?: boolean;
	/** `reset-mid-body`: 200 headers and half of the JSON body, then the socket is destroyed. */
	resetMidBody?: boolean;
	/** `stall-mid-body`: 200 headers and half of the JSON body, then nothing more (until the client goes). */
	stallMidBody?: boolean;
	/** `malformed-json`: a 200 whose body is only the first half of the JSON (a complete HTTP answer). */
	malformedJson?: boolean;
	/** `invalid-utf8`: the answer carries bytes that are not UTF-8 (see INVALID_UTF8_BYTES). */
	invalidUtf8?: boolean;
	/** `huge=N`: an answer of exactly N characters. */
	huge?: number;
	/** `empty-body`: a 200 `application/json` answer with no body at all. */
	emptyBody?: boolean;
	/** `redirect`: a 302 to a login page (REDIRECT_LOCATION), as a captive portal or SSO proxy answers. */
	redirect?: boolean;
	/** `no-usage`: the answer (every stream chunk) without `usageMetadata`. */
	noUsage?: boolean;
	/** `html`: the body is a proxy's HTML page (200 alone, or the status given). */
	html?: boolean;
	/** `stream-cut-mid-event=N`: N whole events, half of the next one, then the socket is destroyed. */
	streamCutMidEvent?: number;
	/** `stream-end-mid-event=N`: N whole events, half of the next one, then the body ends cleanly. */
	streamEndMidEvent?: number;
	/** Grounding, code, images, audio, function calls, finish reasons: see parts.ts. */
	parts?: PartEffects;
	/** `traffic=PROVISIONED_THROUGHPUT` (Vertex paths): the trafficType reported, whatever tier was asked. */
	traffic?: TrafficType;
	/** `call=<tool> args='<json>'`: the model calls that tool (see functioncalls.ts). */
	call?: { name: string; args: string };
}

export interface Directive {
	/** The whole `[[fake:…]]` text: with the model, the key its `times` counter is kept under. */
	raw: string;
	times?: number;
	/** `model=<id>`: the directive applies to requests for this model only (a fallback model is answered normally). */
	model?: string;
	effects: DirectiveEffects;
}

/** The largest `huge=` answer (50 million characters). */
export const HUGE_LIMIT = 50_000_000;

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

/** A quoted value with only `\<quote>` unescaped: JSON keeps its own backslash escapes. */
function unquoteRaw(value: string): string {
	const first = value[0];
	if ((first === '"' || first === "'") && value.endsWith(first) && value.length >= 2) {
		return value.slice(1, -1).replace(/\\(.)/g, (match, char: string) => (char === first ? char : match));
	}
	return value;
}

function jsonValue(raw: string | undefined): string {
	const text = raw === undefined ? '' : unquoteRaw(raw);
	try {
		JSON.parse(text);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new DirectiveError(`fake directive "json" needs valid JSON (quote it: json='{"a":1}'), got ${text === '' ? 'nothing' : text}: ${reason}`);
	}
	return text;
}

function toNumber(key: string, value: string | undefined): number {
	const parsed = Number(value);
	if (value === undefined || value === '' || !Number.isFinite(parsed) || parsed < 0) {
		throw new DirectiveError(`fake directive "${key}" needs a non-negative number, got "${value ?? ''}"`);
	}
	return parsed;
}

/** `[name, unquoted value, value as written]` per token. */
function tokenize(body: string): Array<[string, string | undefined, string | undefined]> {
	const tokens: Array<[string, string | undefined, string | undefined]> = [];
	TOKEN_RE.lastIndex = 0;
	while (TOKEN_RE.lastIndex < body.length) {
		const start = TOKEN_RE.lastIndex;
		const match = TOKEN_RE.exec(body);
		if (!match) {
			if (body.slice(start).trim() === '') break;
			throw new DirectiveError(`cannot parse fake directive "${body}"`);
		}
		tokens.push([match[1], match[2] === undefined ? undefined : unquote(match[2]), match[2]]);
	}
	return tokens;
}

function parseBody(raw: string, body: string): Directive {
	const effects: DirectiveEffects = {};
	let times: number | undefined;
	let model: string | undefined;
	const ensureUsage = (): UsageOverride => {
		effects.usage ??= { prompt: 0, output: 0, thoughts: 0, cached: 0, toolUse: 0 };
		return effects.usage;
	};
	for (const [name, value, written] of tokenize(body)) {
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
			case 'model':
				if (!value) throw new DirectiveError('fake directive "model" needs a model id such as gemini-2.5-flash');
				model = value.replace(/^models\//, '');
				break;
			case 'retrydelay':
				if (!value) throw new DirectiveError('fake directive "retryDelay" needs a value such as 1.5s');
				effects.retryDelay = /^\d+(\.\d+)?$/.test(value) ? `${value}s` : value;
				break;
			case 'quota':
				if (value !== 'day' && value !== 'zero' && value !== 'minute') {
					throw new DirectiveError(`fake directive "quota" takes day, zero or minute, got "${value ?? ''}"`);
				}
				effects.quota = value;
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
			case 'traffic':
				if (!(TRAFFIC_TYPES as readonly string[]).includes(String(value))) throw new DirectiveError(`traffic= must be one of ${TRAFFIC_TYPES.join(', ')}, got ${String(value)}`);
				effects.traffic = value as TrafficType;
				break;
			case 'block':
				effects.blockReason = value ? value.toUpperCase() : 'SAFETY';
				break;
			case 'fail':
				effects.fail = true;
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
			case 'json':
				effects.json = jsonValue(written);
				break;
			case 'call':
				if (!value) throw new DirectiveError('fake directive "call" needs a tool name, e.g. call=calculator');
				effects.call = { name: value, args: effects.call?.args ?? '{}' };
				break;
			case 'args':
				effects.call = { name: effects.call?.name ?? '', args: jsonValue(written) };
				break;
			case 'json-broken':
				if (value !== undefined && value !== 'comma' && value !== 'key') {
					throw new DirectiveError(`fake directive "json-broken" takes comma or key, got "${value}"`);
				}
				effects.jsonBroken = value ?? 'comma';
				break;
			case 'json-truncated':
				effects.jsonTruncated = true;
				break;
			case 'json-violation':
				effects.jsonViolation = true;
				break;
			case 'json-fenced':
				effects.jsonFenced = true;
				break;
			case 'reset-mid-body':
				effects.resetMidBody = true;
				break;
			case 'stall-mid-body':
				effects.stallMidBody = true;
				break;
			case 'malformed-json':
				effects.malformedJson = true;
				break;
			case 'invalid-utf8':
				effects.invalidUtf8 = true;
				break;
			case 'huge':
				effects.huge = Math.floor(toNumber(name, value));
				if (effects.huge < 1 || effects.huge > HUGE_LIMIT) {
					throw new DirectiveError(`fake directive "huge" takes 1 to ${HUGE_LIMIT} characters, got "${value ?? ''}"`);
				}
				break;
			case 'html':
				effects.html = true;
				break;
			case 'empty-body':
				effects.emptyBody = true;
				break;
			case 'redirect':
				effects.redirect = true;
				break;
			case 'no-usage':
				effects.noUsage = true;
				break;
			case 'stream-cut-mid-event':
				effects.streamCutMidEvent = Math.floor(toNumber(name, value));
				break;
			case 'stream-end-mid-event':
				effects.streamEndMidEvent = Math.floor(toNumber(name, value));
				break;
			default:
				if (!parsePartToken(key, value, effects, (v) => toNumber(name, v))) throw new DirectiveError(`unknown fake directive "${name}" in ${raw}`);
		}
	}
	return { raw, times, ...(model === undefined ? {} : { model }), effects };
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

/**
 * Merges the effects of the directives still active for this request (later ones win). A directive
 * written twice in one request (say, a repair message quoting the prompt) is counted once.
 */
export function activeEffects(model: string, directives: Directive[], counter: DirectiveCounter): DirectiveEffects {
	const merged: DirectiveEffects = {};
	const active = new Map<string, boolean>();
	for (const directive of directives) {
		if (directive.model !== undefined && directive.model !== model.replace(/^models\//, '')) continue;
		if (!active.has(directive.raw)) active.set(directive.raw, counter.consume(model, directive));
		if (active.get(directive.raw) !== true) continue;
		const parts = merged.parts;
		Object.assign(merged, directive.effects);
		// Part directives add up: [[fake:grounding]] … [[fake:code]] gives both.
		if (parts && directive.effects.parts) merged.parts = { ...parts, ...directive.effects.parts };
	}
	return merged;
}

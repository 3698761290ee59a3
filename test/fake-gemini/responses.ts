/** Building GenerateContentResponse bodies: answer text, usage arithmetic, safety ratings. */
import { hugeText, INVALID_UTF8_ANSWER } from './bodyfaults';
import type { DirectiveEffects, UsageOverride } from './directives';
import { stripDirectives } from './directives';
import type { JsonFaults } from './structured';
import { applyJsonFaults, structuredAnswer } from './structured';
import type { PromptCount } from './tokens';
import { textTokens } from './tokens';
import type {
	Candidate,
	Content,
	GenerateContentRequest,
	GenerateContentResponse,
	ModalityTokenCount,
	Part,
	SafetyRating,
	ServiceTier,
	UsageMetadata,
} from './types';

const ECHO_LIMIT = 200;

/** 2-, 3- and 4-byte UTF-8 characters in every word or two (directive `multibyte`). */
export const MULTIBYTE_ANSWER =
	'Grüße aus Köln — 東京 🚀 naïve café, São Paulo ½ € ✓ Ελληνικά русский 日本語 テキスト 한국어 façade jalapeño 🎉 Zürich 👋 Ωmega 🧪 crème brûlée.';

/** Eleven words, so a `slow` stream has at least 11 chunks: 10 intervals of 250 ms. */
export const SLOW_ANSWER = 'Slowly, word by word, this answer takes more than two seconds.';

export const THOUGHT_TEXT = '**Answering the request**\n\nI will reply with a short, deterministic answer.';

export const SAFETY_RATINGS: SafetyRating[] = [
	{ category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
	{ category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
	{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
	{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'NEGLIGIBLE' },
];

export const BLOCKED_RATINGS: SafetyRating[] = [
	{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
	{ category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
	{ category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
	{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
];

/** Text of the last non-model message (thought parts skipped). */
export function lastUserText(contents: Content[]): string {
	for (let i = contents.length - 1; i >= 0; i--) {
		if (contents[i].role === 'model') continue;
		return (contents[i].parts ?? [])
			.filter((part) => typeof part.text === 'string' && part.thought !== true)
			.map((part) => part.text)
			.join(' ');
	}
	return '';
}

/** The function results of the last non-model turn, as `name → result` (empty when it has none). */
function toolResultsText(contents: Content[]): string {
	const last = [...contents].reverse().find((content) => content.role !== 'model');
	const results = (last?.parts ?? []).flatMap((part) => {
		const response = part.functionResponse as { name?: string; response?: { result?: unknown } } | undefined;
		return response ? [`${response.name ?? '?'} → ${JSON.stringify(response.response?.result ?? response.response ?? null)}`] : [];
	});
	return results.join('; ');
}

/**
 * `Echo: <last user text>` with directives removed, whitespace collapsed, at most 200 characters
 * echoed; after function results, `Tool results: <name> → <result>; …`.
 */
export function echoText(contents: Content[]): string {
	const results = toolResultsText(contents);
	if (results !== '') return `Tool results: ${results.length > ECHO_LIMIT ? `${results.slice(0, ECHO_LIMIT)}…` : results}`;
	const clean = stripDirectives(lastUserText(contents)).replace(/\s+/g, ' ').trim();
	if (clean === '') return 'Echo: (no text)';
	return `Echo: ${clean.length > ECHO_LIMIT ? `${clean.slice(0, ECHO_LIMIT)}…` : clean}`;
}

export interface Answer {
	text: string;
	finishReason: 'STOP' | 'MAX_TOKENS';
}

/** The json-* fault directives in effect, or undefined when there are none. */
function jsonFaultsOf(effects: DirectiveEffects): JsonFaults | undefined {
	const faults: JsonFaults = {
		violation: effects.jsonViolation,
		broken: effects.jsonBroken,
		truncated: effects.jsonTruncated,
		fenced: effects.jsonFenced,
	};
	return Object.values(faults).some((value) => value !== undefined && value !== false) ? faults : undefined;
}

/** The schema asked for and how to read it: `responseJsonSchema` (or the SDK's `_responseJsonSchema`) as JSON Schema, `responseSchema` as OpenAPI. */
function schemaOf(request: GenerateContentRequest): { schema: unknown; flavor: 'json-schema' | 'openapi' } {
	const config = request.generationConfig ?? {};
	const jsonSchema = config.responseJsonSchema ?? config._responseJsonSchema;
	return jsonSchema !== undefined ? { schema: jsonSchema, flavor: 'json-schema' } : { schema: config.responseSchema, flavor: 'openapi' };
}

/**
 * The answer: directive `answer=` (exact, no faults); else, with `json=` or a json-* fault, the JSON
 * (`json=`'s text, or a sample valid for the schema) with the faults applied; else `huge`'s,
 * `invalid-utf8`'s, `multibyte`'s or `slow`'s text, else a structured sample, else the echo. Then stop sequences, then maxOutputTokens.
 */
export function answerFor(request: GenerateContentRequest, effects: DirectiveEffects): Answer {
	const config = request.generationConfig ?? {};
	const echoed = echoText(request.contents ?? []);
	const { schema, flavor } = schemaOf(request);
	const faults = jsonFaultsOf(effects);
	let text: string;
	let finishReason: Answer['finishReason'] = 'STOP';
	if (effects.answer !== undefined) {
		text = effects.answer;
	} else if (effects.json !== undefined || faults) {
		const valid = effects.json ?? structuredAnswer('application/json', schema, flavor, echoed) ?? '{}';
		({ text, finishReason } = applyJsonFaults(valid, schema, faults ?? {}));
	} else {
		text =
			(effects.huge !== undefined ? hugeText(effects.huge) : undefined) ??
			(effects.invalidUtf8 ? INVALID_UTF8_ANSWER : undefined) ??
			(effects.multibyte ? MULTIBYTE_ANSWER : undefined) ??
			(effects.slow ? SLOW_ANSWER : undefined) ??
			structuredAnswer(config.responseMimeType, schema, flavor, echoed) ??
			echoed;
	}
	for (const stop of config.stopSequences ?? []) {
		const at = stop === '' ? -1 : text.indexOf(stop);
		if (at >= 0) text = text.slice(0, at);
	}
	const max = config.maxOutputTokens;
	if (typeof max === 'number' && max > 0 && text.length > max * 4) {
		text = text.slice(0, max * 4);
		finishReason = 'MAX_TOKENS';
	}
	return { text, finishReason };
}

export interface UsageTotals {
	prompt: number;
	candidates: number;
	thoughts: number;
	cached: number;
	toolUse: number;
	promptDetails: ModalityTokenCount[];
	cacheDetails: ModalityTokenCount[];
}

/** candidates = ceil(answer chars / 4); thoughts = 2 × candidates when thinking; or the `usage` directive's numbers. */
export function computeTotals(
	prompt: PromptCount,
	answer: string,
	thinking: boolean,
	override: UsageOverride | undefined,
): UsageTotals {
	if (override) {
		const text = (tokenCount: number): ModalityTokenCount[] => (tokenCount > 0 ? [{ modality: 'TEXT', tokenCount }] : []);
		return {
			prompt: override.prompt,
			candidates: override.output,
			thoughts: override.thoughts,
			cached: override.cached,
			toolUse: override.toolUse,
			promptDetails: text(override.prompt),
			cacheDetails: text(override.cached),
		};
	}
	const candidates = textTokens(answer.length);
	return {
		prompt: prompt.total,
		candidates,
		thoughts: thinking ? 2 * candidates : 0,
		cached: prompt.cached,
		toolUse: 0,
		promptDetails: prompt.details,
		cacheDetails: prompt.cacheDetails,
	};
}

/**
 * usageMetadata with zero-valued fields omitted; `candidates` lets streams report a running total.
 * `tier` undefined (batch results) leaves out `serviceTier`.
 */
export function usageMetadata(
	totals: UsageTotals,
	tier: ServiceTier | undefined,
	candidates: number = totals.candidates,
	thoughts: number = totals.thoughts,
): UsageMetadata {
	const usage: UsageMetadata = {};
	const put = (key: 'promptTokenCount' | 'candidatesTokenCount' | 'totalTokenCount' | 'cachedContentTokenCount' | 'toolUsePromptTokenCount' | 'thoughtsTokenCount', value: number): void => {
		if (value !== 0) usage[key] = value;
	};
	put('promptTokenCount', totals.prompt);
	put('candidatesTokenCount', candidates);
	put('totalTokenCount', totals.prompt + candidates + totals.toolUse + thoughts);
	put('cachedContentTokenCount', totals.cached);
	if (totals.promptDetails.length > 0) usage.promptTokensDetails = totals.promptDetails;
	if (totals.cacheDetails.length > 0) usage.cacheTokensDetails = totals.cacheDetails;
	put('toolUsePromptTokenCount', totals.toolUse);
	// The real API details tool-use tokens by modality too (recorded in test/fixtures/gemini-recordings).
	if (totals.toolUse > 0) usage.toolUsePromptTokensDetails = [{ modality: 'TEXT', tokenCount: totals.toolUse }];
	put('thoughtsTokenCount', thoughts);
	if (tier !== undefined) usage.serviceTier = tier;
	return usage;
}

export function thoughtSignature(responseId: string): string {
	return Buffer.from(`fake-thought-signature:${responseId}`).toString('base64');
}

export interface ResponseParts {
	parts: Part[];
	finishReason?: string;
	usage: UsageMetadata;
	modelVersion: string;
	responseId: string;
}

export function generateResponse(input: ResponseParts): GenerateContentResponse {
	// Field order as the real API writes it: content, finishReason, index, safetyRatings.
	const candidate: Candidate = input.finishReason
		? { content: { role: 'model', parts: input.parts }, finishReason: input.finishReason, index: 0, safetyRatings: SAFETY_RATINGS }
		: { content: { role: 'model', parts: input.parts }, index: 0 };
	return {
		candidates: [candidate],
		usageMetadata: input.usage,
		modelVersion: input.modelVersion,
		responseId: input.responseId,
	};
}

export function blockedResponse(
	reason: string,
	totals: UsageTotals,
	tier: ServiceTier | undefined,
	modelVersion: string,
	responseId: string,
): GenerateContentResponse {
	const promptOnly: UsageTotals = { ...totals, candidates: 0, thoughts: 0, toolUse: 0 };
	return {
		promptFeedback: { blockReason: reason, safetyRatings: BLOCKED_RATINGS },
		usageMetadata: usageMetadata(promptOnly, tier),
		modelVersion,
		responseId,
	};
}

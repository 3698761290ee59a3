/**
 * The model's answer text → a JSON value. With `responseMimeType: application/json` Gemini sends
 * bare JSON, but a code fence or surrounding blank lines are tolerated. A cut-off answer (finish
 * reason MAX_TOKENS, or text that ends inside the JSON) is reported as such, since the fix is a
 * larger Max Output Tokens rather than a repair prompt about syntax.
 */
import { parseJsonText } from './jsonText';

export type ModelJsonResult = { ok: true; value: unknown } | { ok: false; problem: string };

const FENCE = /^```[A-Za-z0-9_-]*[ \t]*\r?\n?([\s\S]*?)(?:\r?\n?```\s*)?$/;

/** The JSON text inside an optional ``` / ```json fence (a fence the cut left open included). */
function unfenced(text: string): string {
	const trimmed = text.trim();
	if (!trimmed.startsWith('```')) return trimmed;
	const match = FENCE.exec(trimmed);
	return match ? match[1].trim() : trimmed;
}

function cutOff(length: number, finishReason: string | null): string {
	const why = finishReason === 'MAX_TOKENS' ? ' (finish reason MAX_TOKENS: the answer hit the output token limit; raise Max Output Tokens)' : '';
	return `the answer was cut off (truncated) at ${length} characters before the JSON was complete${why}`;
}

export function parseModelJson(text: string, finishReason: string | null): ModelJsonResult {
	const raw = text ?? '';
	const json = unfenced(raw);
	if (json === '') {
		return { ok: false, problem: finishReason === 'MAX_TOKENS' ? cutOff(raw.length, finishReason) : 'the answer was empty; expected a JSON value' };
	}
	const parsed = parseJsonText(json);
	if (parsed.ok) return { ok: true, value: parsed.value };
	if (finishReason === 'MAX_TOKENS' || parsed.atEnd) return { ok: false, problem: cutOff(raw.length, finishReason) };
	return { ok: false, problem: `not valid JSON: ${parsed.message} at position ${parsed.position}` };
}

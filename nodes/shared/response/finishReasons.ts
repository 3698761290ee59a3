/**
 * What a finish reason other than STOP means for the user, and which ones withhold the answer
 * (https://ai.google.dev/api/generate-content#FinishReason). Pure.
 */

/** Finish reasons that mean the answer was withheld, not finished: `safety.blocked` is set. */
export const BLOCKING_FINISH_REASONS: ReadonlySet<string> = new Set([
	'SAFETY',
	'RECITATION',
	'BLOCKLIST',
	'PROHIBITED_CONTENT',
	'SPII',
	'IMAGE_SAFETY',
	'IMAGE_PROHIBITED_CONTENT',
	'IMAGE_RECITATION',
]);

const WARNINGS: Record<string, string> = {
	MAX_TOKENS:
		'The answer was cut off at the output token limit (finish reason MAX_TOKENS): raise Max Output Tokens (thinking tokens count against it too).',
	MALFORMED_FUNCTION_CALL:
		'Gemini generated a function call it could not parse (finish reason MALFORMED_FUNCTION_CALL); see finishMessage. Simplify the tool declarations or the prompt and try again.',
	NO_IMAGE: 'The model was expected to make an image but made none (finish reason NO_IMAGE). Ask for an image explicitly in the prompt.',
	IMAGE_SAFETY: 'Gemini withheld the image for safety (finish reason IMAGE_SAFETY).',
	IMAGE_PROHIBITED_CONTENT: 'Gemini withheld the image as prohibited content (finish reason IMAGE_PROHIBITED_CONTENT).',
	IMAGE_RECITATION: 'Gemini withheld the image because it recited existing material (finish reason IMAGE_RECITATION).',
	IMAGE_OTHER: 'Image generation stopped for another reason (finish reason IMAGE_OTHER); see finishMessage.',
	RECITATION: 'Gemini stopped because the answer recited existing material (finish reason RECITATION); the answer is withheld or incomplete.',
	SPII: 'Gemini stopped because the answer contained sensitive personal information (finish reason SPII).',
	OTHER: 'Gemini stopped for an unspecified reason (finish reason OTHER); the answer may be incomplete.',
	BLOCKLIST: 'Gemini stopped because the answer contained forbidden terms (finish reason BLOCKLIST).',
	PROHIBITED_CONTENT: 'Gemini stopped because the answer may contain prohibited content (finish reason PROHIBITED_CONTENT).',
	SAFETY: 'Gemini stopped the answer for safety (finish reason SAFETY); see safety.ratings.',
	LANGUAGE: 'Gemini stopped because the answer was in an unsupported language (finish reason LANGUAGE).',
	UNEXPECTED_TOOL_CALL: 'Gemini called a tool that the request did not enable (finish reason UNEXPECTED_TOOL_CALL).',
	TOO_MANY_TOOL_CALLS: 'Gemini stopped after too many consecutive tool calls (finish reason TOO_MANY_TOOL_CALLS).',
	MISSING_THOUGHT_SIGNATURE: 'Gemini refused a request whose tool-call turn lacked its thought signature (finish reason MISSING_THOUGHT_SIGNATURE).',
	MALFORMED_RESPONSE: 'Gemini produced an answer it could not complete (finish reason MALFORMED_RESPONSE); see finishMessage.',
};

/** The warning for an answer that did not finish normally; undefined for STOP, none or unspecified. */
export function finishWarning(finishReason: string | null | undefined): string | undefined {
	if (!finishReason || finishReason === 'STOP' || finishReason === 'FINISH_REASON_UNSPECIFIED') return undefined;
	return WARNINGS[finishReason] ?? `Gemini stopped with finish reason ${finishReason}; the answer may be incomplete.`;
}

/**
 * Function calling (https://ai.google.dev/gemini-api/docs/function-calling) driven by the
 * directive `[[fake:call=<tool> args='{"a":1}']]` in a user message: while the conversation has
 * no answer from the tool, the model calls it (one `functionCall` part); once the last turn holds
 * the tool's `functionResponse`, the model answers `Tool <name> answered: <response JSON>`.
 * Gemini 3 thinking models sign the call (`thoughtSignature`) and, like the real API, refuse a
 * follow-up whose calls of the current turn come back unsigned
 * (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
import type { DirectiveEffects } from './directives';
import { reply, type ErrorReply } from './errors';
import type { CatalogueModel } from './models';
import { generateResponse, usageMetadata, type UsageTotals } from './responses';
import type { Content, GenerateContentRequest, GenerateContentResponse, Part, ServiceTier } from './types';

/** The value Google documents for skipping the signature check. */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';
const SIGNATURE_PREFIX = 'fake-thought-signature:';

export type FunctionTurn =
	| { kind: 'call'; part: Part; text: string }
	| { kind: 'answer'; text: string }
	| { kind: 'error'; error: ErrorReply };

function declaredTools(request: GenerateContentRequest): string[] {
	return (request.tools ?? []).flatMap((tool) => {
		const declarations = (tool as { functionDeclarations?: Array<{ name?: unknown }> }).functionDeclarations ?? [];
		return declarations.map((declaration) => String(declaration.name));
	});
}

function isValidSignature(signature: unknown): boolean {
	if (signature === SKIP_SIGNATURE) return true;
	return typeof signature === 'string' && Buffer.from(signature, 'base64').toString().startsWith(SIGNATURE_PREFIX);
}

/** Model turns since the last user message with text: the "current turn" Gemini 3 validates. */
function currentTurn(contents: Content[]): Content[] {
	let start = 0;
	contents.forEach((content, index) => {
		if (content.role !== 'model' && (content.parts ?? []).some((part) => typeof part.text === 'string')) start = index;
	});
	return contents.slice(start).filter((content) => content.role === 'model');
}

function missingSignature(contents: Content[]): ErrorReply | undefined {
	for (const content of currentTurn(contents)) {
		const first = (content.parts ?? []).findIndex((part) => part.functionCall !== undefined);
		if (first < 0) continue;
		const part = (content.parts ?? [])[first];
		if (isValidSignature(part.thoughtSignature)) continue;
		const name = String((part.functionCall as { name?: unknown }).name);
		return reply(
			400,
			`Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${first + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
		);
	}
	return undefined;
}

/** What the model does this turn under a `call=` directive; undefined without one. */
export function functionTurn(
	model: CatalogueModel,
	request: GenerateContentRequest,
	effects: DirectiveEffects,
	signature: string | undefined,
): FunctionTurn | undefined {
	const call = effects.call;
	if (!call) return undefined;
	if (!declaredTools(request).includes(call.name)) {
		return { kind: 'error', error: reply(400, `fake directive "call" names the tool "${call.name}", which the request does not declare in tools[].functionDeclarations.`) };
	}
	const contents = request.contents ?? [];
	const responses = (contents[contents.length - 1]?.parts ?? []).filter((part) => part.functionResponse !== undefined);
	if (responses.length === 0) {
		const functionCall = { name: call.name, args: JSON.parse(call.args) as unknown };
		const part: Part = signature && model.id.startsWith('gemini-3') ? { functionCall, thoughtSignature: signature } : { functionCall };
		return { kind: 'call', part, text: JSON.stringify(functionCall) };
	}
	const unsigned = model.id.startsWith('gemini-3') ? missingSignature(contents) : undefined;
	if (unsigned) return { kind: 'error', error: unsigned };
	const answered = responses.map((part) => JSON.stringify((part.functionResponse as { response?: unknown }).response ?? null)).join(' ');
	return { kind: 'answer', text: `Tool ${call.name} answered: ${answered}` };
}

/** The model's answer that calls the tool: one part, usage as for an answer of the call's JSON. */
export function callResponse(part: Part, totals: UsageTotals, tier: ServiceTier, modelVersion: string, responseId: string): GenerateContentResponse {
	return generateResponse({ parts: [part], finishReason: 'STOP', usage: usageMetadata(totals, tier), modelVersion, responseId });
}

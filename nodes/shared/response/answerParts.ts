import { citationsOf, type CitationOut } from './citations';
import { codeExecutionOf, type CodeExecutionStep } from './codeExecution';
import { functionCallsOf, type FunctionCallOut } from './functionCalls';
import { groundingOf, type GroundingOut } from './grounding';
import { logprobsOf, type LogprobsOut } from './logprobs';
import { mediaCounts, mediaOf, type MediaCounts, type MediaFile } from './media';
import type { GenerateContentResponse } from './schemas';
import { urlContextOf, type UrlContextEntry } from './urlContext';

/**
 * Everything in an answer besides its text, as output items show it: each field only when the
 * answer has it, in this order (after the contract's fields). Pure; one mapper per part kind.
 */
export interface AnswerParts {
	functionCalls?: FunctionCallOut[];
	grounding?: GroundingOut;
	urlContext?: UrlContextEntry[];
	citations?: CitationOut[];
	codeExecution?: CodeExecutionStep[];
	finishMessage?: string;
	logprobs?: LogprobsOut;
	media?: MediaCounts;
}

export interface AnswerContent {
	parts: AnswerParts;
	/** Images and audio, for the node to attach as binary data (not JSON). */
	files: MediaFile[];
	warnings: string[];
}

export function answerContent(response: GenerateContentResponse): AnswerContent {
	const candidate = response.candidates?.[0];
	const wireParts = (candidate?.content?.parts ?? []) as Array<Record<string, unknown>>;
	const files = mediaOf(wireParts);
	const found: AnswerParts = {
		functionCalls: nonEmpty(functionCallsOf(wireParts.filter((p) => !p.thought))),
		grounding: groundingOf(candidate?.groundingMetadata),
		urlContext: urlContextOf(candidate?.urlContextMetadata),
		citations: citationsOf(candidate?.citationMetadata),
		codeExecution: codeExecutionOf(wireParts),
		finishMessage: candidate?.finishMessage || undefined,
		logprobs: logprobsOf(candidate),
		media: mediaCounts(files),
	};
	const parts = Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined)) as AnswerParts;
	const warnings: string[] = [];
	if (parts.functionCalls) {
		const names = parts.functionCalls.map((call) => call.name).join(', ');
		warnings.push(`Gemini asked to call ${names}; this node did not run it. The calls are in functionCalls.`);
	}
	return { parts, files, warnings };
}

function nonEmpty<T>(list: T[]): T[] | undefined {
	return list.length ? list : undefined;
}

import type { GenerateContentResponse, UsageMetadata } from './schemas';

/**
 * Folds the chunks of a `streamGenerateContent` answer into one GenerateContentResponse, so
 * streamed and non-streamed answers share the response mapping and the output builder. Pure.
 * Each chunk carries only its new parts: text pieces are joined into one part per run (answer or
 * thought), every other part (function calls, code, images, audio) is kept in order. Usage is a
 * running total (keep the last, never sum); finish reason, grounding and other candidate metadata
 * come with the last chunks, so a later value replaces an earlier one; citations and logprobs
 * arrive piecewise and are concatenated (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent).
 */

type Wire = Record<string, unknown>;

interface TextRun {
	thought: boolean;
	pieces: string[];
	thoughtSignature?: string;
}

type MergedPart = { text: TextRun } | { other: Wire };

const TEXT_KEYS = new Set(['text', 'thought', 'thoughtSignature']);
/** Fields of a candidate merged on their own rather than replaced by the later value. */
const MERGED_APART = new Set(['content', 'citationMetadata', 'logprobsResult']);

// Loops rather than Object.keys(…).every / Object.entries(…).filter: this runs for every event.
function isTextPart(part: Wire): boolean {
	if (typeof part.text !== 'string') return false;
	for (const key of Object.keys(part)) if (!TEXT_KEYS.has(key)) return false;
	return true;
}

export class StreamAccumulator {
	/** Events that carried a GenerateContentResponse. */
	chunks = 0;

	private readonly answer: string[] = [];

	private readonly parts: MergedPart[] = [];

	/** Candidate fields besides content, merged over the chunks. */
	private candidate: Wire = {};

	private usage?: UsageMetadata;

	private last?: GenerateContentResponse;

	/** Adds one chunk and returns the answer text it added ('' for thought-only or empty chunks). */
	add(chunk: GenerateContentResponse): string {
		this.chunks++;
		this.last = chunk;
		if (chunk.usageMetadata) this.usage = chunk.usageMetadata;
		const candidate = chunk.candidates?.[0] as Wire | undefined;
		if (!candidate) return '';
		this.mergeCandidate(candidate);
		let delta = '';
		for (const part of ((candidate.content as { parts?: Wire[] } | undefined)?.parts ?? [])) {
			if (!isTextPart(part)) {
				this.parts.push({ other: part });
				continue;
			}
			this.addText(part);
			if (!part.thought && part.text) delta += part.text as string;
		}
		if (delta) this.answer.push(delta);
		return delta;
	}

	private addText(part: Wire): void {
		const thought = part.thought === true;
		const signature = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined;
		const previous = this.parts.at(-1);
		const run = previous && 'text' in previous ? previous.text : undefined;
		// Pieces join the run before them unless both carry a signature (a new signed part).
		if (run && run.thought === thought && !(signature && run.thoughtSignature)) {
			if (part.text) run.pieces.push(part.text as string);
			if (signature) run.thoughtSignature = signature;
			return;
		}
		this.parts.push({ text: { thought, pieces: part.text ? [part.text as string] : [], thoughtSignature: signature } });
	}

	private mergeCandidate(candidate: Wire): void {
		const { citationMetadata, logprobsResult } = candidate;
		for (const key of Object.keys(candidate)) {
			const value = candidate[key];
			if (value !== undefined && !MERGED_APART.has(key)) this.candidate[key] = value;
		}
		const sources = (citationMetadata as { citationSources?: unknown[] } | undefined)?.citationSources;
		if (sources?.length) {
			const kept = (this.candidate.citationMetadata as { citationSources: unknown[] } | undefined)?.citationSources ?? [];
			this.candidate.citationMetadata = { citationSources: [...kept, ...sources] };
		}
		if (logprobsResult && typeof logprobsResult === 'object') {
			const kept = (this.candidate.logprobsResult ?? {}) as Wire;
			const incoming = logprobsResult as Wire;
			const concat = (key: string) => [...((kept[key] as unknown[]) ?? []), ...((incoming[key] as unknown[]) ?? [])];
			this.candidate.logprobsResult = { ...kept, ...incoming, chosenCandidates: concat('chosenCandidates'), topCandidates: concat('topCandidates') };
		}
	}

	/** Whether a chunk carried a finish reason: a stream closed before that may be cut short. */
	get finished(): boolean {
		return this.candidate.finishReason !== undefined || Boolean(this.last?.promptFeedback?.blockReason);
	}

	get text(): string {
		return this.answer.join('');
	}

	/** The whole answer as if it had come in one response: every event merged. */
	toResponse(): GenerateContentResponse {
		const response: GenerateContentResponse = {
			usageMetadata: this.usage,
			modelVersion: this.last?.modelVersion,
			responseId: this.last?.responseId,
		};
		if (this.last?.promptFeedback) response.promptFeedback = this.last.promptFeedback;
		if (this.chunks > 0 && !this.last?.promptFeedback?.blockReason) {
			const parts = this.parts.map((part) => ('other' in part ? part.other : textPart(part.text)));
			response.candidates = [{ content: { role: 'model', parts }, ...this.candidate }];
		}
		return response;
	}
}

function textPart(run: TextRun): Wire {
	return {
		text: run.pieces.join(''),
		...(run.thought ? { thought: true } : {}),
		...(run.thoughtSignature ? { thoughtSignature: run.thoughtSignature } : {}),
	};
}

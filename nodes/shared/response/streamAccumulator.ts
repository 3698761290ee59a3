import type { GenerateContentResponse, SafetyRating, UsageMetadata } from './schemas';

/**
 * Folds the chunks of a `streamGenerateContent` answer into one GenerateContentResponse, so
 * streamed and non-streamed answers share the response mapping and the output builder. Pure.
 * Each chunk carries only its new text; usage is a running total (keep the last, never sum);
 * the finish reason comes with the last chunk (gemini-api.md §1).
 */
export class StreamAccumulator {
	/** Events that carried a GenerateContentResponse. */
	chunks = 0;

	private readonly answer: string[] = [];

	private readonly thoughts: string[] = [];

	private usage?: UsageMetadata;

	private finishReason?: string;

	private safetyRatings?: SafetyRating[];

	/** The last grounding metadata sent (it comes whole, usually with the last chunks): billed tool use. */
	private groundingMetadata?: unknown;

	private last?: GenerateContentResponse;

	/** Adds one chunk and returns the answer text it added ('' for thought-only or empty chunks). */
	add(chunk: GenerateContentResponse): string {
		this.chunks++;
		this.last = chunk;
		if (chunk.usageMetadata) this.usage = chunk.usageMetadata;
		const candidate = chunk.candidates?.[0];
		if (candidate?.finishReason) this.finishReason = candidate.finishReason;
		if (candidate?.safetyRatings?.length) this.safetyRatings = candidate.safetyRatings;
		if (candidate?.groundingMetadata !== undefined) this.groundingMetadata = candidate.groundingMetadata;
		let delta = '';
		for (const part of candidate?.content?.parts ?? []) {
			if (typeof part.text !== 'string' || part.text === '') continue;
			if (part.thought) this.thoughts.push(part.text);
			else delta += part.text;
		}
		if (delta) this.answer.push(delta);
		return delta;
	}

	/** Whether a chunk carried a finish reason: a stream closed before that may be cut short. */
	get finished(): boolean {
		return this.finishReason !== undefined || Boolean(this.last?.promptFeedback?.blockReason);
	}

	get text(): string {
		return this.answer.join('');
	}

	/** The whole answer as if it had come in one response. */
	toResponse(): GenerateContentResponse {
		const parts: Array<{ text: string; thought?: boolean }> = [];
		if (this.thoughts.length) parts.push({ text: this.thoughts.join(''), thought: true });
		parts.push({ text: this.text });
		const response: GenerateContentResponse = {
			usageMetadata: this.usage,
			modelVersion: this.last?.modelVersion,
			responseId: this.last?.responseId,
		};
		if (this.last?.promptFeedback) response.promptFeedback = this.last.promptFeedback;
		if (this.chunks > 0 && !this.last?.promptFeedback?.blockReason) {
			response.candidates = [
				{
					content: { role: 'model', parts },
					finishReason: this.finishReason,
					safetyRatings: this.safetyRatings,
					...(this.groundingMetadata === undefined ? {} : { groundingMetadata: this.groundingMetadata }),
				},
			];
		}
		return response;
	}
}

import type { ServiceTier } from '../pricing';
import { isProvisionedTraffic, parseServiceTier } from '../pricing/usage';
import { GeminiApiError } from '../transport/googleError';
import { answerContent, type AnswerParts } from './answerParts';
import { isPlainResponse } from './responseShape';
import { BLOCKING_FINISH_REASONS, finishWarning } from './finishReasons';
import type { MediaFile } from './media';
import { generateContentResponseSchema, type GenerateContentResponse, type SafetyRating, type UsageMetadata } from './schemas';

/** GenerateContentResponse → what output items show. Pure. */

export interface SafetyReport {
	blocked: boolean;
	blockReason: string | null;
	ratings: SafetyRating[];
}

export interface MappedResponse {
	text: string;
	/** Thought summaries, present only when the request asked for them. */
	thoughts?: string;
	finishReason: string | null;
	modelVersion?: string;
	responseId?: string;
	safety: SafetyReport;
	usageMetadata: UsageMetadata;
	/** Function calls, grounding, code execution, … : only what the answer has. */
	parts: AnswerParts;
	/** Images and audio the answer carries, for binary data. */
	files: MediaFile[];
	/** What the user should know about this answer (an abnormal finish, calls not run). */
	warnings: string[];
}

/**
 * A generateContent answer or stream event, checked against the schema: by the hand-written check
 * when it accepts the answer (returned as it is), else by zod (a copy, or the error).
 */
export function parseGenerateResponse(body: unknown): GenerateContentResponse {
	return isPlainResponse(body) ? body : parseResponseWithSchema(body);
}

/** zod's parse of a generateContent answer: a copy of what the schema knows, or a GeminiApiError naming the first mismatch. */
export function parseResponseWithSchema(body: unknown): GenerateContentResponse {
	const parsed = generateContentResponseSchema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new GeminiApiError({
			kind: 'http',
			message: `Gemini's response did not have the expected shape (${issue.path.join('.') || 'body'}: ${issue.message})`,
		});
	}
	return parsed.data;
}

export function safetyReport(response: GenerateContentResponse): SafetyReport {
	const candidate = response.candidates?.[0];
	const promptBlock = response.promptFeedback?.blockReason;
	if (promptBlock) {
		return { blocked: true, blockReason: promptBlock, ratings: response.promptFeedback?.safetyRatings ?? [] };
	}
	const finishReason = candidate?.finishReason;
	const blocked = finishReason !== undefined && BLOCKING_FINISH_REASONS.has(finishReason);
	return {
		blocked,
		blockReason: blocked ? (finishReason ?? null) : null,
		ratings: candidate?.safetyRatings ?? [],
	};
}

export function mapGenerateResponse(response: GenerateContentResponse): MappedResponse {
	const candidate = response.candidates?.[0];
	const parts = candidate?.content?.parts ?? [];
	const text = parts
		.filter((p) => !p.thought && typeof p.text === 'string')
		.map((p) => p.text)
		.join('');
	const thoughtParts = parts.filter((p) => p.thought && typeof p.text === 'string');
	const content = answerContent(response);
	const finish = finishWarning(candidate?.finishReason);
	const mapped: MappedResponse = {
		text,
		finishReason: candidate?.finishReason ?? null,
		modelVersion: response.modelVersion,
		responseId: response.responseId,
		safety: safetyReport(response),
		usageMetadata: response.usageMetadata ?? {},
		parts: content.parts,
		files: content.files,
		warnings: [...(finish ? [finish] : []), ...content.warnings],
	};
	if (thoughtParts.length) mapped.thoughts = thoughtParts.map((p) => p.text).join('');
	return mapped;
}

/**
 * The tier Google served: `usageMetadata.serviceTier` first, then the `x-gemini-service-tier`
 * header (AI Studio), then Vertex AI's `usageMetadata.trafficType`. `reported: false` when none
 * said, and we assume the request's. Provisioned Throughput (Vertex) is the requested tier, prepaid.
 */
export function servedTier(
	usageMetadata: UsageMetadata | undefined,
	headers: Record<string, string>,
	requested: ServiceTier,
): { tier: ServiceTier; reported: boolean; provisioned: boolean } {
	if (isProvisionedTraffic(usageMetadata?.trafficType)) return { tier: requested, reported: true, provisioned: true };
	for (const candidate of [usageMetadata?.serviceTier, headers['x-gemini-service-tier'], usageMetadata?.trafficType]) {
		const tier = parseServiceTier(candidate?.replace(/^service_tier_/i, ''));
		if (tier && tier !== 'batch') return { tier, reported: true, provisioned: false };
	}
	return { tier: requested, reported: false, provisioned: false };
}

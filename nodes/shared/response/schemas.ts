import { z } from 'zod';

/**
 * The parts of GenerateContentResponse we read (https://ai.google.dev/api/generate-content#generatecontentresponse). Lenient on purpose:
 * unknown fields pass through and every field is optional, since Google adds fields often;
 * what we check is that the ones we use have the right type.
 */

const partSchema = z
	.object({
		text: z.string().optional(),
		thought: z.boolean().optional(),
		thoughtSignature: z.string().optional(),
	})
	.passthrough();

const safetyRatingSchema = z
	.object({
		category: z.string().optional(),
		probability: z.string().optional(),
		blocked: z.boolean().optional(),
	})
	.passthrough();

const candidateSchema = z
	.object({
		content: z.object({ role: z.string().optional(), parts: z.array(partSchema).optional() }).passthrough().optional(),
		finishReason: z.string().optional(),
		finishMessage: z.string().optional(),
		safetyRatings: z.array(safetyRatingSchema).optional(),
	})
	.passthrough();

const tokenDetailSchema = z.object({ modality: z.string().optional(), tokenCount: z.number().optional() }).passthrough();

export const usageMetadataSchema = z
	.object({
		promptTokenCount: z.number().optional(),
		cachedContentTokenCount: z.number().optional(),
		candidatesTokenCount: z.number().optional(),
		toolUsePromptTokenCount: z.number().optional(),
		thoughtsTokenCount: z.number().optional(),
		totalTokenCount: z.number().optional(),
		promptTokensDetails: z.array(tokenDetailSchema).optional(),
		cacheTokensDetails: z.array(tokenDetailSchema).optional(),
		candidatesTokensDetails: z.array(tokenDetailSchema).optional(),
		serviceTier: z.string().optional(),
		/** Vertex AI: ON_DEMAND, ON_DEMAND_FLEX, ON_DEMAND_PRIORITY or PROVISIONED_THROUGHPUT. */
		trafficType: z.string().optional(),
	})
	.passthrough();

export const generateContentResponseSchema = z
	.object({
		candidates: z.array(candidateSchema).optional(),
		promptFeedback: z
			.object({ blockReason: z.string().optional(), safetyRatings: z.array(safetyRatingSchema).optional() })
			.passthrough()
			.optional(),
		usageMetadata: usageMetadataSchema.optional(),
		modelVersion: z.string().optional(),
		responseId: z.string().optional(),
	})
	.passthrough();

export type GenerateContentResponse = z.infer<typeof generateContentResponseSchema>;
export type UsageMetadata = z.infer<typeof usageMetadataSchema>;
export type SafetyRating = z.infer<typeof safetyRatingSchema>;

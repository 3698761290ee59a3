import type { Cost, TokenCounts } from './computeCost';
import { picoToUsd, usdToPico } from './money';
import { isServiceTier } from './types';
import type { ServiceTier } from './types';

/** The `usage` object of an output item (node contract). */
export interface PublicUsage {
	promptTokens: number;
	cachedTokens: number;
	outputTokens: number;
	thoughtsTokens: number;
	toolUsePromptTokens: number;
	totalTokens: number;
}

export const ZERO_TOKEN_COUNTS: Readonly<TokenCounts> = Object.freeze({
	promptTokens: 0,
	cachedTokens: 0,
	outputTokens: 0,
	thoughtsTokens: 0,
	toolUsePromptTokens: 0,
	totalTokens: 0,
	audioPromptTokens: 0,
	audioCachedTokens: 0,
	imageOutputTokens: 0,
	audioOutputTokens: 0,
	videoOutputTokens: 0,
});

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A token count from the API; the API omits zero-valued fields, so anything unusable is 0. */
function tokenCount(value: unknown): number {
	const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : 0;
}

/** Sum of `tokenCount` over `[{ modality, tokenCount }]` entries of one modality. */
function modalityTokens(details: unknown, modality: string): number {
	if (!Array.isArray(details)) return 0;
	let sum = 0;
	for (const entry of details) {
		if (isRecord(entry) && entry.modality === modality) sum += tokenCount(entry.tokenCount);
	}
	return sum;
}

/** Token counts from a Gemini `usageMetadata` object (anything else gives zeros). */
export function usageFromMetadata(usageMetadata: unknown): TokenCounts {
	const meta = isRecord(usageMetadata) ? usageMetadata : {};
	const promptTokens = tokenCount(meta.promptTokenCount);
	const outputTokens = tokenCount(meta.candidatesTokenCount);
	const thoughtsTokens = tokenCount(meta.thoughtsTokenCount);
	const toolUsePromptTokens = tokenCount(meta.toolUsePromptTokenCount);
	// totalTokenCount = prompt + candidates + toolUse + thoughts when the API leaves it out.
	const totalTokens =
		meta.totalTokenCount === undefined
			? promptTokens + outputTokens + toolUsePromptTokens + thoughtsTokens
			: tokenCount(meta.totalTokenCount);
	return {
		promptTokens,
		cachedTokens: tokenCount(meta.cachedContentTokenCount),
		outputTokens,
		thoughtsTokens,
		toolUsePromptTokens,
		totalTokens,
		audioPromptTokens: modalityTokens(meta.promptTokensDetails, 'AUDIO'),
		audioCachedTokens: modalityTokens(meta.cacheTokensDetails, 'AUDIO'),
		imageOutputTokens: modalityTokens(meta.candidatesTokensDetails, 'IMAGE'),
		audioOutputTokens: modalityTokens(meta.candidatesTokensDetails, 'AUDIO'),
		videoOutputTokens: modalityTokens(meta.candidatesTokensDetails, 'VIDEO'),
	};
}

/** Field-by-field sum, for several billed calls made for one item. */
export function addTokenCounts(a: TokenCounts, b: TokenCounts): TokenCounts {
	return {
		promptTokens: a.promptTokens + b.promptTokens,
		cachedTokens: a.cachedTokens + b.cachedTokens,
		outputTokens: a.outputTokens + b.outputTokens,
		thoughtsTokens: a.thoughtsTokens + b.thoughtsTokens,
		toolUsePromptTokens: a.toolUsePromptTokens + b.toolUsePromptTokens,
		totalTokens: a.totalTokens + b.totalTokens,
		audioPromptTokens: a.audioPromptTokens + b.audioPromptTokens,
		audioCachedTokens: a.audioCachedTokens + b.audioCachedTokens,
		imageOutputTokens: (a.imageOutputTokens ?? 0) + (b.imageOutputTokens ?? 0),
		audioOutputTokens: (a.audioOutputTokens ?? 0) + (b.audioOutputTokens ?? 0),
		videoOutputTokens: (a.videoOutputTokens ?? 0) + (b.videoOutputTokens ?? 0),
	};
}

/** Exact decimal sum (via picodollars); unknown if either side is unknown. */
function addAmounts(a: number | null, b: number | null): number | null {
	if (a === null || b === null) return null;
	return picoToUsd(usdToPico(a) + usdToPico(b));
}

/**
 * Sum of the costs of several billed calls for one item (retries, repair attempts). Unknown if
 * either is. `pricing` describes the last call (`b`): its model, tier, table and price period;
 * long context and overridden if any call was.
 */
export function addCosts(a: Cost, b: Cost): Cost {
	const overridden = a.pricing.overridden === true || b.pricing.overridden === true;
	return {
		currency: 'USD',
		input: addAmounts(a.input, b.input),
		cachedInput: addAmounts(a.cachedInput, b.cachedInput),
		output: addAmounts(a.output, b.output),
		tools: addAmounts(a.tools, b.tools),
		total: addAmounts(a.total, b.total),
		pricing: {
			...b.pricing,
			longContext: a.pricing.longContext || b.pricing.longContext,
			known: a.pricing.known && b.pricing.known,
			...(overridden ? { overridden: true } : {}),
		},
	};
}

/** The contract's output `usage` object (audio split is internal to pricing). */
export function publicUsage(t: TokenCounts): PublicUsage {
	return {
		promptTokens: t.promptTokens,
		cachedTokens: t.cachedTokens,
		outputTokens: t.outputTokens,
		thoughtsTokens: t.thoughtsTokens,
		toolUsePromptTokens: t.toolUsePromptTokens,
		totalTokens: t.totalTokens,
	};
}

/** Vertex AI reports the tier as `trafficType`. */
function vertexTrafficTier(value: string): ServiceTier | undefined {
	switch (value.toUpperCase()) {
		case 'ON_DEMAND':
			return 'standard';
		case 'ON_DEMAND_FLEX':
			return 'flex';
		case 'ON_DEMAND_PRIORITY':
			return 'priority';
		default:
			return undefined;
	}
}

/** Vertex AI's `trafficType` for a call served from Provisioned Throughput (prepaid capacity). */
export function isProvisionedTraffic(value: unknown): boolean {
	return typeof value === 'string' && value.trim().toUpperCase() === 'PROVISIONED_THROUGHPUT';
}

/**
 * The tier named by `usageMetadata.serviceTier`, the `x-gemini-service-tier` header or a Vertex
 * `trafficType`; undefined when absent or unrecognised (the caller then falls back).
 */
export function parseServiceTier(value: unknown): ServiceTier | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	const lower = trimmed.toLowerCase();
	return isServiceTier(lower) ? lower : vertexTrafficTier(trimmed);
}

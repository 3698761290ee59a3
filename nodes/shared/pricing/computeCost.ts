import { picoToUsd, tokensCostPico } from './money';
import { billedCard, usableOverride, type PriceOverride } from './override';
import { PRICE_TABLE } from './priceTable';
import { normalizeModelId, resolvePricedModel } from './resolveModel';
import { isServiceTier, TIERS } from './types';
import type { ModelPrices, PriceTable, RateCard, ServiceTier } from './types';

export { isServiceTier, TIERS };
export type { ServiceTier };

/** Token counts of one billed call (or the sum of several), all whole numbers ≥ 0. */
export interface TokenCounts {
	/** Prompt tokens, cached ones included (Gemini `promptTokenCount`). */
	promptTokens: number;
	/** Part of promptTokens read from a context cache. */
	cachedTokens: number;
	/** Response tokens without thinking (Gemini `candidatesTokenCount`). */
	outputTokens: number;
	thoughtsTokens: number;
	/** Tokens of tool results fed back to the model; not part of promptTokens. */
	toolUsePromptTokens: number;
	totalTokens: number;
	/** Part of promptTokens that is audio, cached audio included. */
	audioPromptTokens: number;
	/** Part of cachedTokens that is audio. */
	audioCachedTokens: number;
}

export type { NonStandardTier, PriceOverride, RateOverride } from './override';

export interface CostPricing {
	/** Price table version the cost was computed with. */
	table: string;
	/** Canonical table id when the model is known, else the id as given without 'models/'. */
	model: string;
	/** Tier served (not the one asked for). */
	tier: ServiceTier;
	longContext: boolean;
	/** False when the model, its tier or a rate the usage needs is not priced: all amounts are then null. */
	known: boolean;
	/** Present (true) when user prices replaced some of the table's. */
	overridden?: boolean;
}

/** Amounts in USD, unrounded. */
export interface Cost {
	currency: 'USD';
	input: number | null;
	cachedInput: number | null;
	output: number | null;
	total: number | null;
	pricing: CostPricing;
}

export interface ComputeCostParams {
	model: string;
	/** The tier that served the request. */
	tier: ServiceTier;
	usage: TokenCounts;
	table?: PriceTable;
	override?: PriceOverride;
}

interface CostPico {
	input: number;
	cachedInput: number;
	output: number;
}

const TOKEN_KEYS: readonly (keyof TokenCounts)[] = [
	'promptTokens',
	'cachedTokens',
	'outputTokens',
	'thoughtsTokens',
	'toolUsePromptTokens',
	'totalTokens',
	'audioPromptTokens',
	'audioCachedTokens',
];

function assertTokenCounts(usage: TokenCounts): void {
	for (const key of TOKEN_KEYS) {
		const value = usage[key];
		if (!Number.isSafeInteger(value) || value < 0) {
			throw new RangeError(`Token count ${key} must be a whole number ≥ 0, got ${String(value)}`);
		}
	}
}

/** Long-context rates bill the whole request once the prompt passes the threshold. */
function usesLongContext(prices: ModelPrices, promptTokens: number): boolean {
	return prices.longContext !== undefined && promptTokens > prices.longContext.thresholdTokens;
}

/** Uncached prompt tokens at the input price, audio at the audio price when the card has one. */
function inputPico(card: RateCard, usage: TokenCounts): number {
	const uncached = Math.max(0, usage.promptTokens - usage.cachedTokens);
	const audio = Math.min(uncached, Math.max(0, usage.audioPromptTokens - usage.audioCachedTokens));
	const text = uncached - audio;
	// Tool-use prompt tokens are not in promptTokenCount but are input the model reads: input price.
	return (
		tokensCostPico(text + usage.toolUsePromptTokens, card.input) +
		tokensCostPico(audio, card.audioInput ?? card.input)
	);
}

/** Cached tokens at the cache-read price; undefined when some are cached but none is listed. */
function cachedInputPico(card: RateCard, usage: TokenCounts): number | undefined {
	if (usage.cachedTokens === 0) return 0;
	if (card.cacheRead === undefined) return undefined;
	const audio = Math.min(usage.cachedTokens, usage.audioCachedTokens);
	return (
		tokensCostPico(usage.cachedTokens - audio, card.cacheRead) +
		tokensCostPico(audio, card.audioCacheRead ?? card.cacheRead)
	);
}

/** Thinking tokens are billed at the output price. */
function outputPico(card: RateCard, usage: TokenCounts): number | undefined {
	const tokens = usage.outputTokens + usage.thoughtsTokens;
	if (tokens === 0) return 0;
	if (card.output === undefined) return undefined;
	return tokensCostPico(tokens, card.output);
}

function billPico(card: RateCard, usage: TokenCounts): CostPico | undefined {
	const cachedInput = cachedInputPico(card, usage);
	const output = outputPico(card, usage);
	if (cachedInput === undefined || output === undefined) return undefined;
	return { input: inputPico(card, usage), cachedInput, output };
}

function unknownCost(pricing: CostPricing): Cost {
	return { currency: 'USD', input: null, cachedInput: null, output: null, total: null, pricing };
}

function knownCost(parts: CostPico, pricing: CostPricing): Cost {
	return {
		currency: 'USD',
		input: picoToUsd(parts.input),
		cachedInput: picoToUsd(parts.cachedInput),
		output: picoToUsd(parts.output),
		// From the integer sum, so total is exactly input + cachedInput + output in decimal.
		total: picoToUsd(parts.input + parts.cachedInput + parts.output),
		pricing,
	};
}

/**
 * Cost in USD of one call from its token counts, the model, and the tier that served it
 * (rules: /work/shared/reference/pricing.md). A model, tier or rate the table and override do
 * not price gives null amounts with `known: false`: never 0, never a guess.
 */
export function computeCost(params: ComputeCostParams): Cost {
	const { model, tier, usage, table = PRICE_TABLE, override } = params;
	assertTokenCounts(usage);
	const prices = resolvePricedModel(model, table);
	const longContext = prices !== undefined && usesLongContext(prices, usage.promptTokens);
	const rates = usableOverride(override);
	const card = isServiceTier(tier) ? billedCard(prices, tier, longContext, rates) : undefined;
	const pricing: CostPricing = {
		table: table.version,
		model: prices?.id ?? normalizeModelId(model),
		tier,
		longContext,
		known: false,
	};
	const parts = card && billPico(card, usage);
	if (!parts) return unknownCost(pricing);
	return knownCost(parts, {
		...pricing,
		known: true,
		...(rates.any ? { overridden: true } : {}),
	});
}

import type { ToolUse } from '../response/toolUse';
import { picoToUsd, tokensCostPico } from './money';
import { billedCard, usableOverride, type PriceOverride } from './override';
import { PRICE_TABLE } from './priceTable';
import { normalizeModelId, resolveCallPrices } from './resolveModel';
import { toolFeesPico, type ToolFeeLine } from './toolFees';
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
	/** Parts of outputTokens that are images, audio, video (`candidatesTokensDetails`); absent = 0. */
	imageOutputTokens?: number;
	audioOutputTokens?: number;
	videoOutputTokens?: number;
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
	/** The table row that priced the call (absent when none did). */
	pricedAs?: string;
	/** Whether that row was found by the requested id or by the response's `modelVersion`. */
	resolvedFrom?: 'model' | 'modelVersion';
	/** The row's price period (UTC dates; null = open-ended or no row). */
	validFrom: string | null;
	validUntil: string | null;
	/**
	 * Present (true) when Vertex AI served the call from Provisioned Throughput (`trafficType`
	 * PROVISIONED_THROUGHPUT): its tokens are prepaid, so their marginal cost is 0.
	 */
	provisioned?: boolean;
	/** The tool fees billed, present when the answer used a billed tool. */
	toolFees?: ToolFeeLine[];
	/** How tool fees were priced (paid rate), present with `toolFees`. */
	toolFeesNote?: string;
}

/** Amounts in USD, unrounded. */
export interface Cost {
	currency: 'USD';
	input: number | null;
	cachedInput: number | null;
	output: number | null;
	/** Per-request tool fees (grounding), part of `total`; 0 when no billed tool was used. */
	tools: number | null;
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
	/** When the call was made (the prices in force then); default now. */
	at?: Date;
	/** The response's `modelVersion`: prices an alias or an id the table does not know. */
	modelVersion?: string;
	/** Billed tools the answer used (grounding); default none. */
	toolUse?: ToolUse;
	/** Served from Vertex AI Provisioned Throughput: tokens cost 0 at the margin, tool fees still apply. */
	provisioned?: boolean;
}

interface CostPico {
	input: number;
	cachedInput: number;
	output: number;
	tools: number;
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

const OUTPUT_DETAIL_KEYS = ['imageOutputTokens', 'audioOutputTokens', 'videoOutputTokens'] as const;

function assertTokenCounts(usage: TokenCounts): void {
	const optional = OUTPUT_DETAIL_KEYS.filter((key) => usage[key] !== undefined);
	for (const key of [...TOKEN_KEYS, ...optional]) {
		const value = usage[key];
		if (!Number.isSafeInteger(value) || (value as number) < 0) {
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

/**
 * Output by modality: image, audio and video tokens at their own rates, the rest (text and
 * thinking) at the output price. A modality with tokens but no rate makes the output unpriced.
 */
function outputPico(card: RateCard, usage: TokenCounts): number | undefined {
	const image = usage.imageOutputTokens ?? 0;
	const audio = usage.audioOutputTokens ?? 0;
	const video = usage.videoOutputTokens ?? 0;
	const text = Math.max(0, usage.outputTokens - image - audio - video) + usage.thoughtsTokens;
	let pico = 0;
	for (const [tokens, rate] of [
		[text, card.output],
		[image, card.imageOutput],
		[audio, card.audioOutput],
		[video, card.videoOutput],
	] as const) {
		if (tokens === 0) continue;
		if (rate === undefined) return undefined;
		pico += tokensCostPico(tokens, rate);
	}
	return pico;
}

function billPico(card: RateCard, usage: TokenCounts, tools: number): CostPico | undefined {
	const cachedInput = cachedInputPico(card, usage);
	const output = outputPico(card, usage);
	if (cachedInput === undefined || output === undefined) return undefined;
	return { input: inputPico(card, usage), cachedInput, output, tools };
}

function unknownCost(pricing: CostPricing): Cost {
	return { currency: 'USD', input: null, cachedInput: null, output: null, tools: null, total: null, pricing };
}

function knownCost(parts: CostPico, pricing: CostPricing): Cost {
	return {
		currency: 'USD',
		input: picoToUsd(parts.input),
		cachedInput: picoToUsd(parts.cachedInput),
		output: picoToUsd(parts.output),
		tools: picoToUsd(parts.tools),
		// From the integer sum, so total is exactly the sum of the parts in decimal.
		total: picoToUsd(parts.input + parts.cachedInput + parts.output + parts.tools),
		pricing,
	};
}

/**
 * Cost in USD of one call from its token counts, the model, the tier that served it, the time it
 * was made (the row in force then) and the billed tools it used. A model, tier, rate or fee the
 * table and override do not price gives null amounts with `known: false`: never 0, never a guess.
 */
export function computeCost(params: ComputeCostParams): Cost {
	const { model, tier, usage, table = PRICE_TABLE, override, at = new Date(), modelVersion, toolUse, provisioned } = params;
	assertTokenCounts(usage);
	const resolved = resolveCallPrices(model, modelVersion, table, at);
	const prices = resolved?.prices;
	const longContext = prices !== undefined && usesLongContext(prices, usage.promptTokens);
	const rates = usableOverride(override);
	const card = isServiceTier(tier) ? billedCard(prices, tier, longContext, rates) : undefined;
	const tools = toolFeesPico(prices?.tools, toolUse);
	const pricing: CostPricing = {
		table: table.version,
		model: prices?.id ?? normalizeModelId(model),
		tier,
		longContext,
		known: false,
		...(resolved ? { pricedAs: resolved.prices.id, resolvedFrom: resolved.resolvedFrom } : {}),
		validFrom: prices?.from ?? null,
		validUntil: prices?.until ?? null,
		...(tools.lines.length ? { toolFees: tools.lines, toolFeesNote: tools.note } : {}),
	};
	if (provisioned) {
		// The subscription is paid whatever is sent; the call itself adds only billed tool fees.
		const provisionedPricing = { ...pricing, provisioned: true };
		if (tools.pico === undefined) return unknownCost(provisionedPricing);
		return knownCost({ input: 0, cachedInput: 0, output: 0, tools: tools.pico }, { ...provisionedPricing, known: true });
	}
	const parts = card && tools.pico !== undefined ? billPico(card, usage, tools.pico) : undefined;
	if (!parts) return unknownCost(pricing);
	return knownCost(parts, {
		...pricing,
		known: true,
		...(rates.any ? { overridden: true } : {}),
	});
}

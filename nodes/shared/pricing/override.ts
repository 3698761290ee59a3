import type { ModelPrices, RateCard, ServiceTier } from './types';

/**
 * User prices (negotiated rates, a model the table lacks), in USD per 1M tokens.
 *
 * The top-level rates are the user's price **for Standard** at normal context length. The tier
 * that served the request and the long-context switch still apply to them, with the table's own
 * ratios for that model and rate (e.g. 2.5 Pro: batch output = 0.5 × standard, long-context
 * output = 1.5 × short). For a model the table lacks, Flex and Batch are half of Standard
 * (Google's published Flex and Batch discount) and Priority is unknown. A tier in `tiers` is
 * the user's own price for that tier: it replaces the ratio (long context still scales it).
 * Values that are not finite and ≥ 0 are ignored.
 */
export interface RateOverride {
	input?: number;
	output?: number;
	cacheRead?: number;
	audioInput?: number;
	audioCacheRead?: number;
}

export type NonStandardTier = Exclude<ServiceTier, 'standard'>;

export interface PriceOverride extends RateOverride {
	tiers?: Partial<Record<NonStandardTier, RateOverride>>;
}

const RATE_KEYS = ['input', 'output', 'cacheRead', 'audioInput', 'audioCacheRead'] as const;
type RateKey = (typeof RATE_KEYS)[number];
const MEDIA_OUTPUT_KEYS = ['imageOutput', 'audioOutput', 'videoOutput'] as const;

/** Flex and Batch cost half of Standard (https://ai.google.dev/gemini-api/docs/optimization). */
const TIER_RATIO_WITHOUT_TABLE: Partial<Record<ServiceTier, number>> = { standard: 1, flex: 0.5, batch: 0.5 };

/** Only the usable rates: a typo'd or negative price must not become a cost. */
function usableRates(rates: RateOverride | undefined): RateOverride {
	const usable: RateOverride = {};
	for (const key of RATE_KEYS) {
		const value = rates?.[key];
		if (typeof value === 'number' && Number.isFinite(value) && value >= 0) usable[key] = value;
	}
	return usable;
}

export interface UsableOverride {
	standard: RateOverride;
	tiers: Partial<Record<ServiceTier, RateOverride>>;
	/** True when any usable price was given. */
	any: boolean;
}

export function usableOverride(override: PriceOverride | undefined): UsableOverride {
	const standard = usableRates(override);
	const tiers: Partial<Record<ServiceTier, RateOverride>> = {};
	let any = Object.keys(standard).length > 0;
	for (const [tier, rates] of Object.entries(override?.tiers ?? {})) {
		const usable = usableRates(rates);
		if (Object.keys(usable).length === 0) continue;
		tiers[tier as ServiceTier] = usable;
		any = true;
	}
	return { standard, tiers, any };
}

/** The listed card for a tier; no fallback to another tier or to short-context rates. */
export function listedCard(prices: ModelPrices, tier: ServiceTier, longContext: boolean): RateCard | undefined {
	return longContext ? prices.longContext?.[tier] : prices[tier];
}

function ratio(from: number | undefined, to: number | undefined): number | undefined {
	return from !== undefined && to !== undefined && from > 0 ? to / from : undefined;
}

/**
 * How a price for `from` (short context) becomes the price for the card served: the table's
 * ratio for this rate, else for input (a rate the table does not list is billed like input).
 */
function scale(price: number, key: RateKey, from: ServiceTier, served: ServiceTier, prices: ModelPrices | undefined, longContext: boolean): number | undefined {
	// The user's own price for exactly what was served, even for a tier the table lacks.
	if (from === served && !longContext) return price;
	if (!prices) {
		// No table, so no long-context threshold either: only the tier applies.
		const factor = from === served ? 1 : TIER_RATIO_WITHOUT_TABLE[served];
		return factor === undefined ? undefined : price * factor;
	}
	const base = listedCard(prices, from, false);
	const target = listedCard(prices, served, longContext);
	const factor = ratio(base?.[key], target?.[key]) ?? ratio(base?.input, target?.input);
	return factor === undefined ? undefined : price * factor;
}

/**
 * The rate card a request is billed with: per rate, the user's price for the served tier, else
 * their Standard price scaled to the tier and context length, else the table's price.
 * Undefined when no input price results, or (a model the table lacks) no output price.
 */
export function billedCard(
	prices: ModelPrices | undefined,
	served: ServiceTier,
	longContext: boolean,
	override: UsableOverride,
): RateCard | undefined {
	const listed = prices && listedCard(prices, served, longContext);
	const card: Partial<RateCard> = {};
	for (const key of RATE_KEYS) {
		const own = served === 'standard' ? undefined : override.tiers[served]?.[key];
		const standard = override.standard[key];
		let value: number | undefined;
		if (own !== undefined) value = scale(own, key, served, served, prices, longContext);
		else if (standard !== undefined) value = scale(standard, key, 'standard', served, prices, longContext);
		else value = listed?.[key];
		if (value !== undefined) card[key] = value;
	}
	// Image, audio and video output rates are the table's: a per-token override does not set them.
	for (const key of MEDIA_OUTPUT_KEYS) {
		if (listed?.[key] !== undefined) card[key] = listed[key];
	}
	if (card.input === undefined) return undefined;
	if (!prices && card.output === undefined) return undefined;
	return card as RateCard;
}

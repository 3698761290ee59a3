import { isServiceTier, type ServiceTier, type TokenCounts } from '../pricing';
import { usdToPico } from '../pricing/money';

/**
 * What one of our output items says it used and cost, read back from its JSON (any of our nodes,
 * any version): the `usage` and `cost` objects of the node contract. Amounts become picodollars so
 * sums over many items stay exact to the last digit.
 */
export const COST_PARTS = ['input', 'cachedInput', 'output', 'tools', 'total'] as const;
export type CostPart = (typeof COST_PARTS)[number];

export const TOKEN_KINDS = ['promptTokens', 'cachedTokens', 'outputTokens', 'thoughtsTokens', 'toolUsePromptTokens', 'totalTokens'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface MeteredItem {
	tokens: Record<TokenKind, number>;
	/** Picodollars per part; null when the item's cost is unknown (`total: null`). */
	pico: Record<CostPart, number> | null;
	/** The priced model (cost.pricing.model), else the item's `model`. */
	model: string;
	/** The tier served (serviceTier.served), else the tier the cost was priced at. */
	tier: ServiceTier | 'unknown';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function amount(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function readTokens(usage: Record<string, unknown>): Record<TokenKind, number> | undefined {
	const tokens = {} as Record<TokenKind, number>;
	for (const kind of TOKEN_KINDS) {
		const value = usage[kind] === undefined ? 0 : count(usage[kind]);
		if (value === undefined) return undefined;
		tokens[kind] = value;
	}
	return tokens;
}

/** Known cost → picodollars per part (an absent part, e.g. `tools` before it existed, is 0). */
function readPico(cost: Record<string, unknown>): Record<CostPart, number> | null {
	const total = amount(cost.total);
	if (total === undefined) return null;
	const pico = {} as Record<CostPart, number>;
	for (const part of COST_PARTS) pico[part] = usdToPico(amount(cost[part]) ?? 0);
	return pico;
}

function readTier(json: Record<string, unknown>, pricing: Record<string, unknown>): ServiceTier | 'unknown' {
	const served = isRecord(json.serviceTier) ? json.serviceTier.served : undefined;
	if (isServiceTier(served)) return served;
	return isServiceTier(pricing.tier) ? pricing.tier : 'unknown';
}

/** The item's usage and cost, or undefined when it carries none (or not in our shape). */
export function meteredItem(json: unknown): MeteredItem | undefined {
	if (!isRecord(json) || !isRecord(json.usage) || !isRecord(json.cost)) return undefined;
	const tokens = readTokens(json.usage);
	if (!tokens) return undefined;
	const pricing = isRecord(json.cost.pricing) ? json.cost.pricing : {};
	const model = typeof pricing.model === 'string' ? pricing.model : typeof json.model === 'string' ? json.model : 'unknown';
	return { tokens, pico: readPico(json.cost), model, tier: readTier(json, pricing) };
}

/** Token counts for the pricing engine. The contract's usage has no modality split: all text. */
export function tokenCountsOf(tokens: Record<TokenKind, number>): TokenCounts {
	return { ...tokens, audioPromptTokens: 0, audioCachedTokens: 0 };
}

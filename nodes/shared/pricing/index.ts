export { PRICE_TABLE } from './priceTable';
export { normalizeModelId, resolvePricedModel } from './resolveModel';
export { computeCost, isServiceTier, TIERS } from './computeCost';
export { estimateInputCost } from './estimate';
export type { InputEstimate } from './estimate';
export type {
	ComputeCostParams,
	Cost,
	CostPricing,
	PriceOverride,
	RateOverride,
	ServiceTier,
	TokenCounts,
} from './computeCost';
export {
	addCosts,
	addTokenCounts,
	parseServiceTier,
	publicUsage,
	usageFromMetadata,
	ZERO_TOKEN_COUNTS,
} from './usage';
export type { PublicUsage } from './usage';
export type { LongContextPrices, ModelPrices, PriceTable, RateCard, TierRates } from './types';

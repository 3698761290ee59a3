export { PRICE_TABLE } from './priceTable';
export { inForce, normalizeModelId, resolveCallPrices, resolvePricedModel } from './resolveModel';
export { computeCost, isServiceTier, TIERS } from './computeCost';
export { cacheStorageCost } from './cacheStorage';
export type { CacheStorageCost } from './cacheStorage';
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
export type { ToolFeeLine } from './toolFees';
export {
	addCosts,
	addTokenCounts,
	parseServiceTier,
	publicUsage,
	usageFromMetadata,
	ZERO_TOKEN_COUNTS,
} from './usage';
export type { PublicUsage } from './usage';
export type { LongContextPrices, ModelPrices, PriceTable, RateCard, TableFee, TierRates, ToolFee, ToolPrices } from './types';

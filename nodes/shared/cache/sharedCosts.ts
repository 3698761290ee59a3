import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resolveCallPrices, type PriceTable, type ServiceTier } from '../pricing';
import { picoToUsd, tokensCostPico, usdToPico } from '../pricing/money';
import { cachedTokenCount } from './cachedContents';
import { cacheEconomics } from './economics';
import type { SharedRunReport } from './sharedContext';

/**
 * Shared Context on the items: each item's read of the cache (its `cachedTokens` at the cache-read
 * price, already in its cost), what it would have cost with the content sent uncached, and on the
 * first item the run's one-off cost (creation, storage for the time the cache existed), added to
 * its `cost.total` so that summing the items gives the run's true cost.
 */

const MS_PER_HOUR = 3_600_000;

interface ItemCost {
	total?: number | null;
	cachedInput?: number | null;
	pricing?: { model?: string; tier?: ServiceTier; longContext?: boolean };
}

/** The item's cost with its cached tokens billed as input instead. Null when a price is unknown. */
export function uncachedTotal(cost: ItemCost, cachedTokens: number, table: PriceTable, at: Date): number | null {
	if (typeof cost.total !== 'number' || typeof cost.cachedInput !== 'number' || !cost.pricing?.model || !cost.pricing.tier) return null;
	const prices = resolveCallPrices(cost.pricing.model, undefined, table, at)?.prices;
	const card = cost.pricing.longContext ? prices?.longContext?.[cost.pricing.tier] : prices?.[cost.pricing.tier];
	if (card === undefined) return null;
	return picoToUsd(usdToPico(cost.total) - usdToPico(cost.cachedInput) + tokensCostPico(cachedTokens, card.input));
}

/** Creation and storage of the run's cache, for the time it existed. */
export function oneOffCost(report: SharedRunReport, model: string, table: PriceTable): IDataObject | undefined {
	const cache = report.cache;
	const tokens = cache ? cachedTokenCount(cache) : undefined;
	if (!cache || tokens === undefined || !report.createdAt) return undefined;
	const ended = report.endedAt ?? new Date();
	const hours = Math.max(0, ended.getTime() - report.createdAt.getTime()) / MS_PER_HOUR;
	const economics = cacheEconomics({ model, cachedTokens: tokens, hours, at: report.createdAt, table });
	return { creation: economics.creationUsd, storage: economics.storageUsd, storageHours: hours, total: economics.fixedUsd };
}

function addUsd(a: number | null | undefined, b: number | null | undefined): number | null {
	return typeof a === 'number' && typeof b === 'number' ? picoToUsd(usdToPico(a) + usdToPico(b)) : null;
}

export function annotateSharedContext(items: INodeExecutionData[], report: SharedRunReport, model: string, table: PriceTable, at: Date = new Date()): void {
	const oneOff = oneOffCost(report, model, table);
	let first = true;
	for (const item of items) {
		const json = item.json;
		const cost = json.cost as (ItemCost & IDataObject) | undefined;
		if (!cost || json.error !== undefined) continue;
		const cachedTokens = Number((json.usage as IDataObject | undefined)?.cachedTokens ?? 0);
		const caching: IDataObject = {
			source: 'sharedContext',
			cache: report.cache?.name ?? null,
			cached: report.cache !== undefined,
			sharedTokens: report.decision.tokens,
			cachedTokens,
			cacheReadCost: cost.cachedInput ?? null,
			uncachedTotal: report.cache ? uncachedTotal(cost, cachedTokens, table, at) : cost.total ?? null,
			deleted: report.deleted,
			note: report.decision.reason,
		};
		if (first && oneOff) {
			caching.runOneOff = oneOff;
			caching.callTotal = cost.total ?? null;
			cost.sharedContextOneOff = oneOff.total as number | null;
			cost.total = addUsd(cost.total, oneOff.total as number | null);
		}
		first = false;
		const warnings = [...((json.warnings as string[] | undefined) ?? []), ...report.warnings];
		if (report.createNote) warnings.push(report.createNote);
		json.caching = caching;
		json.warnings = warnings;
	}
}

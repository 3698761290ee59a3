import type { IDataObject } from 'n8n-workflow';

import { addCosts, addTokenCounts, computeCost, publicUsage, usageFromMetadata, type Cost, type PriceOverride, type PriceTable, type ServiceTier, type TokenCounts } from '../pricing';
import { usdDecimalText } from '../pricing/money';
import type { MappedResponse } from '../response/mapGenerateResponse';
import type { UsageMetadata } from '../response/schemas';
import type { ToolUse } from '../response/toolUse';

/** Usage and cost for one billed call: the one meter every node uses. */
export interface Metered {
	usage: TokenCounts;
	cost: Cost;
	/** What the item should say about how the cost was (not) known. */
	warnings?: string[];
}

export const MISSING_USAGE_WARNING =
	'Gemini reported no usage (usageMetadata) for this answer, so its cost is unknown (null), not 0. Check the Base URL and any proxy in between; Google itself always reports usage.';

/** Whether the answer says what it used: an object with at least one token count. */
function reportsUsage(usageMetadata: unknown): boolean {
	if (!usageMetadata || typeof usageMetadata !== 'object') return false;
	const meta = usageMetadata as Record<string, unknown>;
	return ['promptTokenCount', 'candidatesTokenCount', 'totalTokenCount'].some((key) => meta[key] !== undefined);
}

/** The cost of an answer whose usage is unknown: null amounts, `known: false` (never 0). */
function unknownCostOf(cost: Cost): Cost {
	const pricing = { ...cost.pricing, known: false };
	delete pricing.overridden;
	return { currency: 'USD', input: null, cachedInput: null, output: null, tools: null, total: null, pricing };
}

export function meterUsage(input: {
	model: string;
	servedTier: ServiceTier;
	usageMetadata: UsageMetadata | undefined;
	priceOverride?: PriceOverride;
	/** The execution's price table; default the built-in one. */
	prices?: PriceTable;
	/** When the answer arrived: the prices in force then. */
	at?: Date;
	/** The answer's `modelVersion`, for aliases and ids newer than the table. */
	modelVersion?: string;
	toolUse?: ToolUse;
	/** Vertex AI Provisioned Throughput served the call (computeCost). */
	provisioned?: boolean;
}): Metered {
	const usage = usageFromMetadata(input.usageMetadata ?? {});
	const cost = computeCost({
		model: input.model,
		tier: input.servedTier,
		usage,
		override: input.priceOverride,
		table: input.prices,
		at: input.at,
		modelVersion: input.modelVersion,
		toolUse: input.toolUse,
		provisioned: input.provisioned,
	});
	if (reportsUsage(input.usageMetadata)) return { usage, cost };
	return { usage, cost: unknownCostOf(cost), warnings: [MISSING_USAGE_WARNING] };
}

/** Several billed calls for one item: usage and cost are the sums. */
export function sumMetered(calls: Metered[]): Metered {
	return calls.reduce((total, call) => ({
		usage: addTokenCounts(total.usage, call.usage),
		cost: addCosts(total.cost, call.cost),
		warnings: uniqueWarnings([...(total.warnings ?? []), ...(call.warnings ?? [])]),
	}));
}

/**
 * The cost as items show it: the contract's numeric fields, plus `totalDecimal`, the total as plain
 * decimal text ("0.0000009" where JSON shows 9e-7), null when the total is unknown.
 */
export function publicCost(cost: Cost): IDataObject {
	const { pricing, ...amounts } = cost;
	return { ...amounts, totalDecimal: cost.total === null ? null : usdDecimalText(cost.total), pricing } as unknown as IDataObject;
}

function uniqueWarnings(warnings: string[]): string[] {
	return [...new Set(warnings)];
}

export interface OutputItemInput {
	model: string;
	response: MappedResponse;
	requestedTier: ServiceTier;
	servedTier: ServiceTier;
	metered: Metered;
	latencyMs: number;
	warnings: string[];
	raw?: unknown;
	/** Node-specific fields (Extract's data, Stream's chunks), placed after `text`. */
	extra?: IDataObject;
	/** Extract puts its object in `data` instead of `text`. */
	omitText?: boolean;
}

/** The output item every node gives (the package's public contract), in its field order. */
export function buildOutputItem(input: OutputItemInput): IDataObject {
	const { response } = input;
	const item: IDataObject = {
		...(input.omitText ? {} : { text: response.text }),
		...input.extra,
		finishReason: response.finishReason,
		model: input.model,
		modelVersion: response.modelVersion ?? null,
		responseId: response.responseId ?? null,
		serviceTier: { requested: input.requestedTier, served: input.servedTier },
		usage: publicUsage(input.metered.usage) as unknown as IDataObject,
		cost: publicCost(input.metered.cost),
		safety: response.safety as unknown as IDataObject,
		latencyMs: input.latencyMs,
		warnings: uniqueWarnings([...input.warnings, ...(response.warnings ?? []), ...(input.metered.warnings ?? [])]),
		// Function calls, grounding, code execution, media counts… only those the answer has.
		...(response.parts as IDataObject | undefined),
	};
	if (response.thoughts !== undefined) item.thoughts = response.thoughts;
	if (input.raw !== undefined) item.raw = input.raw as IDataObject;
	return item;
}

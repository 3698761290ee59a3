import { PRICE_TABLE } from './priceTable';
import type { ModelPrices, PriceTable } from './types';

const MODELS_PREFIX = 'models/';
const TUNED_MODELS_PREFIX = 'tunedModels/';

/**
 * Version suffixes that name a snapshot of the same model at the same price. Only these are
 * stripped: never a model-family word ('-lite', '-pro') and never a bare '-preview', so a
 * preview or a lighter model is not billed as its GA or bigger sibling unless the table lists
 * it as an alias. '-preview-MM-DD' (the 2025 spring previews, priced differently from GA) is
 * deliberately not stripped.
 */
const VERSION_SUFFIXES: readonly RegExp[] = [
	/-\d{3}$/, // -001, -002
	/-latest$/,
	/-preview-\d{2}-\d{4}$/, // -preview-09-2025
	/-exp-\d{2}-\d{2}$/, // -exp-03-25
	/-exp-\d{4}$/, // -exp-0827, -exp-1206
];

/** The id as the API names it, without the 'models/' resource prefix. */
export function normalizeModelId(modelId: string): string {
	const id = modelId.trim();
	return id.startsWith(MODELS_PREFIX) ? id.slice(MODELS_PREFIX.length) : id;
}

/** Whether a row is in force at `at`: from ≤ at < until (UTC; a bare date is its midnight). */
export function inForce(row: ModelPrices, at: Date): boolean {
	const time = at.getTime();
	if (row.from !== undefined && time < Date.parse(row.from)) return false;
	if (row.until !== undefined && time >= Date.parse(row.until)) return false;
	return true;
}

function findExact(id: string, table: PriceTable, at: Date): ModelPrices | undefined {
	return table.models.find((model) => (model.id === id || (model.aliases ?? []).includes(id)) && inForce(model, at));
}

function stripVersionSuffix(id: string, suffixes: readonly RegExp[] = VERSION_SUFFIXES): string | undefined {
	for (const suffix of suffixes) {
		if (suffix.test(id)) return id.replace(suffix, '');
	}
	return undefined;
}

/** A snapshot suffix names the same model; '-latest' is an alias that moves, handled apart. */
const SNAPSHOT_SUFFIXES = VERSION_SUFFIXES.filter((suffix) => !suffix.test('-latest'));

/** The row for an id as written, else for its snapshot's base id. */
function lookup(id: string, table: PriceTable, at: Date, suffixes: readonly RegExp[]): ModelPrices | undefined {
	if (id === '' || id.startsWith(TUNED_MODELS_PREFIX)) return undefined;
	const exact = findExact(id, table, at);
	if (exact) return exact;
	const base = stripVersionSuffix(id, suffixes);
	return base === undefined ? undefined : findExact(base, table, at);
}

/**
 * The table row that prices `modelId` at `at` (default now), or undefined when the table does
 * not know it. Tuned models are billed under terms the table does not hold, so they are always
 * unknown: an unknown model gets a null cost, never a guess.
 */
export function resolvePricedModel(
	modelId: string,
	table: PriceTable = PRICE_TABLE,
	at: Date = new Date(),
): ModelPrices | undefined {
	return lookup(normalizeModelId(modelId), table, at, VERSION_SUFFIXES);
}

export interface ResolvedPrices {
	prices: ModelPrices;
	/** Which id found the row: the one requested, or the response's `modelVersion`. */
	resolvedFrom: 'model' | 'modelVersion';
}

/**
 * The row for a call: the requested id (or its snapshot's base), else the `modelVersion` the
 * response names (an alias such as `gemini-flash-lite-latest` or an id newer than the table),
 * else, for a `-latest` alias, the id without it.
 */
export function resolveCallPrices(
	model: string,
	modelVersion: string | undefined,
	table: PriceTable = PRICE_TABLE,
	at: Date = new Date(),
): ResolvedPrices | undefined {
	const id = normalizeModelId(model);
	const requested = lookup(id, table, at, SNAPSHOT_SUFFIXES);
	if (requested) return { prices: requested, resolvedFrom: 'model' };
	const version = modelVersion ? lookup(normalizeModelId(modelVersion), table, at, SNAPSHOT_SUFFIXES) : undefined;
	if (version && !id.startsWith(TUNED_MODELS_PREFIX)) return { prices: version, resolvedFrom: 'modelVersion' };
	const latest = lookup(id, table, at, VERSION_SUFFIXES);
	return latest ? { prices: latest, resolvedFrom: 'model' } : undefined;
}

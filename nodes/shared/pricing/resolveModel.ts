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

function findExact(id: string, table: PriceTable): ModelPrices | undefined {
	return table.models.find((model) => model.id === id || (model.aliases ?? []).includes(id));
}

function stripVersionSuffix(id: string): string | undefined {
	for (const suffix of VERSION_SUFFIXES) {
		if (suffix.test(id)) return id.replace(suffix, '');
	}
	return undefined;
}

/**
 * The table row that prices `modelId`, or undefined when the table does not know it.
 * Tuned models are billed under terms the table does not hold, so they are always unknown:
 * an unknown model gets a null cost, never a guess.
 */
export function resolvePricedModel(
	modelId: string,
	table: PriceTable = PRICE_TABLE,
): ModelPrices | undefined {
	const id = normalizeModelId(modelId);
	if (id === '' || id.startsWith(TUNED_MODELS_PREFIX)) return undefined;
	const exact = findExact(id, table);
	if (exact) return exact;
	const base = stripVersionSuffix(id);
	return base === undefined ? undefined : findExact(base, table);
}

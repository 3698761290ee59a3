import { priceTableSchema } from './tableSchema';
import type { ModelPrices, PriceTable } from './types';

/**
 * A user's price table (GEMINI_METER_PRICE_TABLE file, or the credentials' "Price Table (JSON)"):
 * validated against the documented format and merged over the built-in rows.
 */

/** A price table that cannot be used, naming where it came from and the bad JSON path. */
export class PriceTableError extends Error {
	constructor(
		readonly origin: string,
		readonly jsonPath: string,
		detail: string,
	) {
		super(`${origin} is not a valid price table at ${jsonPath}: ${detail}`);
		this.name = 'PriceTableError';
	}
}

/** `models[2].standard.input` from a validation path. */
export function jsonPath(path: readonly PropertyKey[]): string {
	let text = '$';
	for (const key of path) text += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
	return text;
}

function period(row: ModelPrices): [number, number] {
	return [row.from ? Date.parse(row.from) : -Infinity, row.until ? Date.parse(row.until) : Infinity];
}

/** Rows of one table must not claim the same id for overlapping periods. */
function checkPeriods(models: readonly ModelPrices[], origin: string): void {
	models.forEach((row, index) => {
		const [from, until] = period(row);
		if (from >= until) throw new PriceTableError(origin, jsonPath(['models', index, 'until']), `must be later than from (${row.from})`);
		const ids = [row.id, ...(row.aliases ?? [])];
		models.slice(0, index).forEach((other, earlier) => {
			const [otherFrom, otherUntil] = period(other);
			const shared = [other.id, ...(other.aliases ?? [])].some((id) => ids.includes(id));
			if (shared && from < otherUntil && otherFrom < until) {
				throw new PriceTableError(origin, jsonPath(['models', index]), `prices the same model as models[${earlier}] over an overlapping period`);
			}
		});
	});
}

/** Parses and validates a table from JSON text; `origin` names the file or the credential field. */
export function parsePriceTable(text: string, origin: string): PriceTable {
	let json: unknown;
	let syntaxError: string | undefined;
	try {
		json = JSON.parse(text);
	} catch (error) {
		syntaxError = error instanceof Error ? error.message : String(error);
	}
	if (syntaxError !== undefined) throw new PriceTableError(origin, '$', `not valid JSON (${syntaxError})`);
	return validatePriceTable(json, origin);
}

export function validatePriceTable(json: unknown, origin: string): PriceTable {
	const parsed = priceTableSchema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new PriceTableError(origin, jsonPath(issue.path), issue.message);
	}
	const table = { ...parsed.data };
	delete table.$schema;
	const result: PriceTable = { ...table, source: table.source ?? origin };
	checkPeriods(result.models, origin);
	return result;
}

function samePeriod(a: ModelPrices, b: ModelPrices): boolean {
	return a.id === b.id && (a.from ?? null) === (b.from ?? null) && (a.until ?? null) === (b.until ?? null);
}

/**
 * `user` over `base`: a user row with the same id and period replaces the base row; other user
 * rows are added and, being looked up first, win where they overlap a base row. The version
 * says both: "2026-11-29+user:acme-2026-12".
 */
export function mergePriceTables(base: PriceTable, user: PriceTable): PriceTable {
	const kept = base.models.filter((row) => !user.models.some((own) => samePeriod(own, row)));
	return {
		...base,
		version: `${base.version}+user:${user.version}`,
		fees: { ...base.fees, ...user.fees },
		models: [...user.models, ...kept],
	};
}

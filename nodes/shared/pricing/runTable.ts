import { readFileSync, statSync } from 'node:fs';

import { PRICE_TABLE } from './priceTable';
import type { PriceTable } from './types';
import { mergePriceTables, parsePriceTable, PriceTableError, validatePriceTable } from './userTable';

/**
 * The price table of one execution: the built-in rows, then the self-hosted instance's file
 * (GEMINI_METER_PRICE_TABLE), then the credentials' own table, each merged over the last.
 */
export const PRICE_TABLE_ENV = 'GEMINI_METER_PRICE_TABLE';
export const CREDENTIAL_FIELD_ORIGIN = 'The "Price Table (JSON)" field of the Gemini API credentials';

interface CachedFile {
	path: string;
	mtimeMs: number;
	size: number;
	table: PriceTable;
}

/** Read once per process, again when the file changes (mtime or size). */
let cachedFile: CachedFile | undefined;

function fileOrigin(path: string): string {
	return `The price table file ${path} (${PRICE_TABLE_ENV})`;
}

/** The table the environment variable names, or undefined when it is unset or empty. */
export function envPriceTable(env: NodeJS.ProcessEnv = process.env): PriceTable | undefined {
	const path = env[PRICE_TABLE_ENV]?.trim();
	if (!path) return undefined;
	let text = '';
	let stat = { mtimeMs: 0, size: 0 };
	let failure: string | undefined;
	try {
		stat = statSync(path);
		if (cachedFile && cachedFile.path === path && cachedFile.mtimeMs === stat.mtimeMs && cachedFile.size === stat.size) return cachedFile.table;
		text = readFileSync(path, 'utf8');
	} catch (error) {
		failure = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
	}
	if (failure !== undefined) throw new PriceTableError(fileOrigin(path), '$', `the file cannot be read (${failure})`);
	const table = parsePriceTable(text, fileOrigin(path));
	cachedFile = { path, mtimeMs: stat.mtimeMs, size: stat.size, table };
	return table;
}

/** The credentials' table: JSON text (or an object n8n already parsed); undefined when empty. */
export function credentialPriceTable(value: unknown): PriceTable | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value.trim() === '' ? undefined : parsePriceTable(value, CREDENTIAL_FIELD_ORIGIN);
	if (typeof value === 'object' && Object.keys(value).length === 0) return undefined;
	return validatePriceTable(value, CREDENTIAL_FIELD_ORIGIN);
}

export function priceTableForRun(credentialTable: unknown, env: NodeJS.ProcessEnv = process.env): PriceTable {
	let table = PRICE_TABLE;
	const fromFile = envPriceTable(env);
	if (fromFile) table = mergePriceTables(table, fromFile);
	const fromCredentials = credentialPriceTable(credentialTable);
	if (fromCredentials) table = mergePriceTables(table, fromCredentials);
	return table;
}

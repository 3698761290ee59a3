import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { computeCost } from '../../nodes/shared/pricing';
import { envPriceTable, priceTableForRun, PRICE_TABLE_ENV } from '../../nodes/shared/pricing/runTable';
import { priceTableJsonSchema } from '../../nodes/shared/pricing/tableSchema';
import { mergePriceTables, parsePriceTable, PriceTableError } from '../../nodes/shared/pricing/userTable';
import { tokens } from './tokens';

const AT = new Date('2026-11-29T12:00:00Z');
const usage = tokens({ promptTokens: 1_000_000, outputTokens: 1_000_000 });

const userTable = {
	version: 'acme-1',
	currency: 'USD',
	unit: 'per 1M tokens',
	models: [
		{ id: 'acme-gemini-5', source: 'our contract', standard: { input: 1, output: 2 } },
		{ id: 'gemini-2.5-flash', standard: { input: 0.2, output: 2 } },
	],
};

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'price-table-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTable(name: string, content: unknown): string {
	const path = join(dir, name);
	writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
	return path;
}

function errorOf(fn: () => unknown): PriceTableError {
	try {
		fn();
	} catch (error) {
		if (error instanceof PriceTableError) return error;
		throw error;
	}
	throw new Error('no error thrown');
}

describe('a user price table file (GEMINI_METER_PRICE_TABLE)', () => {
	it('adds a model and changes a price; the version names both tables', () => {
		const env = { [PRICE_TABLE_ENV]: writeTable('prices.json', userTable) };
		const table = priceTableForRun(undefined, env);
		expect(table.version).toBe('2026-11-29+user:acme-1');

		const added = computeCost({ model: 'acme-gemini-5', tier: 'standard', usage, table, at: AT });
		expect([added.total, added.pricing.table, added.pricing.known]).toEqual([3, '2026-11-29+user:acme-1', true]);
		const changed = computeCost({ model: 'gemini-2.5-flash', tier: 'standard', usage, table, at: AT });
		expect(changed.input).toBe(0.2);
		// Rows the user did not touch keep the built-in prices.
		expect(computeCost({ model: 'gemini-3.8-flash', tier: 'standard', usage, table, at: AT }).total).toBe(4.5);
	});

	it.each([
		['a wrong type', { ...userTable, models: [{ id: 'x', standard: { input: 'one' } }] }, '$.models[0].standard.input'],
		['a misspelt rate', { ...userTable, models: [{ id: 'x', standard: { input: 1, ouput: 2 } }] }, '$.models[0].standard'],
		['a negative price', { ...userTable, models: [{ id: 'x', standard: { input: 1 } }, { id: 'y', flex: { input: -1 } }] }, '$.models[1].flex.input'],
		['a bad date', { ...userTable, models: [{ id: 'x', from: '1 Jan 2027', standard: { input: 1 } }] }, '$.models[0].from'],
		['a wrong currency', { ...userTable, currency: 'EUR' }, '$.currency'],
		['no version', { ...userTable, version: undefined }, '$.version'],
		['until before from', { ...userTable, models: [{ id: 'x', from: '2027-01-01', until: '2026-01-01', standard: { input: 1 } }] }, '$.models[0].until'],
		['two rows in force at once', { ...userTable, models: [{ id: 'x', standard: { input: 1 } }, { id: 'x', from: '2027-01-01', standard: { input: 2 } }] }, '$.models[1]'],
	])('%s: one error naming the file and the JSON path', (_label, content, path) => {
		const file = writeTable('bad.json', content);
		const error = errorOf(() => priceTableForRun(undefined, { [PRICE_TABLE_ENV]: file }));
		expect(error.jsonPath).toBe(path);
		expect(error.message).toContain(file);
		expect(error.message).toContain(`at ${path}:`);
	});

	it('a file that is not JSON names the file', () => {
		const file = writeTable('broken.json', '{ "version": ');
		expect(errorOf(() => envPriceTable({ [PRICE_TABLE_ENV]: file })).message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*not valid JSON`));
	});

	it('a missing file names the file', () => {
		const file = join(dir, 'absent.json');
		expect(errorOf(() => envPriceTable({ [PRICE_TABLE_ENV]: file })).message).toContain(`${file} (GEMINI_METER_PRICE_TABLE)`);
	});

	it('is read again only when the file changes', () => {
		const file = writeTable('prices.json', userTable);
		const env = { [PRICE_TABLE_ENV]: file };
		const first = envPriceTable(env);
		expect(envPriceTable(env)).toBe(first);
		writeFileSync(file, JSON.stringify({ ...userTable, version: 'acme-2' }));
		const later = new Date(Date.now() + 5000);
		utimesSync(file, later, later);
		expect(envPriceTable(env)?.version).toBe('acme-2');
	});

	it('unset or empty: the built-in table', () => {
		expect(priceTableForRun(undefined, {}).version).toBe('2026-11-29');
		expect(priceTableForRun('', { [PRICE_TABLE_ENV]: '  ' }).version).toBe('2026-11-29');
	});
});

describe('a user price table in the credentials', () => {
	it('is merged after the file: both versions show', () => {
		const env = { [PRICE_TABLE_ENV]: writeTable('prices.json', userTable) };
		const credential = JSON.stringify({ ...userTable, version: 'cred-7', models: [{ id: 'acme-gemini-5', standard: { input: 5, output: 5 } }] });
		const table = priceTableForRun(credential, env);
		expect(table.version).toBe('2026-11-29+user:acme-1+user:cred-7');
		expect(computeCost({ model: 'acme-gemini-5', tier: 'standard', usage, table, at: AT }).total).toBe(10);
	});

	it('a bad field names the credential field and the path', () => {
		const error = errorOf(() => priceTableForRun(JSON.stringify({ ...userTable, models: [{ id: '' }] }), {}));
		expect(error.message).toContain('"Price Table (JSON)" field of the Gemini API credentials');
		expect(error.jsonPath).toBe('$.models[0].id');
	});
});

describe('merging', () => {
	it('a row with the same id and period replaces, a dated row is added and wins in its period', () => {
		const user = parsePriceTable(
			JSON.stringify({ ...userTable, models: [{ id: 'gemini-3.8-flash', until: '2027-01-01', standard: { input: 0.5, output: 3 } }, { id: 'gemini-2.5-pro', from: '2026-12-01', standard: { input: 1, output: 8 } }] }),
			'test',
		);
		const merged = mergePriceTables(priceTableForRun(undefined, {}), user);
		expect(computeCost({ model: 'gemini-3.8-flash', tier: 'standard', usage, table: merged, at: AT }).total).toBe(3.5);
		expect(computeCost({ model: 'gemini-3.8-flash', tier: 'standard', usage, table: merged, at: new Date('2027-02-01') }).total).toBe(9);
		const short = tokens({ promptTokens: 100_000, outputTokens: 100_000 });
		// Built-in before 2026-12-01: 100k × 1.25 + 100k × 10 = $1.125; the user's row after: 100k × 1 + 100k × 8 = $0.90.
		expect(computeCost({ model: 'gemini-2.5-pro', tier: 'standard', usage: short, table: merged, at: AT }).total).toBe(1.125);
		expect(computeCost({ model: 'gemini-2.5-pro', tier: 'standard', usage: short, table: merged, at: new Date('2026-12-02') }).total).toBe(0.9);
	});
});

describe('docs/price-table.schema.json', () => {
	it('is the JSON Schema generated from the zod schema (npm run prices -- --schema)', () => {
		const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'price-table.schema.json'), 'utf8'));
		expect(file).toEqual(priceTableJsonSchema());
	});
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PRICE_TABLE } from '../../nodes/shared/pricing';
import { priceListMarkdown, priceListText, README_END, README_START, withPriceSection } from '../../scripts/priceList';

describe('npm run prices', () => {
	const text = priceListText(PRICE_TABLE);

	it('lists each row with its tiers, rates, dates and source', () => {
		expect(text).toContain('Price table 2026-11-29');
		expect(text).toContain('gemini-3.8-flash: until 2027-01-01\n  standard input 0.75, cache read 0.075, output 3.75');
		expect(text).toContain('gemini-3.8-flash: from 2027-01-01');
		expect(text).toContain('  priority input 1.35, output 6.75');
		expect(text).toContain('cache storage 0.5 per 1M tokens per hour');
		expect(text).toContain('googleSearch $0.035 per prompt');
		expect(text).toContain('$0.08 per song');
		expect(text).toContain('fileSearchIndexing: $0.15 per 1M tokens');
		for (const row of PRICE_TABLE.models) expect(text).toContain(`(captured ${row.captured})`);
	});
});

describe('README "Prices" section', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

	it('is generated from the table (run npm run prices -- --readme after changing prices)', () => {
		expect(withPriceSection(readme, PRICE_TABLE)).toBe(readme);
	});

	it('has one line per row', () => {
		const section = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END));
		expect(section.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(PRICE_TABLE.models.length);
		expect(priceListMarkdown(PRICE_TABLE)).toContain('| `gemini-4-argon` | from 2026-12-01 | input 4, cache read 0.2, output 20 |');
	});
});

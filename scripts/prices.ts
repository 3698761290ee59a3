/**
 * npm run prices                 print the built-in table (model, tier, each rate, source, dates)
 * npm run prices -- --readme     rewrite README.md's generated "Prices" table
 * npm run prices -- --schema     rewrite docs/price-table.schema.json from the zod schema
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PRICE_TABLE } from '../nodes/shared/pricing';
import { priceTableJsonSchema } from '../nodes/shared/pricing/tableSchema';
import { priceListText, withPriceSection } from './priceList';

const root = join(__dirname, '..');
const args = process.argv.slice(2);

if (args.includes('--readme')) {
	const path = join(root, 'README.md');
	writeFileSync(path, withPriceSection(readFileSync(path, 'utf8'), PRICE_TABLE));
	console.log(`Rewrote the price section of ${path}`);
} else if (args.includes('--schema')) {
	const path = join(root, 'docs', 'price-table.schema.json');
	writeFileSync(path, `${JSON.stringify(priceTableJsonSchema(), null, '\t')}\n`);
	console.log(`Wrote ${path}`);
} else {
	process.stdout.write(priceListText(PRICE_TABLE));
}

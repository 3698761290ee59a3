import { usdDecimalText } from '../pricing/money';
import type { CompareRow } from './compare';
import type { CostSummary, GroupSummary } from './summarize';

/**
 * Small tables a user can send by mail (HTML) or Slack (Markdown). Amounts are printed as plain
 * decimals exact to the picodollar ("0.0000009", never 9e-7).
 */
export type TableFormat = 'markdown' | 'html';

type Cell = string | number;

const usd = (value: number | null) => (value === null ? 'unknown' : `$${usdDecimalText(value)}`);

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderTable(header: Cell[], rows: Cell[][], format: TableFormat): string {
	if (format === 'html') {
		const line = (cells: Cell[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(String(c))}</${tag}>`).join('')}</tr>`;
		return `<table>\n${line(header, 'th')}\n${rows.map((row) => line(row, 'td')).join('\n')}\n</table>`;
	}
	const line = (cells: Cell[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function groupRows(kind: string, groups: Record<string, GroupSummary>): Cell[][] {
	return Object.entries(groups).map(([key, group]) => [`${kind}: ${key}`, group.items, group.tokens.totalTokens, usd(group.cost.total)]);
}

export function summaryTable(summary: CostSummary, format: TableFormat): string {
	const rows: Cell[][] = [
		['Total', summary.items, summary.tokens.totalTokens, usd(summary.cost.total)],
		...groupRows('Model', summary.byModel),
		...groupRows('Tier', summary.byTier),
		...groupRows('Node', summary.bySourceNode),
	];
	if (summary.unknownPricedItems) rows.push(['Items with unknown cost', summary.unknownPricedItems, '', '']);
	if (summary.itemsWithoutUsage) rows.push(['Items without usage', summary.itemsWithoutUsage, '', '']);
	if (summary.projection) {
		rows.push([`Projected per day (${summary.projection.runsPerDay} runs)`, '', '', usd(summary.projection.perDay)]);
		rows.push([`Projected per month (${summary.projection.daysPerMonth} days)`, '', '', usd(summary.projection.perMonth)]);
	}
	return renderTable(['', 'Items', 'Tokens', 'Cost (USD)'], rows, format);
}

export function compareTable(rows: CompareRow[], format: TableFormat): string {
	const ratio = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(2)}×`);
	const body = rows.map((row) => [`${row.model}${row.current ? ' (paid)' : ''}`, row.tier, usd(row.total), ratio(row.ratioToPaid)]);
	const table = renderTable(['Model (what-if)', 'Tier', 'Cost (USD)', 'vs paid'], body, format);
	const note = rows[0]?.note ?? '';
	return format === 'html' ? `${table}\n<p>${escapeHtml(note)}</p>` : `${table}\n\n_${note}_`;
}

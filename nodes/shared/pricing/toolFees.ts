import type { ToolUse } from '../response/toolUse';
import { usdToPico } from './money';
import type { ToolFee, ToolPrices } from './types';

/** One billed tool on a cost's `pricing`: how many units at which paid rate. */
export interface ToolFeeLine {
	tool: 'googleSearch' | 'googleMaps';
	/** Queries or grounded prompts billed; null when the answer does not say how many. */
	count: number | null;
	per: ToolFee['per'];
	usd: number;
}

export const TOOL_FEES_NOTE =
	"Tool use is priced at Google's paid rate: the free allowances (per month or per day, shared across calls) are not known to a single call.";

function line(tool: ToolFeeLine['tool'], fee: ToolFee, count: number | null): ToolFeeLine {
	return { tool, count, per: fee.per, usd: fee.usd };
}

/**
 * Tool fees of one answer in picodollars, with the lines that say what was billed. `pico` is
 * undefined (the cost is unknown) when a tool was used whose fee the row lacks, or whose count
 * the answer does not give: Maps per query (no count in the response), Search per query with
 * grounding but no query list.
 */
export function toolFeesPico(prices: ToolPrices | undefined, use: ToolUse | undefined): { pico: number | undefined; lines: ToolFeeLine[]; note: string } {
	const lines: ToolFeeLine[] = [];
	let pico: number | undefined = 0;
	const bill = (tool: ToolFeeLine['tool'], fee: ToolFee | undefined, count: number | null) => {
		if (!fee) {
			pico = undefined;
			return;
		}
		lines.push(line(tool, fee, count));
		if (count === null || pico === undefined) pico = undefined;
		else pico += count * usdToPico(fee.usd);
	};
	if (use && (use.searchGrounded || use.searchQueries > 0)) {
		const fee = prices?.googleSearch;
		const count = fee?.per === 'prompt' ? 1 : use.searchQueries > 0 ? use.searchQueries : null;
		bill('googleSearch', fee, count);
	}
	if (use?.mapsGrounded) {
		const fee = prices?.googleMaps;
		bill('googleMaps', fee, fee?.per === 'prompt' ? 1 : null);
	}
	return { pico, lines, note: TOOL_FEES_NOTE };
}

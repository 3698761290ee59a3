import {
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type ISupplyDataFunctions,
} from 'n8n-workflow';

import { priceTableForRun } from '../pricing/runTable';
import type { PriceTable } from '../pricing/types';
import { PriceTableError } from '../pricing/userTable';
import { GeminiClient } from './GeminiClient';

export const CREDENTIALS_TYPE = 'geminiApi';

interface GeminiCredentials {
	apiKey: string;
	baseUrl?: string;
	priceTable?: unknown;
}

/** A client for the node's "Gemini API" credentials (key + base URL). */
export async function clientFromCredentials(
	ctx: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | ISupplyDataFunctions,
): Promise<GeminiClient> {
	const credentials = await ctx.getCredentials<GeminiCredentials>(CREDENTIALS_TYPE);
	return new GeminiClient({ apiKey: credentials.apiKey, baseUrl: credentials.baseUrl });
}

/**
 * The client and the execution's price table (built-in, GEMINI_METER_PRICE_TABLE, the
 * credentials' own table). A bad table stops the execution with one error naming it and the path.
 */
export async function connectionFromCredentials(
	ctx: IExecuteFunctions | IPollFunctions | ISupplyDataFunctions,
): Promise<{ client: GeminiClient; prices: PriceTable }> {
	const credentials = await ctx.getCredentials<GeminiCredentials>(CREDENTIALS_TYPE);
	let prices: PriceTable;
	try {
		prices = priceTableForRun(credentials.priceTable);
	} catch (error) {
		const description = error instanceof PriceTableError ? 'Fix the price table (format: docs/price-table.schema.json) or remove it.' : undefined;
		throw new NodeOperationError(ctx.getNode(), error as Error, { description });
	}
	return { client: new GeminiClient({ apiKey: credentials.apiKey, baseUrl: credentials.baseUrl }), prices };
}

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
import { ServiceAccountKeyError } from './auth/serviceAccountKey';
import { GeminiClient } from './GeminiClient';
import { GeminiApiError } from './googleError';
import { apiKeyConnection, vertexConnection, type GeminiApiCredentialData, type VertexCredentialData } from './vertexConnection';

export const CREDENTIALS_TYPE = 'geminiApi';
export const VERTEX_CREDENTIALS_TYPE = 'geminiVertexAi';

export type GeminiCredentialType = typeof CREDENTIALS_TYPE | typeof VERTEX_CREDENTIALS_TYPE;

type CredentialContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | ISupplyDataFunctions;

/**
 * The credential the node's "Authentication" parameter names (nodes/shared/parameters/authentication.ts);
 * nodes saved before it existed use the Gemini API.
 */
export function credentialTypeOf(ctx: CredentialContext): GeminiCredentialType {
	return ctx.getNode().parameters?.authentication === VERTEX_CREDENTIALS_TYPE ? VERTEX_CREDENTIALS_TYPE : CREDENTIALS_TYPE;
}

async function resolveCredentials(ctx: CredentialContext): Promise<{ client: GeminiClient; priceTable: unknown }> {
	const type = credentialTypeOf(ctx);
	if (type === CREDENTIALS_TYPE) {
		const data = await ctx.getCredentials<GeminiApiCredentialData & Record<string, unknown>>(type);
		return { client: new GeminiClient(apiKeyConnection(data)), priceTable: data.priceTable };
	}
	const data = await ctx.getCredentials<VertexCredentialData & Record<string, unknown>>(type);
	try {
		return { client: new GeminiClient(vertexConnection(data)), priceTable: data.priceTable };
	} catch (error) {
		const known = error instanceof ServiceAccountKeyError || error instanceof GeminiApiError;
		throw new NodeOperationError(ctx.getNode(), known ? `Gemini on Vertex AI credential: ${error.message}` : (error as Error));
	}
}

/** A client for the node's credential (Gemini API key or Vertex AI). */
export async function clientFromCredentials(ctx: CredentialContext): Promise<GeminiClient> {
	return (await resolveCredentials(ctx)).client;
}

/**
 * The client and the execution's price table (built-in, GEMINI_METER_PRICE_TABLE, the
 * credentials' own table). A bad table stops the execution with one error naming it and the path.
 */
export async function connectionFromCredentials(
	ctx: IExecuteFunctions | IPollFunctions | ISupplyDataFunctions,
): Promise<{ client: GeminiClient; prices: PriceTable }> {
	const { client, priceTable } = await resolveCredentials(ctx);
	let prices: PriceTable;
	try {
		prices = priceTableForRun(priceTable);
	} catch (error) {
		const description = error instanceof PriceTableError ? 'Fix the price table (format: docs/price-table.schema.json) or remove it.' : undefined;
		throw new NodeOperationError(ctx.getNode(), error as Error, { description });
	}
	return { client, prices };
}

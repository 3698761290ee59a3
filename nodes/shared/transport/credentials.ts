import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions, ISupplyDataFunctions } from 'n8n-workflow';

import { GeminiClient } from './GeminiClient';

export const CREDENTIALS_TYPE = 'geminiApi';

/** A client for the node's "Gemini API" credentials (key + base URL). */
export async function clientFromCredentials(
	ctx: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | ISupplyDataFunctions,
): Promise<GeminiClient> {
	const credentials = await ctx.getCredentials<{ apiKey: string; baseUrl?: string }>(CREDENTIALS_TYPE);
	return new GeminiClient({ apiKey: credentials.apiKey, baseUrl: credentials.baseUrl });
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildOutputItem, meterUsage } from '../output/buildOutputItem';
import { readSettings } from '../parameters/readSettings';
import type { GeminiSettings } from '../parameters/settings';
import type { ServiceTier } from '../pricing';
import type { GenerateContentRequest } from '../request/buildGenerateRequest';
import { mapGenerateResponse, parseGenerateResponse, servedTier } from '../response/mapGenerateResponse';
import type { UsageMetadata } from '../response/schemas';
import type { GeminiClient, RetryEvent } from '../transport/GeminiClient';
import { callWithPolicies, type RunState } from './callGemini';
import { loadInlineParts } from './inlineParts';

/** Logs each retry through n8n's logger (never the key: errors are redacted at the source). */
export function retryLogger(ctx: IExecuteFunctions, itemIndex: number) {
	return ({ attempt, delayMs, error }: RetryEvent) =>
		ctx.logger.warn(
			`Gemini request for item ${itemIndex} failed (${error.httpStatus ?? error.networkCode ?? error.kind}: ${error.message}); retry ${attempt} in ${delayMs} ms`,
		);
}

/** Served tier plus the warnings a user should see about it. */
export function resolveServedTier(
	usageMetadata: UsageMetadata,
	headers: Record<string, string>,
	request: GenerateContentRequest,
): { tier: ServiceTier; warnings: string[] } {
	const sent: ServiceTier = request.serviceTier ?? 'standard';
	const served = servedTier(usageMetadata, headers, sent);
	const warnings: string[] = [];
	if (!served.reported && sent !== 'standard') {
		warnings.push(`Gemini did not report the tier it served; billed as the ${sent} tier that was requested.`);
	} else if (served.tier !== sent) {
		warnings.push(`Requested the ${sent} tier but Gemini served ${served.tier}; billed as ${served.tier}.`);
	}
	return { tier: served.tier, warnings };
}

/** Gemini Generate's work for one item: one generateContent call, one output item. */
export async function generateForItem(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
	itemIndex: number,
	signal: AbortSignal,
	settings: GeminiSettings = readSettings(ctx, itemIndex),
): Promise<IDataObject> {
	const inlineParts = await loadInlineParts(ctx, itemIndex, settings.binaryProperties);
	const started = performance.now();
	const outcome = await callWithPolicies({
		settings,
		inlineParts,
		state,
		baseCallSettings: { signal, onRetry: retryLogger(ctx, itemIndex) },
		call: async (request, callSettings) =>
			await client.json<unknown>('POST', `${settings.modelPath}:generateContent`, request, callSettings),
	});
	const latencyMs = Math.round(performance.now() - started);
	const response = mapGenerateResponse(parseGenerateResponse(outcome.result.body));
	const served = resolveServedTier(response.usageMetadata, outcome.result.headers, outcome.request);
	return buildOutputItem({
		model: settings.model,
		response,
		requestedTier: settings.serviceTier,
		servedTier: served.tier,
		metered: meterUsage({
			model: settings.model,
			servedTier: served.tier,
			usageMetadata: response.usageMetadata,
			priceOverride: settings.priceOverride,
		}),
		latencyMs,
		warnings: [...outcome.warnings, ...served.warnings],
		raw: settings.includeRawResponse ? outcome.result.body : undefined,
	});
}

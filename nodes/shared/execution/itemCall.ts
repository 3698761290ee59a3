/**
 * What every node does for one item around its call to Gemini: read the item's settings, send
 * under the shared policies, and turn the answer into the contract's output item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildOutputItem, meterUsage } from '../output/buildOutputItem';
import { readSettings } from '../parameters/readSettings';
import type { GeminiSettings } from '../parameters/settings';
import type { ServiceTier } from '../pricing';
import type { GenerateContentRequest } from '../request/buildGenerateRequest';
import { mapGenerateResponse, servedTier } from '../response/mapGenerateResponse';
import type { GenerateContentResponse, UsageMetadata } from '../response/schemas';
import type { CallSettings, RetryEvent } from '../transport/GeminiClient';
import { callWithPolicies, type PolicyOutcome, type RunState } from './callGemini';
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

export interface AnsweredCall {
	settings: GeminiSettings;
	response: GenerateContentResponse;
	/** The request finally sent (after any Flex fallback or penalty drop). */
	request: GenerateContentRequest;
	headers: Record<string, string>;
	warnings: string[];
	latencyMs: number;
	raw: unknown;
	extra?: IDataObject;
}

/** One answered call → the contract's output item: served tier, usage, cost, warnings. */
export function outputForCall(call: AnsweredCall): IDataObject {
	const { settings } = call;
	const response = mapGenerateResponse(call.response);
	const served = resolveServedTier(response.usageMetadata, call.headers, call.request);
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
		latencyMs: call.latencyMs,
		warnings: [...call.warnings, ...served.warnings],
		raw: settings.includeRawResponse ? call.raw : undefined,
		extra: call.extra,
	});
}

export interface ItemCall<T> extends PolicyOutcome<T> {
	settings: GeminiSettings;
	/** performance.now() before the first attempt, for latencyMs. */
	started: number;
}

/**
 * The start every node's item shares: read and validate its parameters, load its binary parts,
 * and make the call (`call` gets the request to send) under the shared request policies.
 */
export async function callForItem<T>(
	ctx: IExecuteFunctions,
	state: RunState,
	itemIndex: number,
	signal: AbortSignal,
	call: (settings: GeminiSettings, request: GenerateContentRequest, callSettings: CallSettings) => Promise<T>,
): Promise<ItemCall<T>> {
	const settings = readSettings(ctx, itemIndex);
	const inlineParts = await loadInlineParts(ctx, itemIndex, settings.binaryProperties);
	const started = performance.now();
	const outcome = await callWithPolicies({
		settings,
		inlineParts,
		state,
		baseCallSettings: { signal, onRetry: retryLogger(ctx, itemIndex) },
		call: async (request, callSettings) => await call(settings, request, callSettings),
	});
	return { ...outcome, settings, started };
}


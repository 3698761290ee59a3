/**
 * What every node does for one item around its call to Gemini: read the item's settings, send
 * under the shared policies, and turn the answer into the contract's output item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildOutputItem, meterUsage, sumMetered, type Metered } from '../output/buildOutputItem';
import { readSettings } from '../parameters/readSettings';
import type { GeminiSettings } from '../parameters/settings';
import type { PriceTable, ServiceTier } from '../pricing';
import { buildGenerateRequest, type BuildOptions, type GenerateContentRequest, type InlinePart } from '../request/buildGenerateRequest';
import { mapGenerateResponse, servedTier, type MappedResponse } from '../response/mapGenerateResponse';
import type { GenerateContentResponse, UsageMetadata } from '../response/schemas';
import { toolUseOf } from '../response/toolUse';
import type { CallSettings, GeminiClient, RetryEvent } from '../transport/GeminiClient';
import { callWithPolicies, type PolicyOutcome, type RunState } from './callGemini';
import { loadMediaParts, type MediaLoad } from './inlineParts';

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
): { tier: ServiceTier; provisioned: boolean; warnings: string[] } {
	const sent: ServiceTier = request.serviceTier ?? 'standard';
	const served = servedTier(usageMetadata, headers, sent);
	const warnings: string[] = [];
	if (served.provisioned) {
		warnings.push('Served from Provisioned Throughput (Vertex AI): the tokens are counted but cost 0 on top of the subscription.');
	} else if (!served.reported && sent !== 'standard') {
		warnings.push(`Gemini did not report the tier it served; billed as the ${sent} tier that was requested.`);
	} else if (served.tier !== sent) {
		warnings.push(`Requested the ${sent} tier but Gemini served ${served.tier}; billed as ${served.tier}.`);
	}
	return { tier: served.tier, provisioned: served.provisioned, warnings };
}

export interface AnsweredCall {
	settings: GeminiSettings;
	response: GenerateContentResponse;
	/** The execution's price table (RunState.prices). */
	prices: PriceTable;
	/** The request finally sent (after any Flex fallback or penalty drop). */
	request: GenerateContentRequest;
	headers: Record<string, string>;
	warnings: string[];
	latencyMs: number;
	raw: unknown;
	extra?: IDataObject;
	/** Earlier billed calls for the same item (repair attempts): usage and cost become the sums. */
	earlier?: Metered[];
	omitText?: boolean;
	/** The response already mapped (when its files were taken for binary data first). */
	mapped?: MappedResponse;
}

/**
 * Usage and cost of one answered call: at the tier Google served, the prices in force when the
 * answer arrived (now), the row its `modelVersion` names when the requested id is not priced,
 * and the billed tools the answer reports.
 */
export function meterCall(
	settings: GeminiSettings,
	response: GenerateContentResponse,
	headers: Record<string, string>,
	request: GenerateContentRequest,
	prices: PriceTable,
): Metered & { servedTier: ServiceTier; tierWarnings: string[] } {
	const usageMetadata = response.usageMetadata ?? {};
	const served = resolveServedTier(usageMetadata, headers, request);
	return {
		...meterUsage({
			model: settings.model,
			servedTier: served.tier,
			usageMetadata,
			priceOverride: settings.priceOverride,
			prices,
			at: new Date(),
			modelVersion: response.modelVersion,
			toolUse: toolUseOf(response),
			provisioned: served.provisioned,
		}),
		servedTier: served.tier,
		tierWarnings: served.warnings,
	};
}

/** One answered call → the contract's output item: served tier, usage, cost, warnings. */
export function outputForCall(call: AnsweredCall): IDataObject {
	const { settings } = call;
	const metered = meterCall(settings, call.response, call.headers, call.request, call.prices);
	const json = buildOutputItem({
		model: settings.model,
		response: call.mapped ?? mapGenerateResponse(call.response),
		requestedTier: settings.serviceTier,
		servedTier: metered.servedTier,
		metered: sumMetered([...(call.earlier ?? []), metered]),
		latencyMs: call.latencyMs,
		warnings: [...call.warnings, ...metered.tierWarnings],
		raw: settings.includeRawResponse ? call.raw : undefined,
		extra: call.extra,
		omitText: call.omitText,
	});
	const caching = cachingOf(json.usage as IDataObject | undefined, call.request.cachedContent);
	if (caching) json.caching = caching;
	return json;
}

/**
 * Where an item's cached tokens came from: a cache the request named, or Gemini's implicit
 * caching (https://ai.google.dev/gemini-api/docs/caching#implicit-caching), which discounts a
 * prompt prefix it has seen recently without any cache being created or billed.
 */
export function cachingOf(usage: IDataObject | undefined, cachedContent: string | undefined): IDataObject | undefined {
	const cachedTokens = Number(usage?.cachedTokens ?? 0);
	if (!(cachedTokens > 0)) return undefined;
	if (cachedContent) return { source: 'explicit', cache: cachedContent, cachedTokens };
	return {
		source: 'implicit',
		cachedTokens,
		note: 'Gemini\'s implicit caching discounted these tokens (a prompt prefix it had seen recently): no cache was created, none is billed. Put the content items share first in the prompt to get more of it.',
	};
}

/** An item's validated settings and binary parts, read once even when it is sent several times. */
export interface PreparedItem {
	settings: GeminiSettings;
	inlineParts: InlinePart[];
	/** Binaries that went through the Files API (uploaded or reused). */
	files: MediaLoad['files'];
}

/**
 * Reads the item's settings (unless already read) and media; with a client, binaries over the
 * inline limits are uploaded.
 */
export async function prepareItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	client?: GeminiClient,
	signal?: AbortSignal,
	settings: GeminiSettings = readSettings(ctx, itemIndex),
): Promise<PreparedItem> {
	const { parts, files } = await loadMediaParts(ctx, itemIndex, settings, client, signal);
	return { settings, inlineParts: parts, files };
}

export interface ItemCall<T> extends PolicyOutcome<T> {
	settings: GeminiSettings;
	/** performance.now() before the first attempt, for latencyMs. */
	started: number;
}

type CallFn<T> = (settings: GeminiSettings, request: GenerateContentRequest, callSettings: CallSettings) => Promise<T>;

/** Sends a prepared item (`call` gets the request to send) under the shared request policies. */
export async function callPrepared<T>(
	ctx: IExecuteFunctions,
	state: RunState,
	itemIndex: number,
	signal: AbortSignal,
	prepared: PreparedItem,
	call: CallFn<T>,
	buildOptions?: BuildOptions,
): Promise<ItemCall<T>> {
	const { settings, inlineParts } = prepared;
	const started = performance.now();
	const shared = state.sharedContext
		? await state.sharedContext.forItem(settings.model, settings.modelPath, buildGenerateRequest(settings, inlineParts, buildOptions))
		: undefined;
	const outcome = await callWithPolicies({
		settings,
		inlineParts,
		state,
		buildOptions: shared ? { ...buildOptions, shared: 'cacheName' in shared ? shared : { leadingParts: shared.leadingParts } } : buildOptions,
		baseCallSettings: { signal, onRetry: retryLogger(ctx, itemIndex) },
		call: async (request, callSettings) => await call(settings, request, callSettings),
	});
	if (shared && 'warning' in shared && shared.warning) outcome.warnings.push(shared.warning);
	return { ...outcome, settings, started };
}

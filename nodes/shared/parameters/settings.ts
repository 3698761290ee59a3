import type { IDataObject } from 'n8n-workflow';

import type { PriceOverride, RateOverride, ServiceTier } from '../pricing';
import { parseConversation, type Conversation } from '../request/messages';
import { BUILT_IN_TOOLS, type BuiltInTool, type ToolSettings } from '../request/tools';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from '../transport/retryPolicy';
import { parseBillingLabels } from './billingLabels';
import { parseMediaInputs, parseMediaOutputs, type MediaInputSettings, type MediaOutputOptions } from './mediaSettings';
import { REQUEST_OPTION_NAMES, SAFETY_CATEGORIES, SAFETY_THRESHOLDS } from './properties';

/**
 * Pure validation of a node's raw parameter values into the settings the request builder and
 * the transport use. Every refusal names the parameter, so users know what to fix.
 */

export type RequestTier = Exclude<ServiceTier, 'batch'>;
export type FlexOverload = 'retry' | 'fallbackToStandard' | 'fail';
export type PenaltyHandling = 'dropWithWarning' | 'fail';
export type ThinkingLevel = 'minimal' | 'low' | 'medium' | 'high';

export interface SafetySetting {
	category: string;
	threshold: string;
}

export interface GenerationOptions {
	temperature?: number;
	topP?: number;
	topK?: number;
	maxOutputTokens?: number;
	stopSequences?: string[];
	seed?: number;
	presencePenalty?: number;
	frequencyPenalty?: number;
	responseMimeType?: string;
	thinkingBudget?: number;
	thinkingLevel?: ThinkingLevel;
	includeThoughts?: boolean;
	/** generationConfig.responseLogprobs / logprobs (https://ai.google.dev/api/generate-content#GenerationConfig). */
	responseLogprobs?: boolean;
	logprobs?: number;
	/** Media Resolution, image size and aspect ratio, voices (request/mediaConfig.ts). */
	media?: MediaOutputOptions;
}

export interface GeminiSettings {
	/** Model id as users know it: no `models/` prefix. */
	model: string;
	/** Resource path for the API: `models/<id>` or `tunedModels/<id>`. */
	modelPath: string;
	prompt: string;
	serviceTier: ServiceTier;
	safetySettings: SafetySetting[];
	systemInstruction?: string;
	cachedContent?: string;
	binaryProperties: string[];
	/** How binaries are sent (inline or Files API) and File URLs. */
	media: MediaInputSettings;
	generation: GenerationOptions;
	timeoutMs: number;
	retry: RetrySettings;
	flexOverload: FlexOverload;
	penaltyHandling: PenaltyHandling;
	priceOverride?: PriceOverride;
	includeRawResponse: boolean;
	/** Built-in tools (Google Search, Code Execution, …); absent when none is chosen. */
	tools?: ToolSettings;
	/** Earlier turns of a conversation (Messages option), sent before the prompt. */
	messages?: Conversation;
	/** Model to try once more when this one fails the item (Fallback Model option). */
	fallbackModel?: string;
	/** Vertex AI billing labels (sent on Vertex only). */
	labels?: Record<string, string>;
}

export interface RawParameters {
	model: unknown;
	prompt: unknown;
	serviceTier: unknown;
	safetySettings: IDataObject;
	options: IDataObject;
	/** The Request Options collection; absent in workflows saved before it existed. */
	requestOptions?: IDataObject;
}

/** A parameter value that cannot be sent; `parameter` is the path in the node's JSON. */
export class InvalidParameterError extends Error {
	constructor(
		readonly parameter: string,
		message: string,
	) {
		super(message);
		this.name = 'InvalidParameterError';
	}
}

const STOP_SEQUENCE_LIMIT = 5; // generationConfig.stopSequences: at most 5 (https://ai.google.dev/api/generate-content)

function fail(parameter: string, label: string, problem: string, value: unknown): never {
	const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
	throw new InvalidParameterError(parameter, `${label} (${parameter}) ${problem}; got ${shown}`);
}

function optionalNumber(
	options: IDataObject,
	name: string,
	label: string,
	rule: { min?: number; max?: number; integer?: boolean },
	path = 'options',
): number | undefined {
	const value = options[name];
	// A blank text (e.g. an expression that resolved to ' ') is "not set", not Number(' ') === 0.
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	const parameter = `${path}.${name}`;
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) fail(parameter, label, 'must be a number', value);
	if (rule.integer && !Number.isInteger(number)) fail(parameter, label, 'must be a whole number', value);
	if (rule.min !== undefined && number < rule.min) {
		fail(parameter, label, rule.max !== undefined ? `must be between ${rule.min} and ${rule.max}` : `must be at least ${rule.min}`, value);
	}
	if (rule.max !== undefined && number > rule.max) {
		fail(parameter, label, rule.min !== undefined ? `must be between ${rule.min} and ${rule.max}` : `must be at most ${rule.max}`, value);
	}
	return number;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], parameter: string, label: string): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	return fail(parameter, label, `must be one of ${allowed.join(', ')}`, value);
}

function optionalString(options: IDataObject, name: string): string | undefined {
	const value = options[name];
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/** Accepts `gemini-2.5-flash`, `models/gemini-2.5-flash` and `tunedModels/x`. */
export function parseModel(value: unknown): { model: string; modelPath: string } {
	const raw = typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
	const id = typeof raw === 'string' ? raw.trim() : '';
	if (!id.replace(/^(models|tunedModels)\//, '')) fail('model', 'Model', 'must name a Gemini model, e.g. gemini-2.5-flash', raw ?? '');
	if (/\s/.test(id) || id.includes('?') || id.includes('#')) fail('model', 'Model', 'is not a valid model ID', id);
	if (id.startsWith('tunedModels/')) return { model: id, modelPath: id };
	const model = id.replace(/^models\//, '');
	return { model, modelPath: `models/${model}` };
}

export function parseSafetySettings(collection: IDataObject): SafetySetting[] {
	const settings: SafetySetting[] = [];
	for (const [key, threshold] of Object.entries(collection ?? {})) {
		const category = Object.hasOwn(SAFETY_CATEGORIES, key) ? SAFETY_CATEGORIES[key as keyof typeof SAFETY_CATEGORIES] : undefined;
		if (!category) {
			fail(`safetySettings.${key}`, 'Safety Settings', `has no category "${key}" (use ${Object.keys(SAFETY_CATEGORIES).join(', ')})`, key);
		}
		settings.push({
			category,
			threshold: oneOf(threshold, SAFETY_THRESHOLDS, `safetySettings.${key}`, 'Safety threshold'),
		});
	}
	return settings;
}

function parseStopSequences(options: IDataObject): string[] | undefined {
	const value = options.stopSequences;
	if (value === undefined || value === null || value === '') return undefined;
	const list = (Array.isArray(value) ? value.map(String) : String(value).split(','))
		.map((s) => s.trim())
		.filter((s) => s !== '');
	if (list.length > STOP_SEQUENCE_LIMIT) {
		fail('options.stopSequences', 'Stop Sequences', `allows at most ${STOP_SEQUENCE_LIMIT} sequences`, list.length);
	}
	return list.length ? list : undefined;
}

const PRICE_KEYS = ['input', 'output', 'cacheRead', 'audioInput'] as const;

/** One group of the Price Override (`prices`, `flexPrices`, …); 0 means "not given". */
function parseRates(override: IDataObject | undefined, group: string): RateOverride | undefined {
	const prices = override?.[group] as IDataObject | undefined;
	if (!prices) return undefined;
	const rates: RateOverride = {};
	for (const key of PRICE_KEYS) {
		const price = optionalNumber(prices, key, `Price Override ${key}`, { min: 0 }, `requestOptions.priceOverride.${group}`);
		// 0 means "keep the table price": a free model is not something users need to type.
		if (price) rates[key] = price;
	}
	return Object.keys(rates).length ? rates : undefined;
}

function parsePriceOverride(options: IDataObject): PriceOverride | undefined {
	const groups = options.priceOverride as IDataObject | undefined;
	const override: PriceOverride = { ...parseRates(groups, 'prices') };
	const tiers: PriceOverride['tiers'] = {};
	for (const tier of ['flex', 'batch', 'priority'] as const) {
		const rates = parseRates(groups, `${tier}Prices`);
		if (rates) tiers[tier] = rates;
	}
	if (Object.keys(tiers).length) override.tiers = tiers;
	return Object.keys(override).length ? override : undefined;
}

function parseGeneration(options: IDataObject): GenerationOptions {
	const generation: GenerationOptions = {
		temperature: optionalNumber(options, 'temperature', 'Temperature', { min: 0, max: 2 }),
		topP: optionalNumber(options, 'topP', 'Top P', { min: 0, max: 1 }),
		topK: optionalNumber(options, 'topK', 'Top K', { min: 1, integer: true }),
		maxOutputTokens: optionalNumber(options, 'maxOutputTokens', 'Max Output Tokens', { min: 1, integer: true }),
		stopSequences: parseStopSequences(options),
		seed: optionalNumber(options, 'seed', 'Seed', { integer: true }),
		presencePenalty: optionalNumber(options, 'presencePenalty', 'Presence Penalty', { min: -2, max: 2 }),
		frequencyPenalty: optionalNumber(options, 'frequencyPenalty', 'Frequency Penalty', { min: -2, max: 2 }),
		thinkingBudget: optionalNumber(options, 'thinkingBudget', 'Thinking Budget', { min: -1, integer: true }),
	};
	if (generation.thinkingBudget !== undefined && options.thinkingLevel !== undefined) {
		// Gemini 3 answers 400 when both are sent (https://ai.google.dev/gemini-api/docs/thinking).
		fail(
			'options.thinkingBudget',
			'Thinking Budget',
			'and Thinking Level (options.thinkingLevel) cannot be used together; remove one of them',
			{ thinkingBudget: generation.thinkingBudget, thinkingLevel: options.thinkingLevel },
		);
	}
	if (options.thinkingLevel !== undefined) {
		generation.thinkingLevel = oneOf<ThinkingLevel>(options.thinkingLevel, ['minimal', 'low', 'medium', 'high'], 'options.thinkingLevel', 'Thinking Level');
	}
	if (options.includeThoughts !== undefined) generation.includeThoughts = options.includeThoughts === true;
	if (options.includeLogprobs === true) {
		generation.responseLogprobs = true;
		const top = optionalNumber(options, 'topLogprobs', 'Top Logprobs', { min: 0, max: 20, integer: true });
		if (top) generation.logprobs = top;
	}
	if (options.responseMimeType !== undefined) {
		generation.responseMimeType = oneOf(options.responseMimeType, ['text/plain', 'application/json'], 'options.responseMimeType', 'Response MIME Type');
	}
	return generation;
}

/**
 * Request Options as the node should apply them: the collection's values, over any the workflow
 * still keeps under Options from before the collection existed.
 */
export function effectiveRequestOptions(options: IDataObject, requestOptions: IDataObject = {}): IDataObject {
	const legacy = Object.fromEntries(Object.entries(options).filter(([name]) => REQUEST_OPTION_NAMES.includes(name)));
	return { ...legacy, ...requestOptions };
}

function parseList(value: unknown): string[] {
	const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
	return list.map((s) => s.trim()).filter((s) => s !== '');
}

/** Built-in Tools and File Search Stores; undefined when no tool is chosen. */
export function parseTools(options: IDataObject): ToolSettings | undefined {
	const chosen = parseList(options.builtInTools);
	const stores = parseList(options.fileSearchStoreNames).map((name) => (name.startsWith('fileSearchStores/') ? name : `fileSearchStores/${name}`));
	for (const tool of chosen) oneOf(tool, BUILT_IN_TOOLS, 'options.builtInTools', 'Built-in Tools');
	if (chosen.includes('fileSearch') && !stores.length) {
		fail('options.fileSearchStoreNames', 'File Search Stores', 'is empty; File Search needs at least one store name (fileSearchStores/…)', '');
	}
	if (stores.length && !chosen.includes('fileSearch')) {
		fail('options.fileSearchStoreNames', 'File Search Stores', 'is set but File Search is not chosen in Built-in Tools (options.builtInTools)', stores.join(', '));
	}
	return chosen.length ? { builtInTools: chosen as BuiltInTool[], fileSearchStoreNames: stores } : undefined;
}

/** The Messages option: a list (or its JSON text) of earlier turns; undefined when not set. */
export function parseMessages(options: IDataObject): Conversation | undefined {
	const value = options.messages;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	try {
		return parseConversation(value);
	} catch (error) {
		const reason = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : (error as Error).message;
		return fail('options.messages', 'Messages', reason, typeof value === 'string' ? value.slice(0, 80) : '(a list)');
	}
}

/** The Fallback Model option (a model ID or a resource locator); absent when not set. */
function parseFallbackModel(options: IDataObject): { fallbackModel?: string } {
	const value = options.fallbackModel;
	const raw = typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
	if (raw === undefined || raw === null || String(raw).trim() === '') return {};
	try {
		return { fallbackModel: parseModel(raw).model };
	} catch {
		return fail('options.fallbackModel', 'Fallback Model', 'is not a valid model ID', raw);
	}
}

/** The Prompt parameter's value as text (an expression may resolve to a number, null, …). */
export function promptText(value: unknown): string {
	return typeof value === 'string' ? value : value == null ? '' : String(value);
}

export function parseSettings(raw: RawParameters, allowedTiers: readonly ServiceTier[]): GeminiSettings {
	const options = raw.options ?? {};
	const request = effectiveRequestOptions(options, raw.requestOptions);
	const { model, modelPath } = parseModel(raw.model);
	const prompt = promptText(raw.prompt);
	const binaryProperties = (optionalString(options, 'binaryProperties') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');
	const messages = parseMessages(options);
	const media = parseMediaInputs(options, request, fail);
	if (prompt.trim() === '' && binaryProperties.length === 0 && media.fileUrls.length === 0 && !messages?.turns.length) {
		fail('prompt', 'Prompt', 'is empty; write a prompt, send binary data (option Binary Properties) or earlier turns (option Messages)', prompt);
	}
	const systemInstruction = [optionalString(options, 'systemInstruction'), ...(messages?.system ?? [])].filter((text) => text).join('\n\n');
	const cached = optionalString(options, 'cachedContent');
	const maxRetries = optionalNumber(request, 'maxRetries', 'Max Retries', { min: 0, max: 10, integer: true }, 'requestOptions');
	const maxRetryWait = optionalNumber(request, 'maxRetryWaitSeconds', 'Max Retry Wait (Seconds)', { min: 0 }, 'requestOptions');
	const timeout = optionalNumber(request, 'timeoutSeconds', 'Timeout (Seconds)', { min: 1 }, 'requestOptions');
	const billing = parseBillingLabels(request);
	if (billing.problem) throw new InvalidParameterError('requestOptions.billingLabels', `Billing Labels (requestOptions.billingLabels) ${billing.problem}`);
	return {
		model,
		modelPath,
		prompt,
		serviceTier: oneOf(raw.serviceTier ?? 'standard', allowedTiers, 'serviceTier', 'Service Tier'),
		safetySettings: parseSafetySettings(raw.safetySettings),
		systemInstruction: systemInstruction === '' ? undefined : systemInstruction,
		cachedContent: cached && !cached.startsWith('cachedContents/') ? `cachedContents/${cached}` : cached,
		binaryProperties,
		media,
		generation: { ...parseGeneration(options), ...mediaOutputs(options) },
		timeoutMs: (timeout ?? 900) * 1000,
		retry: {
			...DEFAULT_RETRY_SETTINGS,
			maxRetries: maxRetries ?? DEFAULT_RETRY_SETTINGS.maxRetries,
			maxTotalWaitMs: maxRetryWait !== undefined ? maxRetryWait * 1000 : DEFAULT_RETRY_SETTINGS.maxTotalWaitMs,
		},
		flexOverload: oneOf(request.flexOverload ?? 'retry', ['retry', 'fallbackToStandard', 'fail'], 'requestOptions.flexOverload', 'Flex Overload'),
		penaltyHandling: oneOf(request.penaltyHandling ?? 'dropWithWarning', ['dropWithWarning', 'fail'], 'requestOptions.penaltyHandling', 'Penalty Handling'),
		priceOverride: parsePriceOverride(request),
		includeRawResponse: options.includeRawResponse === true,
		tools: parseTools(options),
		messages,
		...parseFallbackModel(options),
		...(billing.labels ? { labels: billing.labels } : {}),
	};
}

function mediaOutputs(options: IDataObject): Pick<GenerationOptions, 'media'> {
	const media = parseMediaOutputs(options, fail);
	return Object.keys(media).length ? { media } : {};
}

import type { GeminiSettings, GenerationOptions } from '../parameters/settings';
import type { FunctionDeclaration } from '../tools/declarations';
import { mediaGenerationConfig } from './mediaConfig';
import { builtInToolsWire } from './tools';

/** Settings → GenerateContentRequest JSON (https://ai.google.dev/api/generate-content). Pure: no I/O, no n8n. */

/** A binary sent with the prompt: inline (base64 `data`) or by reference (`fileUri`: Files API, URL, gs://). */
export type InlinePart = { mimeType: string; /** base64 */ data: string } | { mimeType?: string; fileUri: string };

function mediaPart(part: InlinePart): Record<string, unknown> {
	if ('fileUri' in part) return { fileData: { ...(part.mimeType && { mimeType: part.mimeType }), fileUri: part.fileUri } };
	return { inlineData: { mimeType: part.mimeType, data: part.data } };
}

export interface GenerateContentRequest {
	contents: Array<{ role: 'user' | 'model'; parts: Array<Record<string, unknown>> }>;
	systemInstruction?: { parts: Array<{ text: string }> };
	safetySettings?: Array<{ category: string; threshold: string }>;
	generationConfig?: Record<string, unknown>;
	cachedContent?: string;
	serviceTier?: 'flex' | 'priority' | 'standard';
	[extra: string]: unknown;
}

export interface BuildOptions {
	/** Tier to put on the wire; differs from settings when Flex falls back to Standard. */
	tier?: GeminiSettings['serviceTier'];
	/** Set after the model refused penalties and the user chose to drop them. */
	omitPenalties?: boolean;
	/** Extra generationConfig fields a node adds (e.g. Extract's response schema). */
	generationConfig?: Record<string, unknown>;
	/** Turns after the user's message (e.g. Extract's repair: the model's answer, then a correction). */
	followUp?: GenerateContentRequest['contents'];
	/** Functions of the n8n tools on Generate's Tools input. */
	functionDeclarations?: FunctionDeclaration[];
	/**
	 * Shared Context: the run's cache (which holds the system instruction and tools, so the request
	 * leaves them out), or the shared parts sent uncached as a first user turn.
	 */
	shared?: { cacheName: string } | { leadingParts: Array<Record<string, unknown>> };
}

function thinkingConfig(generation: GenerationOptions): Record<string, unknown> | undefined {
	const config: Record<string, unknown> = {};
	if (generation.thinkingBudget !== undefined) config.thinkingBudget = generation.thinkingBudget;
	// The API's ThinkingLevel enum is upper case (LOW, HIGH, …); workflow JSON keeps lower case.
	if (generation.thinkingLevel !== undefined) config.thinkingLevel = generation.thinkingLevel.toUpperCase();
	if (generation.includeThoughts) config.includeThoughts = true;
	return Object.keys(config).length ? config : undefined;
}

export function buildGenerationConfig(
	generation: GenerationOptions,
	omitPenalties = false,
): Record<string, unknown> | undefined {
	const config: Record<string, unknown> = {};
	const copy = ['temperature', 'topP', 'topK', 'maxOutputTokens', 'stopSequences', 'seed', 'responseMimeType', 'responseLogprobs', 'logprobs'] as const;
	for (const key of copy) {
		if (generation[key] !== undefined) config[key] = generation[key];
	}
	// Many models refuse any non-zero penalty (400 "Penalty is not enabled for this model"), and
	// 0 is the API's default anyway: send them only when they change something.
	if (!omitPenalties) {
		if (generation.presencePenalty) config.presencePenalty = generation.presencePenalty;
		if (generation.frequencyPenalty) config.frequencyPenalty = generation.frequencyPenalty;
	}
	const thinking = thinkingConfig(generation);
	if (thinking) config.thinkingConfig = thinking;
	Object.assign(config, mediaGenerationConfig(generation.media));
	return Object.keys(config).length ? config : undefined;
}

export function buildGenerateRequest(
	settings: GeminiSettings,
	inlineParts: InlinePart[] = [],
	options: BuildOptions = {},
): GenerateContentRequest {
	const parts: Array<Record<string, unknown>> = [];
	if (settings.prompt.trim() !== '') parts.push({ text: settings.prompt });
	for (const part of inlineParts) parts.push(mediaPart(part));

	// Earlier turns (Messages) first; the prompt is the last user turn, when there is one.
	const history = (settings.messages?.turns ?? []).map((turn) => ({ role: turn.role, parts: [{ text: turn.text }] }));
	const current = parts.length || !history.length ? [{ role: 'user' as const, parts }] : [];
	const request: GenerateContentRequest = { contents: [...history, ...current, ...(options.followUp ?? [])] };
	if (settings.systemInstruction) request.systemInstruction = { parts: [{ text: settings.systemInstruction }] };
	if (settings.safetySettings.length) request.safetySettings = settings.safetySettings;
	const generationConfig = {
		...buildGenerationConfig(settings.generation, options.omitPenalties),
		...options.generationConfig,
	};
	if (Object.keys(generationConfig).length) request.generationConfig = generationConfig;
	if (settings.cachedContent) request.cachedContent = settings.cachedContent;
	const tools = [
		...(options.functionDeclarations?.length ? [{ functionDeclarations: options.functionDeclarations }] : []),
		...(settings.tools ? (builtInToolsWire(settings.tools, settings.model) ?? []) : []),
	];
	if (tools.length) request.tools = tools;
	if (options.shared && 'cacheName' in options.shared) {
		// A request that reads a cache may not carry these: they are in the cache.
		request.cachedContent = options.shared.cacheName;
		delete request.systemInstruction;
		delete request.tools;
	} else if (options.shared) {
		request.contents = [{ role: 'user', parts: options.shared.leadingParts }, ...request.contents];
	}
	const tier = options.tier ?? settings.serviceTier;
	// Standard is the API's default: leaving it out also keeps gateways that do not know the field happy.
	if (tier === 'flex' || tier === 'priority') request.serviceTier = tier;
	return request;
}

/** Which non-zero penalties a request carries, for warnings and errors that name them. */
export function penaltiesIn(generation: GenerationOptions): string[] {
	const names: string[] = [];
	if (generation.presencePenalty) names.push(`Presence Penalty (${generation.presencePenalty})`);
	if (generation.frequencyPenalty) names.push(`Frequency Penalty (${generation.frequencyPenalty})`);
	return names;
}

/** Request validation with the real API's 400 INVALID_ARGUMENT answers. */
import type { ErrorReply } from './errors';
import { badField, invalidEnum, reply } from './errors';
import { checkMedia } from './mediaChecks';
import type { CatalogueModel } from './models';
import type { GenerateContentRequest, ServiceTier } from './types';
import { isRecord } from './types';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: ErrorReply };

const REQUEST_FIELDS = ['contents', 'model', 'systemInstruction', 'tools', 'toolConfig', 'safetySettings', 'generationConfig', 'cachedContent', 'serviceTier', 'store'];
const CONFIG_FIELDS = [
	'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema', '_responseJsonSchema', 'responseModalities',
	'candidateCount', 'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty',
	'responseLogprobs', 'logprobs', 'enableEnhancedCivicAnswers', 'speechConfig', 'thinkingConfig', 'imageConfig', 'mediaResolution',
];
const THINKING_FIELDS = ['includeThoughts', 'thinkingBudget', 'thinkingLevel'];
const CATEGORIES = ['HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_SEXUALLY_EXPLICIT', 'HARM_CATEGORY_DANGEROUS_CONTENT', 'HARM_CATEGORY_CIVIC_INTEGRITY'];
const THRESHOLDS = ['HARM_BLOCK_THRESHOLD_UNSPECIFIED', 'BLOCK_LOW_AND_ABOVE', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_ONLY_HIGH', 'BLOCK_NONE', 'OFF'];
const THINKING_LEVELS = ['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];
const TIERS: ServiceTier[] = ['flex', 'standard', 'priority'];
const TOOL_FIELDS = ['functionDeclarations', 'googleSearchRetrieval', 'codeExecution', 'googleSearch', 'urlContext', 'fileSearch', 'googleMaps', 'computerUse'];
const BUILT_IN_SEARCH = ['googleSearch', 'googleSearchRetrieval', 'googleMaps', 'urlContext', 'fileSearch'];

const fail = <T>(error: ErrorReply): Checked<T> => ({ ok: false, error });

function camel(key: string): string {
	return key.replace(/_([a-z])/g, (_match, char: string) => char.toUpperCase());
}

/** Like the proto JSON parser: unknown keys are refused (snake_case spellings are accepted). */
function unknownField(object: Record<string, unknown>, known: string[], at: string): ErrorReply | undefined {
	const key = Object.keys(object).find((name) => !known.includes(camel(name)));
	if (key === undefined) return undefined;
	const where = at === '' ? '' : ` at '${at}'`;
	return badField(at, `Invalid JSON payload received. Unknown name "${key}"${where}: Cannot find field.`);
}

function outOfRange(name: string, value: number, max: number): ErrorReply {
	return reply(
		400,
		`Unable to submit request because it has a ${name} value of ${value} but the supported range is from 0 (inclusive) to ${max}.0001 (exclusive). Update the value and try again.`,
	);
}

function checkNumber(config: Record<string, unknown>, key: string, field: string): ErrorReply | undefined {
	const value = config[key];
	if (value === undefined || typeof value === 'number') return undefined;
	return badField(`generation_config.${field}`, `Invalid value at 'generation_config.${field}' (TYPE_FLOAT), ${JSON.stringify(value)}`);
}

/** Shape checks shared by generateContent and countTokens: fields, contents, roles. */
export function checkShape(body: unknown, prefix = ''): Checked<GenerateContentRequest> {
	if (!isRecord(body)) return fail(badField('', 'Invalid JSON payload received. Expected an object.'));
	const unknown = unknownField(body, REQUEST_FIELDS, prefix);
	if (unknown) return fail(unknown);
	const contents = body.contents;
	if (!Array.isArray(contents) || contents.length === 0) {
		return fail(reply(400, '* GenerateContentRequest.contents: contents is not specified\n'));
	}
	for (const [index, content] of contents.entries()) {
		if (!isRecord(content) || !Array.isArray(content.parts) || content.parts.length === 0) {
			return fail(reply(400, `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.\n`));
		}
		if (content.role !== undefined && content.role !== '' && content.role !== 'user' && content.role !== 'model') {
			return fail(reply(400, 'Please use a valid role: user, model.'));
		}
		if (!content.parts.every(isRecord)) {
			return fail(badField(`contents[${index}].parts`, `Invalid value at 'contents[${index}].parts' (type.googleapis.com/google.ai.generativelanguage.v1beta.Part), expected an object`));
		}
	}
	return { ok: true, value: body as GenerateContentRequest };
}

function checkGenerationConfig(config: unknown, model: CatalogueModel): ErrorReply | undefined {
	if (config === undefined) return undefined;
	if (!isRecord(config)) return badField('generation_config', "Invalid value at 'generation_config' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig), expected an object");
	const unknown = unknownField(config, CONFIG_FIELDS, 'generation_config');
	if (unknown) return unknown;
	const typeError =
		checkNumber(config, 'temperature', 'temperature') ??
		checkNumber(config, 'topP', 'top_p') ??
		checkNumber(config, 'presencePenalty', 'presence_penalty') ??
		checkNumber(config, 'frequencyPenalty', 'frequency_penalty');
	if (typeError) return typeError;
	const { temperature, topP, stopSequences } = config;
	if (typeof temperature === 'number' && (temperature < 0 || temperature > 2)) return outOfRange('temperature', temperature, 2);
	if (typeof topP === 'number' && (topP < 0 || topP > 1)) return outOfRange('topP', topP, 1);
	if (Array.isArray(stopSequences) && stopSequences.length > 5) {
		return reply(400, '* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences are allowed.\n');
	}
	if (config.responseSchema !== undefined && config.responseJsonSchema !== undefined) {
		return reply(400, '* GenerateContentRequest.generation_config: only one of response_schema and response_json_schema may be set.\n');
	}
	const thinking = config.thinkingConfig;
	if (thinking !== undefined) {
		if (!isRecord(thinking)) return badField('generation_config.thinking_config', "Invalid value at 'generation_config.thinking_config', expected an object");
		const unknownThinking = unknownField(thinking, THINKING_FIELDS, 'generation_config.thinking_config');
		if (unknownThinking) return unknownThinking;
		const level = thinking.thinkingLevel;
		if (level !== undefined && (typeof level !== 'string' || !THINKING_LEVELS.includes(level.toUpperCase()))) {
			return invalidEnum('generation_config.thinking_config.thinking_level', 'ThinkingConfig.ThinkingLevel', level);
		}
	}
	const penalised = [config.presencePenalty, config.frequencyPenalty].some((value) => typeof value === 'number' && value !== 0);
	if (penalised && !model.supportsPenalties) return reply(400, 'Penalty is not enabled for this model');
	return undefined;
}

function checkSafety(settings: unknown): ErrorReply | undefined {
	if (settings === undefined) return undefined;
	if (!Array.isArray(settings)) return badField('safety_settings', "Invalid value at 'safety_settings', expected a list");
	for (const [index, setting] of settings.entries()) {
		const item = isRecord(setting) ? setting : {};
		if (!CATEGORIES.includes(String(item.category))) {
			return invalidEnum(`safety_settings[${index}].category`, 'HarmCategory', item.category ?? null);
		}
		if (!THRESHOLDS.includes(String(item.threshold))) {
			return invalidEnum(`safety_settings[${index}].threshold`, 'SafetySetting.HarmBlockThreshold', item.threshold ?? null);
		}
	}
	return undefined;
}

/**
 * The request's tools, as the real API refuses them: unknown tool fields, the 1.5-only
 * googleSearchRetrieval on a newer model, and grounding tools on a model without them (Gemma).
 */
function checkTools(tools: unknown, model: CatalogueModel): ErrorReply | undefined {
	if (tools === undefined) return undefined;
	if (!Array.isArray(tools)) return badField('tools', "Invalid value at 'tools', expected a list");
	for (const [index, tool] of tools.entries()) {
		if (!isRecord(tool)) return badField(`tools[${index}]`, `Invalid value at 'tools[${index}]', expected an object`);
		const unknown = unknownField(tool, TOOL_FIELDS, `tools[${index}]`);
		if (unknown) return unknown;
		const names = Object.keys(tool).map(camel);
		if (names.includes('googleSearchRetrieval') && !model.id.startsWith('gemini-1.5')) {
			return reply(400, 'google_search_retrieval is not supported; please use google_search field instead.');
		}
		if (model.id.startsWith('gemma') && names.some((name) => BUILT_IN_SEARCH.includes(name))) return reply(400, 'Search Grounding is not supported.');
		if (model.id.startsWith('gemma') && names.includes('codeExecution')) return reply(400, 'Code execution is not enabled for models/' + model.id);
	}
	return undefined;
}

/**
 * Gemini 3 refuses a conversation whose function-call turn lost its thought signature
 * (https://ai.google.dev/gemini-api/docs/thought-signatures): the first call of each model turn must carry it.
 */
function checkSignatures(contents: unknown[], model: CatalogueModel): ErrorReply | undefined {
	if (!model.id.startsWith('gemini-3')) return undefined;
	for (const [index, content] of contents.entries()) {
		if (!isRecord(content) || content.role !== 'model' || !Array.isArray(content.parts)) continue;
		const first = content.parts.find((part) => isRecord(part) && part.functionCall !== undefined) as Record<string, unknown> | undefined;
		if (first && typeof first.thoughtSignature !== 'string') {
			const name = isRecord(first.functionCall) ? String(first.functionCall.name) : '?';
			return reply(400, `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`);
		}
	}
	return undefined;
}

export interface ValidRequest {
	request: GenerateContentRequest;
	/** The tier asked for (`standard` when absent). */
	tier: ServiceTier;
}

/** Everything generateContent / streamGenerateContent check before answering. */
export function validateGenerate(body: unknown, model: CatalogueModel): Checked<ValidRequest> {
	const shape = checkShape(body);
	if (!shape.ok) return shape;
	const request = shape.value;
	const error = checkGenerationConfig(request.generationConfig, model) ?? checkSafety(request.safetySettings) ?? checkTools(request.tools, model) ?? checkSignatures(request.contents ?? [], model) ?? checkMedia(request);
	if (error) return fail(error);
	const tier = request.serviceTier;
	if (tier !== undefined && !TIERS.includes(tier as ServiceTier)) {
		return fail(invalidEnum('service_tier', 'GenerateContentRequest.ServiceTier', tier));
	}
	return { ok: true, value: { request, tier: (tier as ServiceTier | undefined) ?? 'standard' } };
}

/** countTokens body: `{contents}` or `{generateContentRequest:{model:'models/…', …}}`. */
export function validateCountTokens(body: unknown): Checked<GenerateContentRequest> {
	if (!isRecord(body)) return fail(badField('', 'Invalid JSON payload received. Expected an object.'));
	const unknown = unknownField(body, ['contents', 'generateContentRequest'], '');
	if (unknown) return fail(unknown);
	const inner = body.generateContentRequest;
	if (inner === undefined) return checkShape({ contents: body.contents });
	if (body.contents !== undefined) {
		return fail(reply(400, '* CountTokensRequest: only one of contents and generate_content_request may be set.\n'));
	}
	const shape = checkShape(inner, 'generate_content_request');
	if (!shape.ok) return shape;
	if (typeof shape.value.model !== 'string' || !shape.value.model.startsWith('models/')) {
		return fail(reply(400, '* GenerateContentRequest.model: unexpected model name format\n'));
	}
	return shape;
}

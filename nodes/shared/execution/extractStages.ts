import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { publicCost, sumMetered, type Metered } from '../output/buildOutputItem';
import { fallbackReason, fallbackWarning } from '../governance/fallback';
import { publicUsage, type Cost, type PublicUsage } from '../pricing';
import type { GenerateContentRequest } from '../request/buildGenerateRequest';
import { mapGenerateResponse, parseGenerateResponse } from '../response/mapGenerateResponse';
import type { GenerateContentResponse } from '../response/schemas';
import {
	assertGeminiSupports,
	compileValidator,
	parseJsonSchema,
	parseModelJson,
	repairInstruction,
	schemaFromExample,
	schemaFromFields,
	type FieldSpec,
	type JsonSchema,
	type ValidationResult,
} from '../schema';
import type { GeminiClient, GeminiHttpResponse } from '../transport/GeminiClient';
import type { RunState } from './callGemini';
import { onModel } from './fallback';
import { callPrepared, meterCall, outputForCall, prepareItem, type ItemCall, type PreparedItem } from './itemCall';
import { PartialOutputError } from './nodeErrors';
import { largerOutputBudget, OutputLimitError, outputLimitLookup, type OutputLimitLookup } from './outputBudget';
import { settle, type ItemStages } from './runItems';

/** The answer still broke the schema after the last attempt; `issues` name the failing paths. */
export class ExtractValidationError extends Error {
	readonly description: string;

	constructor(
		readonly issues: string[],
		attempts: number,
	) {
		super(`Gemini's answer did not match the schema after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${issues.slice(0, 3).join('; ')}`);
		this.name = 'ExtractValidationError';
		this.description = `Failing fields: ${issues.join('; ')}.`;
	}
}

export interface ExtractOptions {
	instruction: string;
	maxAttempts: number;
	output: 'data' | 'spread';
	splitArray: boolean;
}

/** Compiled validators by schema text: items that share a schema compile it once per run. */
export type ValidatorCache = Map<string, (value: unknown) => ValidationResult>;

function jsonText(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

/** The item's schema from whichever source the node uses (throws SchemaError naming the parameter). */
export function readSchema(ctx: IExecuteFunctions, itemIndex: number): JsonSchema {
	const source = ctx.getNodeParameter('schemaSource', itemIndex, 'fields') as string;
	if (source === 'jsonSchema') {
		const schema = parseJsonSchema(jsonText(ctx.getNodeParameter('jsonSchema', itemIndex, '')));
		assertGeminiSupports(schema, 'jsonSchema');
		return schema;
	}
	if (source === 'example') return schemaFromExample(jsonText(ctx.getNodeParameter('example', itemIndex, '')));
	return schemaFromFields(ctx.getNodeParameter('fields.field', itemIndex, []) as FieldSpec[]);
}

export function readExtractOptions(ctx: IExecuteFunctions, itemIndex: number): ExtractOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		instruction: String(ctx.getNodeParameter('instruction', itemIndex, '') ?? '').trim(),
		maxAttempts: Math.max(1, Math.min(10, Math.floor(Number(options.maxAttempts ?? 3)) || 3)),
		output: options.output === 'spread' ? 'spread' : 'data',
		splitArray: options.splitArray === true,
	};
}

interface AttemptVerdict {
	data?: unknown;
	problems: string[];
}

function judgeAnswer(text: string, finishReason: string | null, validate: (value: unknown) => ValidationResult): AttemptVerdict {
	const parsed = parseModelJson(text, finishReason);
	if (!parsed.ok) return { problems: [parsed.problem] };
	const checked = validate(parsed.value);
	return checked.ok ? { data: checked.data, problems: [] } : { problems: checked.issues };
}

/** An Extract item read and validated: its schema, compiled validator, options and request settings. */
interface PreparedExtract {
	schema: JsonSchema;
	validate: (value: unknown) => ValidationResult;
	options: ExtractOptions;
	prepared: PreparedItem;
}

/** Attempts made on the primary model before the fallback: billed, so they stay in the sums. */
interface PriorAttempts {
	billed: Metered[];
	warnings: string[];
}

/** Why Extract goes to the fallback: no attempt matched the schema, or the model failed the call. */
function extractFallbackReason(error: unknown): string | undefined {
	const failure = error instanceof PartialOutputError ? error.failure : error;
	if (failure instanceof ExtractValidationError) return failure.message;
	return fallbackReason(failure);
}

/** The usage and cost a failed primary already billed (in its error's details), as one metered call. */
function billedAttempts(error: unknown): Metered[] {
	if (!(error instanceof PartialOutputError)) return [];
	const { usage, cost } = error.partial as { usage?: PublicUsage; cost?: Cost & { totalDecimal?: unknown } };
	if (!usage || !cost) return [];
	const { totalDecimal: _shown, ...amounts } = cost;
	void _shown;
	return [{ usage: { ...usage, audioPromptTokens: 0, audioCachedTokens: 0 }, cost: amounts }];
}

/**
 * Gemini Extract's work for one item: ask for JSON under the schema, validate it locally, and on
 * a bad answer ask again with the problems, up to Max Attempts (an answer cut at MAX_TOKENS is
 * asked again with a larger output budget instead). Usage and cost are summed over all billed
 * attempts, also in the error when a later attempt fails. Gives one item, or one per element when
 * a top-level array is split.
 */
export function extractStages(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
	validators: ValidatorCache,
): ItemStages<PreparedExtract, IDataObject[]> {
	const outputLimit = outputLimitLookup(client);
	return {
		prepare: async (itemIndex) => await prepareExtract(ctx, client, validators, itemIndex),
		send: async (item, itemIndex, signal) => {
			const run = async (toSend: PreparedExtract, prior?: PriorAttempts) =>
				await extractWithRepairs(ctx, client, state, outputLimit, toSend, itemIndex, signal, prior);
			const { model, fallbackModel } = item.prepared.settings;
			if (!fallbackModel || fallbackModel === model) return await run(item);
			const first = await settle(run(item));
			if (first.ok) return first.value;
			const reason = extractFallbackReason(first.error);
			if (!reason) throw first.error;
			// One more attempt on the fallback; the primary's billed attempts stay in the sums.
			const fallback = { ...item, prepared: onModel(item.prepared, fallbackModel), options: { ...item.options, maxAttempts: 1 } };
			return await run(fallback, { billed: billedAttempts(first.error), warnings: [fallbackWarning(model, fallbackModel, reason)] });
		},
		finish: (output) => output,
	};
}

async function prepareExtract(ctx: IExecuteFunctions, client: GeminiClient, validators: ValidatorCache, itemIndex: number): Promise<PreparedExtract> {
	const schema = readSchema(ctx, itemIndex);
	const schemaKey = JSON.stringify(schema);
	if (!validators.has(schemaKey)) validators.set(schemaKey, compileValidator(schema));
	const options = readExtractOptions(ctx, itemIndex);
	const prepared = await prepareItem(ctx, itemIndex, client);
	prepared.settings.systemInstruction =
		[options.instruction, prepared.settings.systemInstruction].filter(Boolean).join('\n\n') || undefined;
	prepared.settings.generation.responseMimeType = 'application/json';
	return { schema, validate: validators.get(schemaKey)!, options, prepared };
}

/** Warnings in first-seen order, each once however many attempts raise it. */
function addOnce(warnings: string[], more: string[]): void {
	for (const warning of more) if (!warnings.includes(warning)) warnings.push(warning);
}

/** A later attempt failed before answering: the attempts already billed go into the error's details. */
function failedAfterBilledAttempts(failure: unknown, billed: Metered[], attempt: number): unknown {
	if (billed.length === 0) return failure;
	const { usage, cost } = sumMetered(billed);
	const n = billed.length;
	return new PartialOutputError(
		failure,
		{ attempts: attempt, billedAttempts: n, usage: publicUsage(usage), cost } as unknown as JsonObject,
		`Attempt ${attempt} failed after ${n} billed attempt${n === 1 ? '' : 's'}; their usage and cost are in the error's details.`,
	);
}

async function extractWithRepairs(
	ctx: IExecuteFunctions,
	client: GeminiClient,
	state: RunState,
	outputLimit: OutputLimitLookup,
	{ schema, validate, options, prepared }: PreparedExtract,
	itemIndex: number,
	signal: AbortSignal,
	prior: PriorAttempts = { billed: [], warnings: [] },
): Promise<IDataObject[]> {
	/** Every answered attempt before the current one: Google billed each of them. */
	const earlier: Metered[] = [...prior.billed];
	const followUp: GenerateContentRequest['contents'] = [];
	const warnings: string[] = [...prior.warnings];
	let budget = prepared.settings.generation.maxOutputTokens;
	const started = performance.now();
	for (let attempt = 1; ; attempt++) {
		const generationConfig = { responseJsonSchema: schema, ...(budget === undefined ? {} : { maxOutputTokens: budget }) };
		let call: ItemCall<GeminiHttpResponse<unknown>>;
		let response: GenerateContentResponse;
		try {
			call = await callPrepared(
				ctx,
				state,
				itemIndex,
				signal,
				prepared,
				async (settings, request, callSettings) =>
					await client.json<unknown>('POST', `${settings.modelPath}:generateContent`, request, callSettings),
				{ generationConfig, followUp: [...followUp] },
			);
			response = parseGenerateResponse(call.result.body);
		} catch (failure) {
			throw failedAfterBilledAttempts(failure, earlier, attempt);
		}
		addOnce(warnings, call.warnings);
		const mapped = mapGenerateResponse(response);
		const verdict: AttemptVerdict = mapped.safety.blocked
			? { data: null, problems: [] }
			: judgeAnswer(mapped.text, mapped.finishReason, validate);
		const answered = {
			settings: prepared.settings,
			response,
			prices: state.prices,
			request: call.request,
			headers: call.result.headers,
			latencyMs: Math.round(performance.now() - started),
			raw: call.result.body,
			earlier,
			omitText: true,
		};
		if (verdict.problems.length === 0) {
			if (mapped.safety.blocked) warnings.push(`Gemini blocked the request (${mapped.safety.blockReason}); no data was extracted.`);
			const item = outputForCall({ ...answered, warnings, extra: { data: verdict.data as IDataObject, attempts: attempt } });
			return shapeOutput(item, options);
		}
		const partial = () => outputForCall({ ...answered, warnings, extra: { attempts: attempt } });
		const metered = meterCall(prepared.settings, response, call.result.headers, call.request, state.prices);
		if (attempt >= options.maxAttempts) {
			const { usage, cost } = partial();
			throw new PartialOutputError(
				new ExtractValidationError(verdict.problems, attempt),
				{ lastAnswer: mapped.text, issues: verdict.problems, attempts: attempt, usage, cost } as JsonObject,
				`Usage and cost of all ${attempt} attempts are in the error's details.`,
			);
		}
		if (mapped.finishReason === 'MAX_TOKENS') {
			// The same budget would be cut at the same place and billed again: grow it, or stop here.
			const modelLimit = await outputLimit(prepared.settings, signal);
			const next = largerOutputBudget(budget, modelLimit);
			if (next === undefined) {
				const { usage, cost } = partial();
				const { outputTokens, thoughtsTokens } = metered.usage;
				throw new PartialOutputError(
					new OutputLimitError({ budget, modelLimit, outputTokens, thoughtsTokens, attempts: attempt }),
					{ lastAnswer: mapped.text, attempts: attempt, usage, cost } as JsonObject,
					`Usage and cost of all ${attempt} attempts are in the error's details.`,
				);
			}
			warnings.push(`The answer of attempt ${attempt} was cut off at ${budget} output tokens (MAX_TOKENS); attempt ${attempt + 1} allowed ${next}.`);
			earlier.push(metered);
			budget = next;
			continue;
		}
		earlier.push(metered);
		followUp.push(
			{ role: 'model', parts: [{ text: mapped.text }] },
			{ role: 'user', parts: [{ text: repairInstruction(verdict.problems) }] },
		);
	}
}

function zeroed(value: unknown): unknown {
	if (typeof value === 'number') return 0;
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'pricing' || k === 'currency' ? v : zeroed(v)]));
	}
	return value;
}

/** Applies the Output and Split Array options to the finished item. */
export function shapeOutput(item: IDataObject, options: ExtractOptions): IDataObject[] {
	const data = item.data;
	const elements = options.splitArray && Array.isArray(data) ? data : undefined;
	const items: IDataObject[] = elements
		? elements.map((element, index) => ({
				...item,
				data: element as IDataObject,
				element: { index, of: elements.length },
				// The call is billed once: its usage and cost stay on the first element, so summing items adds up.
				...(index === 0 ? {} : { usage: zeroed(item.usage) as IDataObject, cost: publicCost(zeroed(item.cost) as Cost) }),
			}))
		: [item];
	if (options.output === 'data') return items;
	return items.map((one) => {
		const value = one.data;
		if (!value || typeof value !== 'object' || Array.isArray(value)) return one;
		const { data: _data, ...rest } = one;
		void _data;
		const clashes = Object.keys(value).filter((key) => key in rest);
		const warnings = clashes.length
			? [...(rest.warnings as string[]), `Extracted fields ${clashes.join(', ')} clash with the item's own fields and were left out.`]
			: rest.warnings;
		return { ...value, ...rest, warnings };
	});
}

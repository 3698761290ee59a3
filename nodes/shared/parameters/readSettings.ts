import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ServiceTier } from '../pricing';
import { onceOrPerItem, type ParameterRead } from './onceOrPerItem';
import { DEFAULT_CONCURRENCY } from './properties';
import { effectiveRequestOptions, parseSettings, promptText, type GeminiSettings, type RawParameters } from './settings';

export const REQUEST_TIERS: readonly ServiceTier[] = ['standard', 'flex', 'priority'];

/**
 * The shared parameters of one node run but the prompt, each read once when its saved value holds
 * no expression (onceOrPerItem). Gemini Batch's Submit reads its prompt its own way (an expression
 * or an item field) and uses these for the rest.
 */
export interface SharedParameterReads {
	/** The item's raw parameters; `prompt` is asked between the model and the tier, in the order n8n always was. */
	raw: (itemIndex: number, prompt: () => unknown) => RawParameters;
	/** Every parameter but the prompt is the same for all items. */
	onlyPromptVaries: boolean;
}

interface NodeReads extends SharedParameterReads {
	prompt: ParameterRead<unknown>;
	/** By allowed tiers: the settings parsed once, for items that differ only in a non-blank prompt. */
	templates: Map<readonly ServiceTier[], GeminiSettings>;
}

/** One per node run: n8n gives each run of a node its own execute context. */
const nodeReads = new WeakMap<IExecuteFunctions, NodeReads>();

export function sharedParameterReads(ctx: IExecuteFunctions): SharedParameterReads {
	return readsOf(ctx);
}

function readsOf(ctx: IExecuteFunctions): NodeReads {
	let reads = nodeReads.get(ctx);
	if (!reads) {
		const model = onceOrPerItem<unknown>(ctx, 'model', '', { extractValue: true });
		const serviceTier = onceOrPerItem<unknown>(ctx, 'serviceTier', 'standard');
		const safetySettings = onceOrPerItem<IDataObject>(ctx, 'safetySettings', {});
		const options = onceOrPerItem<IDataObject>(ctx, 'options', {});
		const requestOptions = onceOrPerItem<IDataObject>(ctx, 'requestOptions', {});
		const raw = (itemIndex: number, prompt: () => unknown): RawParameters => ({
			model: model(itemIndex),
			prompt: prompt(),
			serviceTier: serviceTier(itemIndex),
			safetySettings: safetySettings(itemIndex),
			options: options(itemIndex),
			requestOptions: requestOptions(itemIndex),
		});
		const onlyPromptVaries = [model, serviceTier, safetySettings, options, requestOptions].every((read) => read.constant);
		reads = { raw, onlyPromptVaries, prompt: onceOrPerItem<unknown>(ctx, 'prompt', ''), templates: new Map() };
		nodeReads.set(ctx, reads);
	}
	return reads;
}

/**
 * Reads the shared parameters of item `itemIndex` and validates them (throws InvalidParameterError).
 * Parameters without an expression are read once per node run (n8n resolves each read through its
 * expression engine, the dearest part of an item in a real n8n); when only the prompt varies, the
 * rest is validated once too: parseSettings depends on the prompt only through its value and the
 * "prompt is empty" check, so a non-blank prompt gets exactly what a full parse would give.
 */
export function readSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	allowedTiers: readonly ServiceTier[] = REQUEST_TIERS,
): GeminiSettings {
	const reads = readsOf(ctx);
	const raw = reads.raw(itemIndex, () => reads.prompt(itemIndex));
	const prompt = promptText(raw.prompt);
	if (!reads.onlyPromptVaries || prompt.trim() === '') return parseSettings(raw, allowedTiers);
	let template = reads.templates.get(allowedTiers);
	if (!template) {
		// A refusal is not kept: the next item parses again and gets the same error, with its own index.
		template = parseSettings(raw, allowedTiers);
		reads.templates.set(allowedTiers, template);
	}
	// Each item its own object and `generation`: Gemini Extract changes both on its item's settings.
	return { ...template, prompt, generation: { ...template.generation } };
}

/**
 * The node's Concurrency (read once, from item 0), from Request Options or, in workflows saved
 * before that collection existed, from Options.
 */
export function readConcurrency(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const requestOptions = ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	return (effectiveRequestOptions(options, requestOptions).concurrency ?? DEFAULT_CONCURRENCY) as number;
}

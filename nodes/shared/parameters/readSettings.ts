import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ServiceTier } from '../pricing';
import { onceOrPerItem, type ParameterRead } from './onceOrPerItem';
import { DEFAULT_CONCURRENCY } from './properties';
import { effectiveRequestOptions, parseSettings, promptText, type GeminiSettings } from './settings';

export const REQUEST_TIERS: readonly ServiceTier[] = ['standard', 'flex', 'priority'];

/** The shared parameters' reads for one node run, and its settings parsed once where they can be. */
interface NodeReads {
	model: ParameterRead<unknown>;
	prompt: ParameterRead<unknown>;
	serviceTier: ParameterRead<unknown>;
	safetySettings: ParameterRead<IDataObject>;
	options: ParameterRead<IDataObject>;
	requestOptions: ParameterRead<IDataObject>;
	/** Every parameter but the prompt is the same for all items. */
	onlyPromptVaries: boolean;
	/** By allowed tiers: the settings parsed once, for items that differ only in a non-blank prompt. */
	templates: Map<readonly ServiceTier[], GeminiSettings>;
}

/** One per node run: n8n gives each run of a node its own execute context. */
const nodeReads = new WeakMap<IExecuteFunctions, NodeReads>();

function readsOf(ctx: IExecuteFunctions): NodeReads {
	let reads = nodeReads.get(ctx);
	if (!reads) {
		const shared = {
			model: onceOrPerItem<unknown>(ctx, 'model', '', { extractValue: true }),
			serviceTier: onceOrPerItem<unknown>(ctx, 'serviceTier', 'standard'),
			safetySettings: onceOrPerItem<IDataObject>(ctx, 'safetySettings', {}),
			options: onceOrPerItem<IDataObject>(ctx, 'options', {}),
			requestOptions: onceOrPerItem<IDataObject>(ctx, 'requestOptions', {}),
		};
		const onlyPromptVaries = Object.values(shared).every((read) => read.constant);
		reads = { ...shared, prompt: onceOrPerItem<unknown>(ctx, 'prompt', ''), onlyPromptVaries, templates: new Map() };
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
	// In the order n8n used to be asked, so a parameter n8n refuses is the same one as before.
	const raw = {
		model: reads.model(itemIndex),
		prompt: reads.prompt(itemIndex),
		serviceTier: reads.serviceTier(itemIndex),
		safetySettings: reads.safetySettings(itemIndex),
		options: reads.options(itemIndex),
		requestOptions: reads.requestOptions(itemIndex),
	};
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

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BatchEntry } from '../shared/batch';
import { RequestSpool } from '../shared/batch/requestSpool';
import { checkBinaryFields, loadMediaParts } from '../shared/execution/inlineParts';
import { toNodeError } from '../shared/execution/nodeErrors';
import { InvalidParameterError, type GeminiSettings } from '../shared/parameters/settings';
import { buildGenerateRequest, type InlinePart } from '../shared/request/buildGenerateRequest';
import type { GeminiClient } from '../shared/transport/GeminiClient';
import { requestEncoder } from './submitEncode';
import { submitInputs } from './submitInputs';

/**
 * Submit's one pass over the items: every item's parameters read once (errors name the item),
 * keys checked unique, one model for the job, and each request encoded once into a RequestSpool.
 * Items that send files keep their settings instead: their files are read when their request is
 * encoded, on each pass (measure, send), so a large job's files are never all held at once.
 */

export interface SubmitPlan {
	count: number;
	model: string;
	modelPath: string;
	keys: string[];
	displayName: string;
	first: GeminiSettings;
	/** The requests in item order, decoded from the spool or encoded with their files. */
	entries: () => AsyncIterable<BatchEntry>;
	/** Set when no item sends files: the whole job is in the spool. */
	spool?: RequestSpool;
}

function refuseSharedContext(ctx: IExecuteFunctions, options: IDataObject): void {
	if (!String(options.sharedContext ?? '').trim() && !String(options.sharedContextFiles ?? '').trim()) return;
	throw toNodeError(
		ctx.getNode(),
		new InvalidParameterError('options.sharedContext', 'Shared Context (options.sharedContext) works on the Flex, Standard and Priority tiers only: a Batch job runs after this execution has ended, when its cache would be gone'),
		0,
	);
}

/** Spooled requests and, in item order between them, the requests of items with files. */
function entriesOf(ctx: IExecuteFunctions, client: GeminiClient, spool: RequestSpool, withFiles: Map<number, GeminiSettings>, keys: string[]): () => AsyncIterable<BatchEntry> {
	if (withFiles.size === 0) return () => spool.entries();
	return async function* () {
		const spooled = spool.entries();
		for (let itemIndex = 0; itemIndex < keys.length; itemIndex++) {
			const settings = withFiles.get(itemIndex);
			if (!settings) {
				yield (await spooled.next()).value as BatchEntry;
				continue;
			}
			let parts: InlinePart[];
			try {
				// Above the inline limits a binary is uploaded once (reused on the next pass) and referenced by fileData.
				parts = (await loadMediaParts(ctx, itemIndex, settings, client)).parts;
			} catch (error) {
				throw toNodeError(ctx.getNode(), error, itemIndex);
			}
			yield { key: keys[itemIndex], request: buildGenerateRequest(settings, parts) };
		}
	};
}

/** Items read between two turns of the event loop, so n8n stays responsive during a long pass. */
const ITEMS_PER_TURN = 1000;

export async function planSubmit(ctx: IExecuteFunctions, client: GeminiClient): Promise<SubmitPlan> {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	refuseSharedContext(ctx, options);
	const items = ctx.getInputData();
	const inputs = submitInputs(ctx, items);
	const encode = requestEncoder(ctx);
	const spool = new RequestSpool();
	const withFiles = new Map<number, GeminiSettings>();
	const seen = new Map<string, number>();
	const keys: string[] = [];
	let first: GeminiSettings | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (itemIndex > 0 && itemIndex % ITEMS_PER_TURN === 0) await new Promise((turn) => setImmediate(turn));
		try {
			const { settings, requestJson } = encode(itemIndex, inputs.prompt(itemIndex));
			const key = inputs.key(itemIndex);
			if (seen.has(key)) {
				const { name, label } = inputs.keyParameter;
				throw new InvalidParameterError(name, `${label} (${name}) "${key}" is used by item ${seen.get(key)} too; keys must be unique in a job`);
			}
			if (first && settings.model !== first.model) {
				throw new InvalidParameterError('model', `Model (model) is ${settings.model} here but ${first.model} for item 0; one batch job uses one model`);
			}
			if (requestJson === undefined) {
				checkBinaryFields(ctx, itemIndex, settings.binaryProperties);
				withFiles.set(itemIndex, settings);
			} else {
				spool.add(key, requestJson);
			}
			seen.set(key, itemIndex);
			keys.push(key);
			first ??= settings;
		} catch (error) {
			throw toNodeError(ctx.getNode(), error, itemIndex);
		}
	}
	if (!first) throw toNodeError(ctx.getNode(), new Error('Gemini Batch received no items to submit'));
	return {
		count: items.length,
		model: first.model,
		modelPath: first.modelPath,
		keys,
		displayName: String(options.displayName ?? '') || `n8n ${ctx.getWorkflow().name ?? 'workflow'} ${new Date().toISOString()}`,
		first,
		entries: entriesOf(ctx, client, spool, withFiles, keys),
		...(withFiles.size === 0 ? { spool } : {}),
	};
}

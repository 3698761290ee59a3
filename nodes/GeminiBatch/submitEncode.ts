import type { IExecuteFunctions } from 'n8n-workflow';

import { sharedParameterReads } from '../shared/parameters/readSettings';
import { parseSettings, type GeminiSettings } from '../shared/parameters/settings';
import type { ServiceTier } from '../shared/pricing';
import { buildGenerateRequest } from '../shared/request/buildGenerateRequest';

/**
 * Each item's settings and request, read and encoded once. Parameters without an expression are
 * read once for the node; when only the prompt differs between items, the request is encoded
 * once around a marker and each item's JSON is that text with its own prompt put in, byte for
 * byte what JSON.stringify(buildGenerateRequest(…)) gives (checked: the marker must occur once).
 */

export const BATCH_TIERS: readonly ServiceTier[] = ['batch', 'flex', 'standard', 'priority'];

export interface EncodedItem {
	settings: GeminiSettings;
	/** The request as JSON; absent when the item sends files (encoded as each pass reads them). */
	requestJson?: string;
}

const PROMPT_MARK = '\u0000gemini-meter-prompt\u0000';

interface Template {
	settings: GeminiSettings;
	before: string;
	after: string;
}

const sendsFiles = (settings: GeminiSettings) => settings.binaryProperties.length > 0 || settings.media.fileUrls.length > 0;

function encode(settings: GeminiSettings): string | undefined {
	return sendsFiles(settings) ? undefined : JSON.stringify(buildGenerateRequest(settings));
}

/** The request around the prompt, or null when it cannot be cut there (files, or the marker not found once). */
function templateOf(settings: GeminiSettings): Template | null {
	const json = encode(settings);
	const parts = json?.split(JSON.stringify(PROMPT_MARK));
	return parts?.length === 2 ? { settings, before: parts[0], after: parts[1] } : null;
}

/** Returns the encoder of one item, given its prompt's raw value. */
export function requestEncoder(ctx: IExecuteFunctions): (itemIndex: number, prompt: unknown) => EncodedItem {
	const { raw, onlyPromptVaries: sameForAll } = sharedParameterReads(ctx);
	let template: Template | null | undefined;
	return (itemIndex, prompt) => {
		if (sameForAll) {
			// Settings errors that do not depend on the prompt surface here, at the first item.
			// Computed once; null (files, no single place for the prompt) sends every item the full way.
			if (template === undefined) template = templateOf(parseSettings(raw(itemIndex, () => PROMPT_MARK), BATCH_TIERS));
			// An empty prompt changes the request's shape (or is refused): the full path below.
			if (template && typeof prompt === 'string' && prompt.trim() !== '') {
				return { settings: { ...template.settings, prompt }, requestJson: `${template.before}${JSON.stringify(prompt)}${template.after}` };
			}
		}
		const settings = parseSettings(raw(itemIndex, () => prompt), BATCH_TIERS);
		return { settings, requestJson: encode(settings) };
	};
}

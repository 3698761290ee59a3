import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * Vertex AI billing labels (GenerateContentRequest.labels), which show up in the Cloud Billing
 * export so costs can be split by workflow or team:
 * https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/add-labels-to-api-calls
 * The Gemini API (AI Studio) has no such field; there the labels are not sent (the transport adds
 * them on Vertex only), so one workflow runs on either credential.
 */

export const billingLabelsOption: INodeProperties = {
	displayName: 'Billing Labels (Vertex AI)',
	name: 'billingLabels',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Label',
	description:
		'Labels on each Vertex AI request, shown in the Cloud Billing export. Keys and values: lowercase letters, digits, _ and -, up to 63 characters. Not sent on the Gemini API (AI Studio), which has no labels.',
	options: [
		{
			displayName: 'Label',
			name: 'label',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. team' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. marketing' },
			],
		},
	],
};

/** Google's label rules (https://cloud.google.com/resource-manager/docs/labels-overview#requirements). */
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const MAX_LABELS = 64;

/** The labels, or undefined when none; a bad key or value is a message naming it. */
export function parseBillingLabels(requestOptions: IDataObject): { labels?: Record<string, string>; problem?: string } {
	const entries = (requestOptions.billingLabels as { label?: Array<{ key?: unknown; value?: unknown }> } | undefined)?.label ?? [];
	if (entries.length === 0) return {};
	if (entries.length > MAX_LABELS) return { problem: `has ${entries.length} labels; Vertex AI takes at most ${MAX_LABELS}` };
	const labels: Record<string, string> = {};
	for (const entry of entries) {
		const key = String(entry.key ?? '').trim();
		const value = String(entry.value ?? '').trim();
		if (!LABEL_KEY.test(key)) return { problem: `has the key "${key}"; a key starts with a lowercase letter and has only lowercase letters, digits, _ and - (at most 63)` };
		if (!LABEL_VALUE.test(value)) return { problem: `has the value "${value}" for "${key}"; a value has only lowercase letters, digits, _ and - (at most 63)` };
		labels[key] = value;
	}
	return { labels };
}

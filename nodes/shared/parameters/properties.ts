import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { billingLabelsOption } from './billingLabels';
import { fileUploadOption, mediaInputOptions } from './mediaProperties';

/**
 * The parameters every Gemini node shares, defined once (names fixed by the package's public contract:
 * saved workflows depend on them). Nodes compose these and add their own.
 */

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: 'gemini-2.5-flash' },
	required: true,
	description: 'The Gemini model to call',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. gemini-2.5-flash',
		},
	],
};

export const promptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	default: '',
	// Not required by n8n: it may be empty when files go in through Binary Properties (the
	// node itself refuses a request that has neither).
	typeOptions: { rows: 4 },
	placeholder: 'e.g. Summarize this ticket in one sentence: {{ $json.body }}',
	description:
		'The user message sent to the model. May be empty when files are sent with the Binary Properties option.',
};

export const SERVICE_TIER_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Flex',
		value: 'flex',
		description: 'Half the standard price; may queue for minutes or be refused (503) at peak',
	},
	{
		name: 'Priority',
		value: 'priority',
		description: 'Lowest latency at 1.75× to 2× the standard price (per model, see the price table); Google may serve it as standard',
	},
	{ name: 'Standard', value: 'standard', description: 'The default tier' },
];

export function serviceTierProperty(
	extraOptions: INodePropertyOptions[] = [],
	defaultTier = 'standard',
): INodeProperties {
	return {
		displayName: 'Service Tier',
		name: 'serviceTier',
		type: 'options',
		default: defaultTier,
		options: [...SERVICE_TIER_OPTIONS, ...extraOptions].sort((a, b) => a.name.localeCompare(b.name)),
		description:
			'Which Gemini service tier to ask for. Cost is computed for the tier Google actually served.',
	};
}

export const SAFETY_CATEGORIES = {
	civicIntegrity: 'HARM_CATEGORY_CIVIC_INTEGRITY',
	dangerousContent: 'HARM_CATEGORY_DANGEROUS_CONTENT',
	harassment: 'HARM_CATEGORY_HARASSMENT',
	hateSpeech: 'HARM_CATEGORY_HATE_SPEECH',
	sexuallyExplicit: 'HARM_CATEGORY_SEXUALLY_EXPLICIT',
} as const;

export const SAFETY_THRESHOLDS = [
	'OFF',
	'BLOCK_NONE',
	'BLOCK_ONLY_HIGH',
	'BLOCK_MEDIUM_AND_ABOVE',
	'BLOCK_LOW_AND_ABOVE',
] as const;

/**
 * Listed from least to most blocking, the order a user reasons in, rather than alphabetically.
 * Names follow https://ai.google.dev/api/generate-content#HarmBlockThreshold.
 */
const thresholdOptions: INodePropertyOptions[] = [
	{ name: 'Off', value: 'OFF', description: 'Turn the safety filter off for this category' },
	{ name: 'Block None', value: 'BLOCK_NONE', description: 'Always show content, but still rate it' },
	{ name: 'Block Only High', value: 'BLOCK_ONLY_HIGH', description: 'Block only content with a high probability of harm' },
	{ name: 'Block Medium and Above', value: 'BLOCK_MEDIUM_AND_ABOVE', description: 'Block content with a medium or high probability of harm' },
	{ name: 'Block Low and Above', value: 'BLOCK_LOW_AND_ABOVE', description: 'Block content with any but a negligible probability of harm' },
];

function safetyCategory(displayName: string, name: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		default: 'BLOCK_MEDIUM_AND_ABOVE',
		options: thresholdOptions,
	};
}

export const safetySettingsProperty: INodeProperties = {
	displayName: 'Safety Settings',
	name: 'safetySettings',
	type: 'collection',
	placeholder: 'Add Category',
	default: {},
	description: "Blocking thresholds per harm category. A category left out uses the model's default.",
	options: [
		safetyCategory('Civic Integrity', 'civicIntegrity'),
		safetyCategory('Dangerous Content', 'dangerousContent'),
		safetyCategory('Harassment', 'harassment'),
		safetyCategory('Hate Speech', 'hateSpeech'),
		safetyCategory('Sexually Explicit', 'sexuallyExplicit'),
	],
};

function pricePerMillion(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'number', default: 0, typeOptions: { minValue: 0, numberPrecision: 6 }, description };
}

/** One tier's prices in the Price Override; 0 means "not given". */
function priceValues(tier: 'Standard' | 'Flex' | 'Batch' | 'Priority'): INodeProperties[] {
	const keep =
		tier === 'Standard'
			? 'Leave at 0 to keep the table price'
			: `Leave at 0 to use your Standard price at the ${tier} ratio, or else the table price`;
	return [
		pricePerMillion('Audio Input per 1M Tokens', 'audioInput', `${keep} (or, without either, the input price)`),
		pricePerMillion('Cache Read per 1M Tokens', 'cacheRead', keep),
		pricePerMillion('Input per 1M Tokens', 'input', keep),
		pricePerMillion('Output per 1M Tokens', 'output', `Includes thinking tokens. ${keep}.`),
	];
}

/** Options every node offers, in the `options` collection: what to ask the model. */
export const sharedOptions: INodeProperties[] = [
	...mediaInputOptions,
	{
		displayName: 'Binary Properties',
		name: 'binaryProperties',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, invoice',
		description:
			'Comma-separated names of binary fields on the input item to send to the model with the prompt (images, PDFs, audio, video), each with its MIME type',
	},
	{
		displayName: 'Built-in Tools',
		name: 'builtInTools',
		type: 'multiOptions',
		default: [],
		description:
			'Tools Gemini runs itself while answering. Their sources, code and results appear on the item; Google bills some per use (e.g. search queries).',
		options: [
			{ name: 'Code Execution', value: 'codeExecution', description: 'Let the model write and run Python code' },
			{ name: 'File Search', value: 'fileSearch', description: 'Search your File Search stores (name them in File Search Stores)' },
			{ name: 'Google Maps', value: 'googleMaps', description: 'Ground answers in Google Maps places' },
			{ name: 'Google Search', value: 'googleSearch', description: 'Ground answers in Google Search results, with sources' },
			{ name: 'URL Context', value: 'urlContext', description: 'Let the model read the URLs in the prompt' },
		],
	},
	{
		displayName: 'Cached Content',
		name: 'cachedContent',
		type: 'string',
		default: '',
		placeholder: 'e.g. cachedContents/abc123',
		description: 'Name of a context cache to use; cached tokens are billed at the cache-read price',
	},
	{
		displayName: 'File Search Stores',
		name: 'fileSearchStoreNames',
		type: 'string',
		default: '',
		placeholder: 'e.g. fileSearchStores/my-store-123',
		description: 'Comma-separated File Search store names, for the File Search built-in tool',
	},
	{
		displayName: 'Frequency Penalty',
		name: 'frequencyPenalty',
		type: 'number',
		default: 0,
		typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
		description:
			'Penalizes tokens by how often they already appeared (-2.0 to 2.0). Sent only when not 0.',
	},
	{
		displayName: 'Include Logprobs',
		name: 'includeLogprobs',
		type: 'boolean',
		default: false,
		description:
			'Whether to return the log probability of each answer token (under "logprobs"); not every model supports it',
	},
	{
		displayName: 'Include Raw Response',
		name: 'includeRawResponse',
		type: 'boolean',
		default: false,
		description: "Whether to add Gemini's full response under \"raw\"",
	},
	{
		displayName: 'Include Thoughts',
		name: 'includeThoughts',
		type: 'boolean',
		default: false,
		description: 'Whether to return thought summaries (under "thoughts") from thinking models',
	},
	{
		displayName: 'Max Output Tokens',
		name: 'maxOutputTokens',
		type: 'number',
		default: 8192,
		typeOptions: { minValue: 1 },
		description: 'Upper bound on the tokens of the answer (thinking tokens not included)',
	},
	{
		displayName: 'Messages',
		name: 'messages',
		type: 'json',
		default: '',
		placeholder: 'e.g. {{ $json.messages }}',
		description:
			'Earlier turns of a conversation, sent before the prompt: a list of { role, text } (role user, model/assistant or system), { role, content }, or the messages of an n8n memory. The Prompt is the last user turn and may be empty.',
	},
	{
		displayName: 'Presence Penalty',
		name: 'presencePenalty',
		type: 'number',
		default: 0,
		typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
		description:
			'Penalizes tokens that already appeared, encouraging new topics (-2.0 to 2.0). Sent only when not 0.',
	},
	{
		displayName: 'Response MIME Type',
		name: 'responseMimeType',
		type: 'options',
		default: 'text/plain',
		options: [
			{ name: 'JSON', value: 'application/json' },
			{ name: 'Text', value: 'text/plain' },
		],
		description: 'Ask for plain text or for JSON (for validated JSON against a schema, use Gemini Extract)',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		default: 0,
		description: 'Fixed seed for more repeatable answers',
	},
	{
		displayName: 'Stop Sequences',
		name: 'stopSequences',
		type: 'string',
		default: '',
		placeholder: 'e.g. END, ###',
		description: 'Comma-separated strings (up to 5) that end the answer when generated',
	},
	{
		displayName: 'System Instruction',
		name: 'systemInstruction',
		type: 'string',
		default: '',
		typeOptions: { rows: 4 },
		description: "Instructions that steer the model's behavior for this request",
	},
	{
		displayName: 'Temperature',
		name: 'temperature',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
		description: 'Randomness of the answer, 0.0 to 2.0',
	},
	{
		displayName: 'Thinking Budget',
		name: 'thinkingBudget',
		type: 'number',
		default: -1,
		typeOptions: { minValue: -1 },
		description:
			'Thinking tokens the model may use (Gemini 2.5): -1 lets the model decide, 0 turns thinking off where the model allows it',
	},
	{
		displayName: 'Thinking Level',
		name: 'thinkingLevel',
		type: 'options',
		default: 'high',
		description: 'How much the model thinks (Gemini 3 models); use instead of Thinking Budget',
		options: [
			{ name: 'High', value: 'high' },
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
			{ name: 'Minimal', value: 'minimal' },
		],
	},
	{
		displayName: 'Top Logprobs',
		name: 'topLogprobs',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 20 },
		description: 'With Include Logprobs: how many of the most likely tokens to list at each step (0 to 20)',
	},
	{
		displayName: 'Top K',
		name: 'topK',
		type: 'number',
		default: 40,
		typeOptions: { minValue: 1 },
		description: 'Sample from the K most likely tokens',
	},
	{
		displayName: 'Top P',
		name: 'topP',
		type: 'number',
		default: 0.95,
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		description: 'Sample from the smallest set of tokens whose probabilities add up to P',
	},
];

/**
 * How the request is sent and billed, in the `requestOptions` collection, apart from the model
 * options so those stay easy to find. Workflows saved before this collection existed kept these
 * under `options`; the settings reader still honours them there (same names).
 */
export const sharedRequestOptions: INodeProperties[] = [
	billingLabelsOption,
	fileUploadOption,
	{
		displayName: 'Flex Overload',
		name: 'flexOverload',
		type: 'options',
		default: 'retry',
		description: 'What to do when a Flex request is refused because Gemini is overloaded (HTTP 503)',
		options: [
			{ name: 'Fail', value: 'fail', description: 'Stop at the first 503' },
			{
				name: 'Fall Back to Standard',
				value: 'fallbackToStandard',
				description: 'Send the request again on the Standard tier (billed at Standard)',
			},
			{ name: 'Retry', value: 'retry', description: 'Retry with backoff, up to Max Retries' },
		],
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 0, maxValue: 10 },
		description:
			'How many times to re-send a request that failed with 408, 429, 500, 502, 503, 504 or a dropped connection',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWaitSeconds',
		type: 'number',
		default: 120,
		typeOptions: { minValue: 0 },
		description:
			'Total time one item may spend waiting between retries; a wait Google asks for that would pass it fails the item instead',
	},
	{
		displayName: 'Penalty Handling',
		name: 'penaltyHandling',
		type: 'options',
		default: 'dropWithWarning',
		description: 'What to do when the model refuses presence or frequency penalties',
		options: [
			{
				name: 'Drop With Warning',
				value: 'dropWithWarning',
				description: 'Send the request again without penalties and add a warning to the item',
			},
			{ name: 'Fail', value: 'fail', description: 'Fail the item, naming the penalty and the model' },
		],
	},
	{
		displayName: 'Price Override',
		name: 'priceOverride',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Prices',
		description:
			'Your own USD prices per 1M tokens (negotiated rates, or a model the built-in price table does not know). "Prices" is your price for Standard: the tier that serves the request (Flex and Batch at half, Priority at the table\'s ratio for the model) and the long-context rate still apply to it. Add Flex, Batch or Priority Prices to use your own price for that tier instead.',
		options: [
			{ displayName: 'Prices', name: 'prices', values: priceValues('Standard') },
			{ displayName: 'Batch Prices', name: 'batchPrices', values: priceValues('Batch') },
			{ displayName: 'Flex Prices', name: 'flexPrices', values: priceValues('Flex') },
			{ displayName: 'Priority Prices', name: 'priorityPrices', values: priceValues('Priority') },
		],
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		default: 900,
		typeOptions: { minValue: 1 },
		description:
			'How long to wait for one answer. Flex requests may queue for minutes, so keep this generous.',
	},
];

export const DEFAULT_CONCURRENCY = 5;

/** For nodes that send several items at once (Generate, Extract). */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	default: DEFAULT_CONCURRENCY,
	typeOptions: { minValue: 1, maxValue: 100 },
	description:
		'How many items are sent to Gemini at the same time. Output order always follows input order.',
};

/** Generate and Extract: a second model for items the first one fails. */
export const fallbackModelOption: INodeProperties = {
	displayName: 'Fallback Model',
	name: 'fallbackModel',
	type: 'string',
	default: '',
	placeholder: 'gemini-2.5-pro',
	description:
		'Model ID to try once more when the model fails an item after its retries (overloaded, 429, server errors) or, in Extract, no attempt matches the schema. Usage and cost add up both; the item\'s model and warnings say which answered.',
};

/** Generate: price each item's counted prompt instead of sending it. */
export const estimateCostOnlyOption: INodeProperties = {
	displayName: 'Estimate Cost Only',
	name: 'estimateCostOnly',
	type: 'boolean',
	default: false,
	description:
		'Whether to only count each item\'s prompt tokens (countTokens, free) and price them, with Max Output Tokens as the output bound, without generating anything',
};

/** Spending ceilings for nodes that call Gemini item by item (Generate, Stream, Extract). */
export const budgetOptions: INodeProperties[] = [
	{
		displayName: 'Budget (USD)',
		name: 'budgetUsd',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 6 },
		description:
			'Most this node may spend in one execution (0 = no budget). Before each item: the exact spend so far, plus the estimates of items in flight, plus this item\'s estimate (prompt tokens and Max Output Tokens) must stay within it.',
	},
	{
		displayName: 'When Over Budget',
		name: 'budgetAction',
		type: 'options',
		default: 'stop',
		description: 'What happens to the item that would pass a budget, and to the items after it',
		options: [
			{ name: 'Stop', value: 'stop', description: 'Fail the node with a message naming the spend and the budget' },
			{ name: 'Skip Remaining Items', value: 'skip', description: 'Send nothing more; pass the remaining items through marked skipped: "budget"' },
		],
	},
	{
		displayName: 'Daily Budget (USD)',
		name: 'dailyBudgetUsd',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 6 },
		description:
			'Most the workflow may spend per UTC day through nodes with this option (0 = none). Best effort: kept in the workflow\'s static data, which n8n saves after production executions; executions running at the same time may overshoot by what they have in flight.',
	},
	{
		displayName: 'Budget Token Counting',
		name: 'budgetTokenCounting',
		type: 'options',
		default: 'estimate',
		description: 'How prompt tokens are counted for the budget estimate',
		options: [
			{ name: 'Estimate Locally', value: 'estimate', description: 'One token per 4 characters, no request' },
			{ name: 'Count Tokens', value: 'countTokens', description: 'Ask Gemini\'s countTokens (free, one request per item)' },
		],
	},
];

function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName.localeCompare(b.displayName);
}

/**
 * Node version 1 kept every option in one `options` collection; from 1.1 the options that steer
 * the request rather than the answer live in `requestOptions`. Workflows saved with version 1 keep
 * their layout (n8n shows and runs each node at its saved version), so nothing saved breaks.
 */
export const REQUEST_OPTIONS_VERSION = 1.1;
const onlyVersion1 = { show: { '@version': [1] } };
const fromRequestOptionsVersion = { hide: { '@version': [1] } };

/** The node-specific halves of the two collections. */
export interface NodeOptions {
	options?: INodeProperties[];
	requestOptions?: INodeProperties[];
}

/**
 * The `options` collection (what to ask the model: shared options plus the node's own) and the
 * `requestOptions` collection (retries, timeout, concurrency, prices), each in alphabetical order.
 */
export function optionCollections(node: NodeOptions = {}): INodeProperties[] {
	const requestOptions = [...sharedRequestOptions, ...(node.requestOptions ?? [])];
	const savedInOptions = requestOptions.map((option) => ({ ...option, displayOptions: onlyVersion1 }));
	return [
		optionsCollection([...sharedOptions, ...(node.options ?? []), ...savedInOptions]),
		{ ...requestOptionsCollection(requestOptions), displayOptions: fromRequestOptionsVersion },
	];
}

/** The `options` collection holding exactly `options`, sorted (nodes without version 1: the chat model). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [...options].sort(byDisplayName) };
}

/** The `requestOptions` collection holding exactly `options`, sorted. */
export function requestOptionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Request Option',
		default: {},
		description: 'How requests are sent, retried and priced',
		options: [...options].sort(byDisplayName),
	};
}

/** Names that live in `requestOptions` from version 1.1 and in `options` in version 1. */
export const REQUEST_OPTION_NAMES: readonly string[] = [...sharedRequestOptions, concurrencyOption, estimateCostOnlyOption, ...budgetOptions].map((o) => o.name);

/** Model, prompt, tier and safety: the head of every node's parameter list. */
export function commonProperties(tier: INodeProperties = serviceTierProperty()): INodeProperties[] {
	return [modelProperty, promptProperty, tier, safetySettingsProperty];
}

/** The model's settings without the prompt, for nodes whose input comes first (Extract). */
export function modelSettingsProperties(tier: INodeProperties = serviceTierProperty()): INodeProperties[] {
	return [modelProperty, tier, safetySettingsProperty];
}

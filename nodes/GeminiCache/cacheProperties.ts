import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../shared/parameters/listProperties';
import { modelProperty } from '../shared/parameters/properties';

/** Gemini Cache's parameters. */

const NAMED_OPERATIONS = ['get', 'updateTtl', 'delete'];

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'create',
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a context cache',
			description: 'Cache a document, files or a long instruction once; reports its storage cost and break-even',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete a context cache', description: 'Remove a cache now (storage stops being billed)' },
		{ name: 'Get', value: 'get', action: 'Get a context cache', description: 'A cache with its token count and expiry' },
		{ name: 'List', value: 'list', action: 'List context caches', description: 'The caches of this API key' },
		{ name: 'Update TTL', value: 'updateTtl', action: 'Update the TTL of a context cache', description: 'Keep a cache longer, or let it expire sooner' },
	],
};

/** TTL or expire time, for Create and Update TTL. */
const expiryProperties: INodeProperties[] = [
	{
		displayName: 'Expiration',
		name: 'expiration',
		type: 'options',
		default: 'ttl',
		options: [
			{ name: 'Time to Live', value: 'ttl', description: 'Expire this many seconds from now' },
			{ name: 'Expire Time', value: 'expireTime', description: 'Expire at a date and time' },
		],
	},
	{
		displayName: 'TTL (Seconds)',
		name: 'ttlSeconds',
		type: 'number',
		default: 3600,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { expiration: ['ttl'] } },
		description: 'How long the cache lives; storage is billed per token-hour for this time unless it is deleted sooner',
	},
	{
		displayName: 'Expire Time',
		name: 'expireTime',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { expiration: ['expireTime'] } },
		description: 'When the cache expires (must be in the future)',
	},
];

const createOptions: INodeProperties[] = [
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		placeholder: 'e.g. contract-2026',
		description: 'Name of the cache; a short unique suffix is added so a lost answer can be found instead of creating a second cache',
	},
	{
		displayName: 'System Instruction',
		name: 'systemInstruction',
		type: 'string',
		default: '',
		typeOptions: { rows: 4 },
		description: 'Instruction cached with the content; requests using the cache cannot set their own',
	},
	{
		displayName: 'Tools (JSON)',
		name: 'tools',
		type: 'json',
		default: '[]',
		description: 'Gemini tools cached with the content, e.g. [{"functionDeclarations":[…]}] or [{"codeExecution":{}}]',
	},
];

export const cacheProperties: INodeProperties[] = [
	operationProperty,
	...updateDisplayOptions({ show: { operation: ['create'] } }, [
		{ ...modelProperty, description: 'The model the cache is for; only requests to this model can use it' },
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			default: '',
			typeOptions: { rows: 6 },
			placeholder: 'e.g. {{ $json.document }}',
			description: 'Text to cache (a document, a transcript, a long instruction). Needs at least the model\'s minimum (1,024 to 4,096 tokens).',
		},
		{
			displayName: 'Binary Properties',
			name: 'binaryProperties',
			type: 'string',
			default: '',
			placeholder: 'e.g. data, attachment',
			description: 'Binary fields of the item to cache (PDF, images, audio, video), comma-separated; files over 20 MB together go through the Files API',
		},
		...expiryProperties,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: createOptions,
		},
	]),
	...updateDisplayOptions({ show: { operation: NAMED_OPERATIONS } }, [
		{
			displayName: 'Cache Name',
			name: 'cacheName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. cachedContents/abc123',
			description: 'The cache, as returned by Create (field cache.name)',
		},
	]),
	...updateDisplayOptions({ show: { operation: ['updateTtl'] } }, expiryProperties),
	...updateDisplayOptions({ show: { operation: ['list'] } }, returnAllAndLimit),
];

/** Shows the operation under the node's name on the canvas. */
export const OPERATION_SUBTITLE = `={{ ${JSON.stringify(
	Object.fromEntries((operationProperty.options as Array<{ name: string; value: string }>).map((o) => [o.value, o.name])),
)}[$parameter["operation"]] }}`;

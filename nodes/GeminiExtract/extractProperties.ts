import type { INodeProperties } from 'n8n-workflow';
import { sharedContextOptions } from '../shared/cache/withSharedContext';

import { fallbackModelOption } from '../shared/parameters/properties';

/** Gemini Extract's own parameters (names fixed: saved workflows depend on them). */

const FIELD_TYPES = [
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Date', value: 'date', description: 'A calendar date, YYYY-MM-DD' },
	{ name: 'Enum', value: 'enum', description: 'One of a list of values' },
	{ name: 'Integer', value: 'integer' },
	{ name: 'Number', value: 'number' },
	{ name: 'Object', value: 'object', description: 'Give its fields as name.field' },
	{ name: 'String', value: 'string' },
];

export const DEFAULT_INSTRUCTION =
	'Extract the requested information from the input. Leave out anything the input does not contain; never invent values.';

export const extractProperties: INodeProperties[] = [
	{
		displayName: 'Instruction',
		name: 'instruction',
		type: 'string',
		default: DEFAULT_INSTRUCTION,
		typeOptions: { rows: 2 },
		description: 'Sent as the system instruction, before any System Instruction option',
	},
	{
		displayName: 'Schema Source',
		name: 'schemaSource',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		options: [
			{ name: 'Example JSON', value: 'example', description: 'Infer the schema from an example of the result' },
			{ name: 'Field List', value: 'fields', description: 'List the fields to extract; no JSON needed' },
			{ name: 'JSON Schema', value: 'jsonSchema', description: 'Paste a JSON Schema' },
		],
		description: 'How to describe the data to extract',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Field',
		displayOptions: { show: { schemaSource: ['fields'] } },
		description:
			'The fields to extract. Name nested fields with dots (customer.name) and fields of a list of objects with [] (lineItems[].total).',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				// A row reads like a column definition: Name, Type (and what the type needs), then
				// Description and Required. Alphabetical order would put Description first.
				// eslint-disable-next-line n8n-nodes-base/node-param-fixed-collection-type-unsorted-items
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. invoiceNumber, customer.name, lineItems[].total',
						description: 'Use dots for nested fields and [] for a list of objects',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'string',
						options: [...FIELD_TYPES, { name: 'Array', value: 'array', description: 'A list of values' }].sort((a, b) =>
							a.name.localeCompare(b.name),
						),
					},
					{
						displayName: 'Item Type',
						name: 'itemType',
						type: 'options',
						default: 'string',
						displayOptions: { show: { type: ['array'] } },
						options: FIELD_TYPES,
						description: 'Type of the elements of the list',
					},
					{
						displayName: 'Values',
						name: 'enumValues',
						type: 'string',
						default: '',
						placeholder: 'e.g. paid, open, overdue',
						displayOptions: { show: { type: ['enum', 'array'] } },
						description: 'Comma-separated values the field may take (for Enum, or a list of Enum)',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'What the field holds; helps the model find it',
					},
					{
						displayName: 'Required',
						name: 'required',
						type: 'boolean',
						default: false,
						description: 'Whether the answer must contain this field',
					},
				],
			},
		],
	},
	{
		displayName: 'JSON Schema',
		name: 'jsonSchema',
		type: 'json',
		default:
			'{\n  "type": "object",\n  "properties": {\n    "invoiceNumber": { "type": "string" },\n    "total": { "type": "number" }\n  },\n  "required": ["invoiceNumber", "total"]\n}',
		displayOptions: { show: { schemaSource: ['jsonSchema'] } },
		description: 'A JSON Schema for the result (the subset Gemini accepts for structured output)',
	},
	{
		displayName: 'Example',
		name: 'example',
		type: 'json',
		default: '{\n  "invoiceNumber": "INV-001",\n  "total": 120.5,\n  "dueDate": "2026-01-31"\n}',
		displayOptions: { show: { schemaSource: ['example'] } },
		description: 'An example of the result; every key in it is required',
	},
];

export const extractOptions: INodeProperties[] = [
	fallbackModelOption,
	...sharedContextOptions,
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1, maxValue: 10 },
		description:
			'Tries in all, repairs included: an answer that is not valid JSON, is cut off or breaks the schema is sent back to the model with the problems',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'data',
		options: [
			{ name: 'Fields on the Item', value: 'spread', description: "The object's fields go directly on the item" },
			{ name: 'Under Data', value: 'data', description: 'The object goes under "data"' },
		],
		description: 'Where the extracted object goes on the output item',
	},
	{
		displayName: 'Split Array Into Items',
		name: 'splitArray',
		type: 'boolean',
		default: false,
		description:
			'Whether a top-level array becomes one item per element (each paired with the source item; the call\'s usage and cost are on the first)',
	},
];

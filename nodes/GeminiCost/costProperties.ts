import type { INodeProperties } from 'n8n-workflow';

const show = (operation: string) => ({ displayOptions: { show: { operation: [operation] } } });

export const costProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Summarize',
				value: 'summarize',
				action: 'Summarize the cost of items',
				description: 'Totals and breakdowns by model, tier and node of the usage and cost on the input items',
			},
			{
				name: 'Compare',
				value: 'compare',
				action: 'Compare the cost under other models and tiers',
				description: 'What the same token counts would cost under other models and tiers (what-if)',
			},
		],
		default: 'summarize',
	},
	{
		displayName: 'Runs per Day',
		name: 'runsPerDay',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'Projects this run’s cost to a day and a 30-day month at this many runs per day (0 = no projection)',
		...show('summarize'),
	},
	{
		displayName: 'Models to Compare',
		name: 'compareModels',
		type: 'string',
		default: '',
		placeholder: 'gemini-2.5-flash-lite, gemini-2.5-pro',
		description:
			'Comma-separated model IDs, each priced on every tier below. Empty: the model the items used on every tier, plus Flash-Lite, Flash and Pro of the same generation on Standard.',
		...show('compare'),
	},
	{
		displayName: 'Tiers to Compare',
		name: 'compareTiers',
		type: 'multiOptions',
		options: [
			{ name: 'Batch', value: 'batch' },
			{ name: 'Flex', value: 'flex' },
			{ name: 'Priority', value: 'priority' },
			{ name: 'Standard', value: 'standard' },
		],
		default: [],
		description: 'Empty: all four for the model the items used (Standard for the models you list)',
		...show('compare'),
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Items', value: 'items', description: 'Summary item, or one item per compared option' },
			{ name: 'Markdown Table', value: 'markdown', description: 'Adds a Markdown table (for Slack) in the field "table"; Compare gives one item with its rows and the table' },
			{ name: 'HTML Table', value: 'html', description: 'Adds an HTML table (for email) in the field "table"; Compare gives one item with its rows and the table' },
		],
		default: 'items',
	},
];

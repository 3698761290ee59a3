import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../shared/parameters/listProperties';
import { sharedContextOptions } from '../shared/cache/withSharedContext';
import {
	commonProperties,
	budgetOptions,
	concurrencyOption,
	optionCollections,
	serviceTierProperty,
} from '../shared/parameters/properties';

/** Gemini Batch's parameters (names fixed: saved workflows depend on them). */

export const SUBMIT_OPERATIONS = ['submit', 'submitAndWait'];
const JOB_OPERATIONS = ['getStatus', 'getResults', 'cancel', 'delete'];

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'submit',
	options: [
		{ name: 'Cancel', value: 'cancel', action: 'Cancel a batch job', description: 'Stop a job that has not finished' },
		{ name: 'Delete', value: 'delete', action: 'Delete a batch job', description: 'Remove a job and its results' },
		{ name: 'Get Results', value: 'getResults', action: 'Get the results of a batch job', description: 'One item per request, with usage and cost at the batch price' },
		{
			name: 'Get Status',
			value: 'getStatus',
			action: 'Get the status of a batch job',
			description: "The job's state, request counts and times",
		},
		{ name: 'List', value: 'list', action: 'List batch jobs', description: 'The jobs of this API key, newest first' },
		{
			name: 'Submit',
			value: 'submit',
			action: 'Submit the input items as one batch job',
			description: 'Every input item becomes one request of a single job',
		},
		{
			name: 'Submit and Wait',
			value: 'submitAndWait',
			action: 'Submit a batch job and wait for its results',
			description: 'Submit, poll until the job is done, then return its results (for short jobs)',
		},
	],
};

const submitOnly = { show: { operation: SUBMIT_OPERATIONS } };

/** Bulk jobs: prompts (and keys) read from item fields, without n8n's expression engine. */
const promptSourceProperty: INodeProperties = {
	displayName: 'Prompt Source',
	name: 'promptSource',
	type: 'options',
	noDataExpression: true,
	default: 'expression',
	options: [
		{ name: 'Prompt Parameter', value: 'expression', description: 'Each prompt from the Prompt parameter (text and expressions)' },
		{
			name: 'Item Field',
			value: 'field',
			description: "Each prompt from a field of the item, read as it is: much faster for large jobs (Batch tier only)",
		},
	],
	description: 'Where each request takes its prompt from',
};

const fieldMode = { show: { promptSource: ['field'] } };

const promptFieldProperties: INodeProperties[] = [
	{
		displayName: 'Prompt Field',
		name: 'promptField',
		type: 'string',
		default: 'prompt',
		required: true,
		displayOptions: fieldMode,
		placeholder: 'e.g. prompt',
		description: 'Name of the top-level item field that holds each prompt (text), e.g. "prompt" for {"prompt": "…"}',
	},
	{
		displayName: 'Key Field',
		name: 'keyField',
		type: 'string',
		default: '',
		displayOptions: fieldMode,
		placeholder: 'e.g. ticketId',
		description: 'Name of the item field that holds each request key (text or a number, unique in the job). Empty: the Request Key parameter.',
	},
];

const batchTier = serviceTierProperty(
	[
		{
			name: 'Batch',
			value: 'batch',
			description: 'Half price, answered within 24 hours (usually much sooner) as one job',
		},
	],
	'batch',
);

const submitOptions: INodeProperties[] = [
	// Requests sent now (Flex, Standard, Priority) only: a job runs after the execution has ended.
	...sharedContextOptions.map((option) => ({ ...option, description: `${option.description} Flex, Standard and Priority only: a Batch job runs after this execution has ended, when the cache would be gone.` })),
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		placeholder: 'e.g. nightly-ticket-summaries',
		description: 'Name of the job in Google AI Studio and for the Gemini Batch Trigger filter',
	},
	{
		displayName: 'Estimate Cost',
		name: 'estimateCost',
		type: 'boolean',
		default: false,
		description:
			'Whether to count the input tokens first (one countTokens call per request) and report the input cost at the batch price',
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		default: 60,
		typeOptions: { minValue: 0.1 },
		description: 'Submit and Wait: how long to wait for the job before failing (use the Gemini Batch Trigger for longer jobs)',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0.1 },
		description:
			'Submit and Wait: the longest wait between status checks. The first check comes after 2 seconds and the wait grows from there, so a short job returns quickly.',
	},
];

const submitRequestOptions: INodeProperties[] = [
	{
		...concurrencyOption,
		description: 'For the Flex, Standard and Priority tiers (requests sent now): how many at the same time',
	},
	// A budget checks each request before it is sent, so it applies to the tiers sent now; a
	// Batch-tier job is one submission (check it first with Estimate Cost).
	...budgetOptions.map((option) => ({ ...option, description: `${option.description ?? ''} Flex, Standard and Priority tiers only.`.trim() })),
];

/** Shows the operation's display name ("Submit and Wait") under the node's name on the canvas. */
export const OPERATION_SUBTITLE = `={{ ${JSON.stringify(
	Object.fromEntries((operationProperty.options as Array<{ name: string; value: string }>).map((o) => [o.value, o.name])),
)}[$parameter["operation"]] }}`;

export const batchProperties: INodeProperties[] = [
	operationProperty,
	...updateDisplayOptions(submitOnly, [
		// Prompt Source next to the prompt it replaces; Prompt shows in its default mode only.
		...commonProperties(batchTier).flatMap((property) =>
			property.name === 'prompt'
				? [promptSourceProperty, { ...property, displayOptions: { show: { promptSource: ['expression'] } } }, ...promptFieldProperties]
				: [property],
		),
		{
			displayName: 'Request Key',
			name: 'requestKey',
			type: 'string',
			default: '={{ $itemIndex }}',
			description:
				'Key of each request, unique within the job; results come back with it. By default the item index.',
		},
		...optionCollections({ options: submitOptions, requestOptions: submitRequestOptions }),
	]),
	...updateDisplayOptions({ show: { operation: JOB_OPERATIONS } }, [
		{
			displayName: 'Batch Name',
			name: 'batchName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. batches/abc123',
			description: 'The job, as returned by Submit (field batch.name)',
		},
	]),
	...updateDisplayOptions({ show: { operation: ['list'] } }, returnAllAndLimit),
];

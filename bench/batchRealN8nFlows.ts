/**
 * The workflows of the Batch Submit bench in a real n8n (batchRealN8n.ts). Each one: Webhook (POST,
 * answers when the last node is done, no data back) → Split Out (`body.prompts`, one item per
 * prompt in a `prompt` field) → the contender, alone. Contenders:
 *
 * - set: n8n's Set node (Edit Fields) writing `={{ $json.prompt }}` to a field: n8n's own floor
 *   for evaluating the expression Submit evaluates, over the same items;
 * - noop: No Operation, the engine's share (items in, items out);
 * - expr: Gemini Batch Submit with Prompt `={{ $json.prompt }}` (Request Key left at its default);
 * - field: Gemini Batch Submit with Prompt Source "Item Field" reading `prompt`.
 */
import { randomUUID } from 'node:crypto';

import { EXAMPLE_CREDENTIAL_ID } from '../scripts/n8n/examples';
import type { WorkflowRecord } from '../scripts/n8n/harness';

export type Contender = 'set' | 'noop' | 'expr' | 'field';

export const CONTENDER_NODE = 'Contender';
export const MODEL = 'gemini-2.5-flash';

const contenderNodes: Record<Contender, { type: string; typeVersion: number; parameters: Record<string, unknown>; gemini?: true }> = {
	set: {
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: { assignments: [{ id: randomUUID(), name: 'text', value: '={{ $json.prompt }}', type: 'string' }] },
			options: {},
		},
	},
	noop: { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	expr: {
		type: 'n8n-nodes-gemini-meter.geminiBatch',
		typeVersion: 1.1,
		parameters: { operation: 'submit', model: { __rl: true, mode: 'id', value: MODEL }, prompt: '={{ $json.prompt }}', options: { displayName: 'bench-expr' } },
		gemini: true,
	},
	field: {
		type: 'n8n-nodes-gemini-meter.geminiBatch',
		typeVersion: 1.1,
		parameters: { operation: 'submit', model: { __rl: true, mode: 'id', value: MODEL }, promptSource: 'field', promptField: 'prompt', options: { displayName: 'bench-field' } },
		gemini: true,
	},
};

export const webhookPathOf = (contender: Contender) => `bench/batch-${contender}`;
/** 16 characters, like n8n's own ids. */
export const workflowIdOf = (contender: Contender) => `benchBatchN8n${contender.slice(0, 3).padEnd(3, 'x')}`;

export function contenderWorkflow(contender: Contender): WorkflowRecord {
	const spec = contenderNodes[contender];
	const at = (x: number) => [x, 0];
	const nodes = [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: at(0),
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: webhookPathOf(contender), responseMode: 'lastNode', responseData: 'noData', options: {} },
		},
		{
			id: randomUUID(),
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: at(220),
			parameters: { fieldToSplitOut: 'body.prompts', include: 'noOtherFields', options: { destinationFieldName: 'prompt' } },
		},
		{
			id: randomUUID(),
			name: CONTENDER_NODE,
			type: spec.type,
			typeVersion: spec.typeVersion,
			position: at(440),
			parameters: spec.parameters,
			...(spec.gemini ? { credentials: { geminiApi: { id: EXAMPLE_CREDENTIAL_ID, name: 'Gemini API' } } } : {}),
		},
	];
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		id: workflowIdOf(contender),
		name: `Bench: Batch Submit in n8n, ${contender}`,
		nodes,
		connections: { Webhook: to('Split Out'), 'Split Out': to(CONTENDER_NODE) },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

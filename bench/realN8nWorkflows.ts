/**
 * The workflows the real-n8n benchmark imports. All start the same way: Webhook (POST, answers
 * when the last node is done) → Split Out (`body.prompts` → one item per prompt, in a `prompt`
 * field), and end in a No-Op named Done. In between:
 *
 * - No-Op: nothing (n8n's own share: webhook, execution start and save, Split Out, Done).
 * - Set: one Set node (Edit Fields) evaluating `{{ $json.prompt }}` per item, the expression our
 *   node evaluates: n8n's own floor for that expression.
 * - HTTP Request: n8n's HTTP Request node has no concurrency limit of its own (its Batching option
 *   only sleeps between batches when the interval is over 0; with 0 every item's request is fired
 *   at once). The idiomatic way to bound it is Loop Over Items (Split in Batches v3, batch size c)
 *   → HTTP Request → back to Loop Over Items, whose "done" output goes on to Done. It POSTs the
 *   body our node sends ({contents: [{role: user, parts: [{text}]}]}) with the key in an
 *   `x-goog-api-key` header.
 * - Gemini Generate: our node with Concurrency = c.
 */
import { randomUUID } from 'node:crypto';

import { EXAMPLE_CREDENTIAL_ID } from '../scripts/n8n/examples';
import type { WorkflowRecord } from '../scripts/n8n/harness';

export const MODEL = 'gemini-2.5-flash';
export const LOOP_NODE = 'Loop Over Items';
export const HTTP_NODE = 'HTTP Request';
export const GEMINI_NODE = 'Gemini Generate';
export const SET_NODE = 'Edit Fields';
export const DONE_NODE = 'Done';

export type Path = 'noOp' | 'set' | 'http' | 'gemini';

/** One workflow under test: its id, webhook path and the nodes whose time counts. */
export interface Subject {
	path: Path;
	/** Requests in flight (the HTTP Request and Gemini Generate paths); 0 for the others. */
	concurrency: number;
	workflow: WorkflowRecord;
	webhookPath: string;
	timedNodes: string[];
}

type Node = Record<string, unknown>;

function node(name: string, type: string, typeVersion: number, x: number, parameters: Record<string, unknown>, extra: Node = {}): Node {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

const link = (target: string) => [{ node: target, type: 'main', index: 0 }];

/** Fixed-length ids like n8n's own (16 characters). */
function workflowId(path: Path, concurrency: number): string {
	return `benchN8n${path.slice(0, 4).padEnd(4, 'x')}C${String(concurrency).padStart(3, '0')}`;
}

/** Webhook → Split Out → `middle` (a chain, each linked to the next) → Done. */
function subject(path: Path, concurrency: number, name: string, middle: Node[], timedNodes: string[], extraLinks: Record<string, unknown> = {}): Subject {
	const webhookPath = `bench/${path}-c${concurrency}`;
	const nodes = [
		node(
			'Webhook',
			'n8n-nodes-base.webhook',
			2.1,
			0,
			{ httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'noData', options: {} },
			{ webhookId: randomUUID() },
		),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, 220, {
			fieldToSplitOut: 'body.prompts',
			include: 'noOtherFields',
			options: { destinationFieldName: 'prompt' },
		}),
		...middle,
		node(DONE_NODE, 'n8n-nodes-base.noOp', 1, 660, {}),
	];
	const chain = nodes.map((n) => n.name as string);
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < chain.length; i++) connections[chain[i]] = { main: [link(chain[i + 1])] };
	Object.assign(connections, extraLinks);
	const id = workflowId(path, concurrency);
	const workflow: WorkflowRecord = { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
	return { path, concurrency, webhookPath, workflow, timedNodes };
}

/** Webhook → Split Out → Done. */
export const noOpSubject = (): Subject => subject('noOp', 0, 'Bench: No-Op', [], []);

/** Webhook → Split Out → Edit Fields (`prompt` = `{{ $json.prompt }}`) → Done. */
export function setSubject(): Subject {
	const set = node(SET_NODE, 'n8n-nodes-base.set', 3.4, 440, {
		mode: 'manual',
		assignments: { assignments: [{ id: randomUUID(), name: 'prompt', value: '={{ $json.prompt }}', type: 'string' }] },
		options: {},
	});
	return subject('set', 0, 'Bench: Set with {{ $json.prompt }}', [set], [SET_NODE]);
}

/** Webhook → Split Out → Loop Over Items (batch size c) ⇄ HTTP Request; done → Done. */
export function httpSubject(fakeUrl: string, apiKey: string, concurrency: number): Subject {
	const loop = node(LOOP_NODE, 'n8n-nodes-base.splitInBatches', 3, 440, { batchSize: concurrency, options: {} });
	const http = node(HTTP_NODE, 'n8n-nodes-base.httpRequest', 4.5, 660, {
		method: 'POST',
		url: `${fakeUrl}/v1beta/models/${MODEL}:generateContent`,
		authentication: 'none',
		sendHeaders: true,
		specifyHeaders: 'keypair',
		headerParameters: { parameters: [{ name: 'x-goog-api-key', value: apiKey }] },
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody: "={{ { contents: [{ role: 'user', parts: [{ text: $json.prompt }] }] } }}",
		options: {},
	});
	// Split in Batches v3: output 0 is "done", output 1 is "loop".
	const links = { [LOOP_NODE]: { main: [link(DONE_NODE), link(HTTP_NODE)] }, [HTTP_NODE]: { main: [link(LOOP_NODE)] } };
	return subject('http', concurrency, `Bench: HTTP Request, Loop Over Items of ${concurrency}`, [loop, http], [LOOP_NODE, HTTP_NODE], links);
}

/** Webhook → Split Out → Gemini Generate (Concurrency c) → Done. */
export function geminiSubject(concurrency: number): Subject {
	const gemini = node(
		GEMINI_NODE,
		'n8n-nodes-gemini-meter.geminiGenerate',
		1.1,
		440,
		{ model: { __rl: true, mode: 'id', value: MODEL }, prompt: '={{ $json.prompt }}', requestOptions: { concurrency } },
		{ credentials: { geminiApi: { id: EXAMPLE_CREDENTIAL_ID, name: 'Gemini API' } } },
	);
	return subject('gemini', concurrency, `Bench: Gemini Generate, concurrency ${concurrency}`, [gemini], [GEMINI_NODE]);
}

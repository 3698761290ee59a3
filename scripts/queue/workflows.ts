import type { WorkflowRecord } from '../n8n/harness';
import { EXAMPLE_IDS, loadExamples } from '../n8n/examples';

/**
 * The list example (Webhook → Split Out → Gemini Generate, answering with every item) under its own
 * id and webhook path with other Request Options: the 429 storm's and the queue bench's workflow.
 */
export function listWorkflow(options: { id: string; name: string; path: string; requestOptions: Record<string, unknown> }): WorkflowRecord {
	const example = loadExamples().find((workflow) => workflow.id === EXAMPLE_IDS['answer-questions-webhook'])!;
	const nodes = example.nodes.map((node) => {
		const parameters = node.parameters as Record<string, unknown>;
		if (node.name === 'Webhook') return { ...node, webhookId: options.id, parameters: { ...parameters, path: options.path } };
		if (node.name === 'Gemini Generate') return { ...node, parameters: { ...parameters, requestOptions: options.requestOptions } };
		return node;
	});
	return { ...example, id: options.id, name: options.name, nodes };
}

import { Workflow, type INode } from 'n8n-workflow';

import { GeminiBatch } from '../../nodes/GeminiBatch/GeminiBatch.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { newNodeVersion, nodeTypesWith } from './engine';

/** Canvas subtitles, evaluated by n8n's expression engine as the editor does for a node on the canvas. */
function subtitleOf(nodeType: GeminiBatch | GeminiGenerate, parameters: INode['parameters']): unknown {
	const typeName = `n8n-nodes-gemini-meter.${nodeType.description.name}`;
	const node: INode = { id: 'n', name: 'Node', type: typeName, typeVersion: newNodeVersion(nodeType), position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesWith(typeName, nodeType) });
	return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle as string, 'internal', {});
}

describe('canvas subtitles', () => {
	it.each([
		['submit', 'Submit'],
		['submitAndWait', 'Submit and Wait'],
		['getStatus', 'Get Status'],
		['getResults', 'Get Results'],
		['list', 'List'],
	])('Gemini Batch with operation %s shows "%s"', (operation, shown) => {
		expect(subtitleOf(new GeminiBatch(), { operation })).toBe(shown);
	});

	it('Gemini Generate shows the model, from the list or typed as an ID', () => {
		expect(subtitleOf(new GeminiGenerate(), { model: { __rl: true, mode: 'list', value: 'gemini-2.5-pro' } })).toBe('gemini-2.5-pro');
		expect(subtitleOf(new GeminiGenerate(), { model: 'gemini-2.5-flash' })).toBe('gemini-2.5-flash');
	});
});

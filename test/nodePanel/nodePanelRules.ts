import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import type { Codex } from './packageNodes';

/**
 * How the node panel of n8n 2.41's editor (the "node creator") places a node, reduced to the
 * rules that decide whether users find it. Each function mirrors one in n8n-io/n8n,
 * packages/frontend/editor-ui/src/features/shared/nodeCreator/: filterOutAiNodes
 * (composables/useViewStacks.ts), subcategorizeItems (nodeCreator.utils.ts), and
 * generateNodeActions / generateMergedNodesAndActions (composables/useActionsGeneration.ts).
 * test/e2e/editor.e2e.test.ts checks the outcome in the real editor.
 */

/** The subcategory the panel's "On app event" (trigger view) and "Action in an app" lists show. */
export const APP_SUBCATEGORY = '*';

/**
 * Search leaves out a node of category AI unless its AI subcategories include "Root Nodes"
 * (everywhere except the AI view, and on any canvas without AI nodes yet).
 */
export function hiddenFromSearch(codex: Codex): boolean {
	if (!codex.categories?.includes('AI')) return false;
	return !codex.subcategories?.AI?.includes('Root Nodes');
}

/**
 * The panel lists a node under the subcategories of its "Core Nodes", "AI" or "HITL" category;
 * a node with none of these is an app node, listed under "On app event" / "Action in an app".
 */
export function panelSubcategories(codex: Codex): string[] {
	const listed = ['Core Nodes', 'AI', 'HITL'].flatMap((category) =>
		codex.categories?.includes(category) ? (codex.subcategories?.[category] ?? []) : [],
	);
	return listed.length > 0 ? listed : [APP_SUBCATEGORY];
}

const options = (property: INodeProperties | undefined) => (property?.options ?? []) as INodePropertyOptions[];

/** A node as the panel sees it: its description and its codex (the `.node.json` file). */
export interface PanelNode {
	description: INodeTypeDescription;
	codex: Codex;
}

/** How many actions ("Submit a batch job", …) the panel offers for a node. */
export function panelActionCount({ description, codex }: PanelNode): number {
	const ai = codex.subcategories?.AI ?? [];
	if (ai.includes('Tools') && !ai.includes('Root Nodes')) return 0;
	const find = (name: string) => description.properties.find((p) => p.name.toLowerCase() === name);
	const triggerActions = description.displayName.toLowerCase().includes('trigger') ? 1 : 0;
	const resource = description.properties.find((p) => p.name === 'resource');
	// With a `resource` parameter, actions come from its options only: none if it has none.
	const operationActions = resource && options(resource).length === 0 ? 0 : options(find('operation')).length;
	const modeActions = codex.categories?.includes('AI') ? options(find('mode')).length : 0;
	return triggerActions + operationActions + modeActions;
}

/**
 * The node a trigger is folded into: `<name>Trigger` joins node `<name>` when that node has
 * panel actions, and the panel then shows one entry with the trigger's description.
 */
export function foldedInto(trigger: PanelNode, nodes: PanelNode[]): string | undefined {
	const base = trigger.description.name.replace('Trigger', '');
	const node = nodes.find((n) => n.description.name === base && !n.description.group.includes('trigger'));
	return node && panelActionCount(node) > 0 ? node.description.name : undefined;
}


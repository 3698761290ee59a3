import type { INodeProperties } from 'n8n-workflow';

/**
 * Keeps a node and its trigger apart in n8n's node panel.
 *
 * The panel folds a trigger named `<name>Trigger` into the node `<name>` when that node has panel
 * actions (one per option of its `operation` parameter): one entry is left, showing the trigger's
 * description, and the trigger no longer appears on its own (n8n 2.41 editor,
 * `generateMergedNodesAndActions` in packages/frontend/editor-ui/src/features/shared/nodeCreator/
 * composables/useActionsGeneration.ts, https://github.com/n8n-io/n8n). A node that has a
 * `resource` parameter takes its panel actions from the options of that parameter only
 * (`operationsCategory` / `resourceCategories` there), so a hidden `resource` without options
 * leaves the node with no panel actions and both nodes keep their own entry. The operation is
 * then chosen in the node's panel, as for any node added without an action.
 *
 * The value is never read; workflows saved without it load unchanged. A node using it also sets
 * `skipNameGeneration: true`: n8n names a new node with a resource and an operation after both
 * ("Submit batchJob") unless told to keep `defaults.name`.
 */
export const ownPanelEntryProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'hidden',
	noDataExpression: true,
	default: 'batchJob',
};

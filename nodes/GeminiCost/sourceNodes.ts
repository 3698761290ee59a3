import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

/** Our nodes that meter calls (the type's last part): the ones a cost can come from. */
const METERING_NODE = /^gemini(Generate|Stream|Extract|Batch|BatchTrigger)$/;

function samePairedItems(item: INodeExecutionData): IPairedItemData[] {
	const paired = item.pairedItem;
	if (paired === undefined) return [];
	if (typeof paired === 'number') return [{ item: paired }];
	return Array.isArray(paired) ? paired : [paired];
}

const costKey = (json: IDataObject) => JSON.stringify(json.cost ?? null);

/**
 * The node each input item's cost came from. The previous node when it is one of ours; otherwise
 * (a Merge, a Set in between) the item is followed back along its paired items to the nearest
 * metering ancestor whose item carries the very same cost. Falls back to the previous node's name.
 */
export function sourceNodeNames(ctx: IExecuteFunctions, items: INodeExecutionData[]): string[] {
	const source = ctx.getInputSourceData(0);
	const previous = source?.previousNode ?? 'unknown';
	const ancestors = ctx
		.getParentNodes(ctx.getNode().name)
		.filter((node) => METERING_NODE.test(node.type.split('.').pop() ?? ''))
		.map((node) => node.name);
	if (ancestors.includes(previous) || ancestors.length === 0) return items.map(() => previous);
	return items.map((item, itemIndex) => {
		const key = costKey(item.json);
		const proxy = ctx.getWorkflowDataProxy(itemIndex);
		for (const ancestor of ancestors) {
			for (const paired of samePairedItems(item)) {
				try {
					const found = proxy.$getPairedItem(ancestor, source, paired);
					if (found && costKey(found.json) === key) return ancestor;
				} catch {
					// No paired-item path to this ancestor: try the next one.
				}
			}
		}
		return previous;
	});
}

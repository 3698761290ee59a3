import { NodeConnectionTypes, type IExecuteFunctions } from 'n8n-workflow';

import type { N8nTool } from '../tools/declarations';

/** What a toolkit looks like: n8n's StructuredToolkit (`tools`) or a LangChain toolkit (`getTools()`). */
interface Toolkit {
	tools?: unknown[];
	getTools?: () => unknown[];
}

const isTool = (value: unknown): value is N8nTool =>
	typeof value === 'object' && value !== null && typeof (value as N8nTool).name === 'string' && typeof (value as N8nTool).invoke === 'function';

/** The n8n tools connected to the node's Tools (`ai_tool`) input, toolkits opened; [] when none. */
export async function connectedTools(ctx: IExecuteFunctions, itemIndex = 0): Promise<N8nTool[]> {
	if (!ctx.getNodeInputs().some((input) => input.type === NodeConnectionTypes.AiTool)) return [];
	const supplied = (await ctx.getInputConnectionData(NodeConnectionTypes.AiTool, itemIndex)) as unknown;
	const list = Array.isArray(supplied) ? supplied : supplied === undefined || supplied === null ? [] : [supplied];
	return list.flatMap((entry: unknown) => {
		if (isTool(entry)) return [entry];
		const kit = entry as Toolkit;
		const tools = Array.isArray(kit?.tools) ? kit.tools : typeof kit?.getTools === 'function' ? kit.getTools() : [];
		return tools.filter(isTool);
	});
}

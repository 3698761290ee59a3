import { getParametersJsonSchema, type Tool } from '@n8n/ai-node-sdk';

/**
 * The agent's tools → Gemini `tools[].functionDeclarations`, each tool's parameters as JSON
 * Schema in `parametersJsonSchema` (https://ai.google.dev/api/caching#FunctionDeclaration), so no
 * conversion to Gemini's OpenAPI subset is needed. Gemini's built-in tools (Google Search…) come
 * from the node's Built-in Tools option instead.
 */

export interface FunctionDeclarations {
	tools?: Array<{ functionDeclarations: Array<Record<string, unknown>> }>;
}

export function functionDeclarations(tools: Tool[]): FunctionDeclarations {
	const declarations = tools.flatMap((tool) => {
		if (tool.type !== 'function') return [];
		const schema = { ...(getParametersJsonSchema(tool) as Record<string, unknown>) };
		delete schema.$schema; // the dialect marker is not part of Gemini's accepted subset
		const declaration: Record<string, unknown> = { name: tool.name, parametersJsonSchema: schema };
		if (tool.description) declaration.description = tool.description;
		return [declaration];
	});
	return declarations.length ? { tools: [{ functionDeclarations: declarations }] } : {};
}

/**
 * Built-in tools → the request's `tools` list (https://ai.google.dev/api/caching#Tool). Pure.
 *
 * Google Search is `googleSearch` from Gemini 2.0 on; Gemini 1.5 knows only the older
 * `googleSearchRetrieval` (https://ai.google.dev/gemini-api/docs/google-search, "Gemini 1.5"
 * section). Nothing else is guessed here: a tool a model does not support is sent as asked, and
 * Google's 400 names the problem better than a local list that goes stale with every release.
 */

export const BUILT_IN_TOOLS = ['googleSearch', 'urlContext', 'codeExecution', 'googleMaps', 'fileSearch'] as const;
export type BuiltInTool = (typeof BUILT_IN_TOOLS)[number];

export interface ToolSettings {
	builtInTools: BuiltInTool[];
	/** `fileSearchStores/…` names for File Search. */
	fileSearchStoreNames: string[];
}

export type WireTool = Record<string, Record<string, unknown>>;

/** Gemini 1.5 (and tuned models of it) predate the googleSearch tool. */
function isGemini15(model: string): boolean {
	return /(^|\/)gemini-1\.5-/.test(model);
}

function wireTool(tool: BuiltInTool, model: string, settings: ToolSettings): WireTool {
	switch (tool) {
		case 'googleSearch':
			return isGemini15(model) ? { googleSearchRetrieval: {} } : { googleSearch: {} };
		case 'fileSearch':
			return { fileSearch: { fileSearchStoreNames: settings.fileSearchStoreNames } };
		default:
			return { [tool]: {} };
	}
}

/** One Tool per built-in tool, in the order of BUILT_IN_TOOLS; undefined when none is chosen. */
export function builtInToolsWire(settings: ToolSettings, model: string): WireTool[] | undefined {
	const chosen = BUILT_IN_TOOLS.filter((tool) => settings.builtInTools.includes(tool));
	return chosen.length ? chosen.map((tool) => wireTool(tool, model, settings)) : undefined;
}

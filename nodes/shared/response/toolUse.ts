/**
 * What a Gemini answer says about the billed tools it used, from the response's own fields.
 * Pure and lenient: any shape that is not the documented one counts as "not used".
 * Fields: candidates[].groundingMetadata.webSearchQueries / searchEntryPoint / groundingChunks[].web
 * (Google Search) and groundingChunks[].maps / googleMapsWidgetContextToken (Google Maps), see
 * https://ai.google.dev/api/generate-content#GroundingMetadata.
 */

export interface ToolUse {
	/** Search queries the model ran (Gemini 3 and newer bill each one). */
	searchQueries: number;
	/** Whether the answer was grounded with Google Search (Gemini 2.5 bills once per prompt). */
	searchGrounded: boolean;
	/** Whether the answer was grounded with Google Maps. */
	mapsGrounded: boolean;
}

export const NO_TOOL_USE: Readonly<ToolUse> = Object.freeze({ searchQueries: 0, searchGrounded: false, mapsGrounded: false });

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function groundingChunks(metadata: Record<string, unknown>, kind: 'web' | 'maps'): boolean {
	return Array.isArray(metadata.groundingChunks) && metadata.groundingChunks.some((chunk) => isRecord(chunk) && isRecord(chunk[kind]));
}

function searchQueries(metadata: Record<string, unknown>): number {
	const queries = metadata.webSearchQueries;
	return Array.isArray(queries) ? queries.filter((query) => typeof query === 'string').length : 0;
}

/** Tool use summed over every candidate of a GenerateContentResponse. */
export function toolUseOf(response: unknown): ToolUse {
	const candidates = isRecord(response) && Array.isArray(response.candidates) ? response.candidates : [];
	const use: ToolUse = { ...NO_TOOL_USE };
	for (const candidate of candidates) {
		const metadata = isRecord(candidate) ? candidate.groundingMetadata : undefined;
		if (!isRecord(metadata)) continue;
		const queries = searchQueries(metadata);
		use.searchQueries += queries;
		if (queries > 0 || isRecord(metadata.searchEntryPoint) || groundingChunks(metadata, 'web')) use.searchGrounded = true;
		if (groundingChunks(metadata, 'maps') || typeof metadata.googleMapsWidgetContextToken === 'string') use.mapsGrounded = true;
	}
	return use;
}

/** Whether any billed tool was used. */
export function usedTools(use: ToolUse): boolean {
	return use.searchQueries > 0 || use.searchGrounded || use.mapsGrounded;
}

/**
 * `candidate.citationMetadata`: sources the answer recites (https://ai.google.dev/api/generate-content#CitationMetadata).
 * The Gemini API names the list `citationSources`; Vertex AI names it `citations`. Pure.
 */

export interface CitationOut {
	uri: string | null;
	title: string | null;
	license: string | null;
	startIndex: number | null;
	endIndex: number | null;
}

export function citationsOf(metadata: unknown): CitationOut[] | undefined {
	const wire = metadata as { citationSources?: unknown; citations?: unknown } | undefined;
	const list = wire?.citationSources ?? wire?.citations;
	if (!Array.isArray(list) || list.length === 0) return undefined;
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
	return list.map((c: Record<string, unknown>) => ({
		uri: text(c?.uri),
		title: text(c?.title),
		license: text(c?.license),
		// A 0 start index is left out on the wire (proto3 default).
		startIndex: typeof c?.startIndex === 'number' ? c.startIndex : typeof c?.endIndex === 'number' ? 0 : null,
		endIndex: typeof c?.endIndex === 'number' ? c.endIndex : null,
	}));
}

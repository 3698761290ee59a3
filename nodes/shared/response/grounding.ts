/**
 * `candidate.groundingMetadata` (Google Search, Google Maps, File Search grounding) as items show
 * it: the search queries Gemini ran, the sources with title and URI, and which text each source
 * supports (https://ai.google.dev/api/generate-content#GroundingMetadata). Pure.
 */

export interface GroundingSource {
	title: string | null;
	uri: string | null;
	/** web (Google Search), maps (Google Maps) or retrievedContext (File Search). */
	type: string;
}

export interface GroundingSupport {
	text: string | null;
	startIndex: number | null;
	endIndex: number | null;
	/** Indexes into `sources`. */
	sources: number[];
	confidenceScores?: number[];
}

export interface GroundingOut {
	queries: string[];
	sources: GroundingSource[];
	supports: GroundingSupport[];
}

type Wire = Record<string, unknown>;

const asArray = (value: unknown): Wire[] => (Array.isArray(value) ? (value as Wire[]) : []);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

const SOURCE_KINDS = ['web', 'maps', 'retrievedContext', 'image'] as const;

function sourceOf(chunk: Wire): GroundingSource {
	for (const type of SOURCE_KINDS) {
		const source = chunk[type] as Wire | undefined;
		if (source && typeof source === 'object') return { title: stringOrNull(source.title), uri: stringOrNull(source.uri), type };
	}
	const [type = 'unknown'] = Object.keys(chunk);
	return { title: null, uri: null, type };
}

function supportOf(support: Wire): GroundingSupport {
	const segment = (support.segment ?? {}) as Wire;
	const out: GroundingSupport = {
		text: stringOrNull(segment.text),
		// The API leaves out a 0 start index (proto3 default).
		startIndex: numberOrNull(segment.startIndex) ?? (typeof segment.endIndex === 'number' ? 0 : null),
		endIndex: numberOrNull(segment.endIndex),
		sources: (Array.isArray(support.groundingChunkIndices) ? support.groundingChunkIndices : []).filter((i): i is number => typeof i === 'number'),
	};
	if (Array.isArray(support.confidenceScores)) out.confidenceScores = support.confidenceScores as number[];
	return out;
}

/** undefined when the answer carries no grounding (no metadata, or metadata with nothing in it). */
export function groundingOf(metadata: unknown): GroundingOut | undefined {
	if (!metadata || typeof metadata !== 'object') return undefined;
	const wire = metadata as Wire;
	const queries = [...(Array.isArray(wire.webSearchQueries) ? wire.webSearchQueries : []), ...(Array.isArray(wire.retrievalQueries) ? wire.retrievalQueries : [])].filter(
		(q): q is string => typeof q === 'string',
	);
	const grounding: GroundingOut = {
		queries,
		sources: asArray(wire.groundingChunks).map(sourceOf),
		supports: asArray(wire.groundingSupports).map(supportOf),
	};
	const empty = !grounding.queries.length && !grounding.sources.length && !grounding.supports.length;
	return empty ? undefined : grounding;
}

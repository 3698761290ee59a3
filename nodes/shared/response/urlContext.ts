/**
 * `candidate.urlContextMetadata` (URL Context tool): each URL the model fetched and whether it
 * could (https://ai.google.dev/api/generate-content#UrlContextMetadata). Pure.
 */

export interface UrlContextEntry {
	url: string | null;
	/** URL_RETRIEVAL_STATUS_SUCCESS, _ERROR, _PAYWALL, _UNSAFE… as Google names them. */
	status: string | null;
}

export function urlContextOf(metadata: unknown): UrlContextEntry[] | undefined {
	const list = (metadata as { urlMetadata?: unknown } | undefined)?.urlMetadata;
	if (!Array.isArray(list) || list.length === 0) return undefined;
	return list.map((entry: Record<string, unknown>) => ({
		url: typeof entry?.retrievedUrl === 'string' ? entry.retrievedUrl : null,
		status: typeof entry?.urlRetrievalStatus === 'string' ? entry.urlRetrievalStatus : null,
	}));
}

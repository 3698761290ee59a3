/**
 * How a request proves who sends it. The transport asks for headers before each request, asks
 * once for fresh ones after a 401, and redacts `secrets()` from every text it shows.
 */
export interface RequestAuth {
	/** Headers for a request to the API's own origin. */
	headers(): Promise<Record<string, string>>;
	/** After a 401: drops cached credentials; true when a new attempt may succeed. */
	invalidate(): boolean;
	/** Every secret a message could echo (key, token): redacted from errors and excerpts. */
	secrets(): string[];
}

/** AI Studio: the key, only ever in the `x-goog-api-key` header (never `?key=`, which ends up in logs). */
export function apiKeyAuth(apiKey: string): RequestAuth {
	return {
		headers: async () => ({ 'x-goog-api-key': apiKey }),
		invalidate: () => false,
		secrets: () => [apiKey],
	};
}

/** An OAuth access token pasted for a short test: sent as a bearer token, never refreshed. */
export function accessTokenAuth(accessToken: string): RequestAuth {
	const token = accessToken.trim();
	return {
		headers: async () => ({ authorization: `Bearer ${token}` }),
		invalidate: () => false,
		secrets: () => [token],
	};
}

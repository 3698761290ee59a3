import { accessTokenAuth, type RequestAuth } from './auth/apiKey';
import { ServiceAccountAuth } from './auth/serviceAccount';
import { parseServiceAccountKey } from './auth/serviceAccountKey';
import type { GeminiConnection } from './client';
import { vertexEndpoint } from './endpoints';

/** The decrypted `geminiApi` / `geminiVertexAi` credential data (credentials/*.credentials.ts). */
export interface GeminiApiCredentialData {
	apiKey?: unknown;
	baseUrl?: unknown;
	priceTable?: unknown;
}

export interface VertexCredentialData {
	authType?: unknown;
	serviceAccountKey?: unknown;
	accessToken?: unknown;
	projectId?: unknown;
	location?: unknown;
	apiEndpoint?: unknown;
	priceTable?: unknown;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function apiKeyConnection(data: GeminiApiCredentialData): GeminiConnection {
	return { apiKey: String(data.apiKey ?? ''), baseUrl: typeof data.baseUrl === 'string' ? data.baseUrl : undefined };
}

/**
 * The Vertex endpoint and its auth: a service-account key (project from the key unless set) or a
 * pasted access token. Throws a ServiceAccountKeyError / GeminiApiError naming the field to fix.
 */
export function vertexConnection(data: VertexCredentialData): GeminiConnection {
	let auth: RequestAuth;
	let keyProject: string | undefined;
	if (data.authType === 'accessToken') {
		auth = accessTokenAuth(text(data.accessToken));
	} else {
		const key = parseServiceAccountKey(data.serviceAccountKey);
		keyProject = key.projectId;
		auth = new ServiceAccountAuth(key);
	}
	const endpoint = vertexEndpoint({
		projectId: text(data.projectId) || keyProject || '',
		location: text(data.location) || 'global',
		apiEndpoint: text(data.apiEndpoint) || undefined,
	});
	return { endpoint, auth };
}


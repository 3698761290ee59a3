import { createHash } from 'node:crypto';
import { request, type Dispatcher } from 'undici';

import { sharedDispatcher } from '../agent';
import { GeminiApiError, redactSecrets } from '../googleError';
import type { RequestAuth } from './apiKey';
import { JWT_BEARER_GRANT, ServiceAccountKeyError, signAssertion, type ServiceAccountKey } from './serviceAccountKey';

/**
 * Access tokens for a service-account key: a signed JWT exchanged at the key's `token_uri`
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest), cached until
 * shortly before it expires, dropped once after a 401. The cache outlives one execution (tokens
 * last an hour; a workflow that runs every minute should not sign sixty JWTs an hour).
 */

/** A token is replaced this long before Google says it expires (clock skew, long requests). */
export const TOKEN_EXPIRY_MARGIN_MS = 5 * 60_000;
const TOKEN_TIMEOUT_MS = 30_000;

interface CachedToken {
	accessToken: string;
	expiresAtMs: number;
}

/** Keyed by a hash of the key, never the key itself. */
const tokenCache = new Map<string, CachedToken>();

export interface ServiceAccountAuthOptions {
	now?: () => number;
	dispatcher?: Dispatcher;
}

/** The token endpoint's error (`{error, error_description}`) without the assertion or any token. */
function tokenError(status: number, text: string, secrets: string[]): GeminiApiError {
	let detail = '';
	try {
		const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
		detail = [body.error, body.error_description].filter((v) => typeof v === 'string').join(': ');
	} catch {
		detail = text.slice(0, 200);
	}
	return new GeminiApiError({
		kind: 'http',
		httpStatus: status,
		googleStatus: status === 400 || status === 401 ? 'UNAUTHENTICATED' : undefined,
		message: redactSecrets(`The service account's key was refused by its token endpoint (HTTP ${status})${detail ? `: ${detail}` : ''}. Check the credential's Service Account Key (a deleted or disabled key is refused).`, secrets),
	});
}

function unreachable(tokenUri: string, error: unknown, secrets: string[]): GeminiApiError {
	const err = error as { code?: string; message?: string };
	return new GeminiApiError({
		kind: 'network',
		networkCode: err.code,
		message: redactSecrets(`Could not reach the service account's token endpoint ${new URL(tokenUri).origin}: ${err.message ?? String(error)}`, secrets),
	});
}

function unusableKey(error: unknown): GeminiApiError {
	return new GeminiApiError({ kind: 'http', message: error instanceof ServiceAccountKeyError ? error.message : 'The Service Account Key could not sign a token request' });
}

export class ServiceAccountAuth implements RequestAuth {
	private readonly cacheKey: string;

	private readonly now: () => number;

	private readonly dispatcher: Dispatcher;

	/** Every token this instance handed out, so a later error can still redact it. */
	private readonly issued: string[] = [];

	private pending?: Promise<CachedToken>;

	constructor(
		private readonly key: ServiceAccountKey,
		options: ServiceAccountAuthOptions = {},
	) {
		this.now = options.now ?? Date.now;
		this.dispatcher = options.dispatcher ?? sharedDispatcher();
		this.cacheKey = createHash('sha256').update(`${key.tokenUri}\n${key.clientEmail}\n${key.privateKey}`).digest('hex');
	}

	async headers(): Promise<Record<string, string>> {
		return { authorization: `Bearer ${(await this.token()).accessToken}` };
	}

	invalidate(): boolean {
		tokenCache.delete(this.cacheKey);
		return true;
	}

	secrets(): string[] {
		return [this.key.privateKey, ...this.issued];
	}

	private async token(): Promise<CachedToken> {
		const cached = tokenCache.get(this.cacheKey);
		if (cached && cached.expiresAtMs - TOKEN_EXPIRY_MARGIN_MS > this.now()) {
			this.remember(cached.accessToken);
			return cached;
		}
		// Items run concurrently: one exchange serves them all.
		this.pending ??= this.exchange().finally(() => (this.pending = undefined));
		return await this.pending;
	}

	private remember(token: string): void {
		if (!this.issued.includes(token)) this.issued.push(token);
	}

	private async exchange(): Promise<CachedToken> {
		const requestedAt = this.now();
		let assertion: string;
		try {
			assertion = signAssertion(this.key, requestedAt);
		} catch (error) {
			// A key that cannot sign is the credential's fault: an error naming it, never retried.
			throw unusableKey(error);
		}
		const secrets = [this.key.privateKey, assertion];
		let response: Dispatcher.ResponseData;
		try {
			response = await request(this.key.tokenUri, {
				method: 'POST',
				dispatcher: this.dispatcher,
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
				body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
				headersTimeout: TOKEN_TIMEOUT_MS,
				bodyTimeout: TOKEN_TIMEOUT_MS,
			});
		} catch (error) {
			throw unreachable(this.key.tokenUri, error, secrets);
		}
		const text = await response.body.text();
		if (response.statusCode !== 200) throw tokenError(response.statusCode, text, secrets);
		let body: { access_token?: unknown; expires_in?: unknown };
		try {
			body = JSON.parse(text) as typeof body;
		} catch {
			throw tokenError(response.statusCode, 'the answer is not JSON', secrets);
		}
		if (typeof body.access_token !== 'string' || body.access_token === '') throw tokenError(response.statusCode, 'no access_token in the answer', secrets);
		const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
		const token = { accessToken: body.access_token, expiresAtMs: requestedAt + lifetimeS * 1000 };
		this.remember(token.accessToken);
		tokenCache.set(this.cacheKey, token);
		return token;
	}
}

/** Tests only: forget every cached token. */
export function clearTokenCache(): void {
	tokenCache.clear();
}

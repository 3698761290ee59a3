/**
 * The fake's Google OAuth token endpoint for service accounts (JWT bearer grant,
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest) and the bearer
 * check of the Vertex AI routes. Service accounts are registered with the public half of a key
 * made at test time; an assertion is accepted only if that public key verifies its RS256 signature.
 */
import { createVerify, randomBytes } from 'node:crypto';
import type { RequestContext } from './context';
import { reply, type ErrorReply } from './errors';
import { readBody, sendJson } from './http';

export const TOKEN_PATH = '/token';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

interface IssuedToken {
	clientEmail: string;
	expiresAtMs: number;
}

export class FakeVertexAuth {
	private readonly publicKeys = new Map<string, string>();
	private readonly tokens = new Map<string, IssuedToken>();
	/** Seconds a new token lives (`expires_in`); tests shorten it. */
	tokenLifetimeS = 3600;
	/** Successful token exchanges so far. */
	exchanges = 0;

	/** Accepts assertions from `clientEmail` signed by the private half of `publicKeyPem`. */
	addServiceAccount(clientEmail: string, publicKeyPem: string): void {
		this.publicKeys.set(clientEmail, publicKeyPem);
	}

	/** A token valid now, as `gcloud auth print-access-token` would give. */
	issueToken(clientEmail = 'tester@example.com', lifetimeS = this.tokenLifetimeS): string {
		const token = `ya29.fake-${randomBytes(18).toString('base64url')}`;
		this.tokens.set(token, { clientEmail, expiresAtMs: Date.now() + lifetimeS * 1000 });
		return token;
	}

	/** Every token issued so far expires now (the next call with one gets a 401). */
	expireAll(): void {
		for (const token of this.tokens.values()) token.expiresAtMs = 0;
	}

	reset(): void {
		this.tokens.clear();
		this.exchanges = 0;
	}

	/** Undefined when the Authorization header carries a live token; else Google's 401. */
	check(authorization: string | string[] | undefined): ErrorReply | undefined {
		const match = /^Bearer (\S+)$/.exec(String(authorization ?? ''));
		const token = match ? this.tokens.get(match[1]) : undefined;
		if (token && token.expiresAtMs > Date.now()) return undefined;
		return reply(
			401,
			'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
			[{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: token ? 'ACCESS_TOKEN_EXPIRED' : 'CREDENTIALS_MISSING', domain: 'googleapis.com' }],
		);
	}

	/** The assertion's claims when its signature, issuer, audience, scope and times are right; else why not. */
	verifyAssertion(assertion: string, audience: string): { clientEmail: string } | { error: string } {
		const pieces = assertion.split('.');
		if (pieces.length !== 3) return { error: 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe' };
		let header: { alg?: string };
		let claims: { iss?: string; aud?: string; scope?: string; iat?: number; exp?: number };
		try {
			header = JSON.parse(Buffer.from(pieces[0], 'base64url').toString('utf8'));
			claims = JSON.parse(Buffer.from(pieces[1], 'base64url').toString('utf8'));
		} catch {
			return { error: 'Invalid JWT: unreadable header or claims' };
		}
		const publicKey = claims.iss ? this.publicKeys.get(claims.iss) : undefined;
		if (header.alg !== 'RS256' || !publicKey) return { error: 'Invalid JWT Signature.' };
		const signed = createVerify('RSA-SHA256').update(`${pieces[0]}.${pieces[1]}`).verify(publicKey, pieces[2], 'base64url');
		if (!signed) return { error: 'Invalid JWT Signature.' };
		const nowS = Date.now() / 1000;
		if (claims.aud !== audience) return { error: `Invalid JWT: aud must be ${audience}` };
		if (!String(claims.scope ?? '').split(' ').includes(CLOUD_PLATFORM_SCOPE)) return { error: 'Invalid OAuth scope or ID token audience provided.' };
		if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= nowS || claims.iat > nowS + 60 || claims.exp - claims.iat > 3600) {
			return { error: 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.' };
		}
		return { clientEmail: claims.iss as string };
	}
}

/** `POST /token` (form body): the OAuth answer `{access_token, expires_in, token_type}` or `{error, error_description}`. */
export async function handleTokenExchange(ctx: RequestContext): Promise<void> {
	const form = new URLSearchParams(await readBody(ctx.req));
	ctx.recorded.body = { grant_type: form.get('grant_type'), assertionLength: form.get('assertion')?.length ?? 0 };
	if (form.get('grant_type') !== JWT_BEARER_GRANT) {
		return sendJson(ctx.res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + String(form.get('grant_type')) });
	}
	const audience = `http://${ctx.req.headers.host ?? ''}${TOKEN_PATH}`;
	const checked = ctx.state.vertex.verifyAssertion(form.get('assertion') ?? '', audience);
	if ('error' in checked) return sendJson(ctx.res, 400, { error: 'invalid_grant', error_description: checked.error });
	const lifetimeS = ctx.state.vertex.tokenLifetimeS;
	const token = ctx.state.vertex.issueToken(checked.clientEmail, lifetimeS);
	ctx.state.vertex.exchanges += 1;
	sendJson(ctx.res, 200, { access_token: token, expires_in: lifetimeS, token_type: 'Bearer' });
}

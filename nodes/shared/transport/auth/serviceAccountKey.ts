import { createSign } from 'node:crypto';

/**
 * A Google service-account JSON key and the signed JWT it is exchanged with for an access token
 * (OAuth 2.0 JWT bearer grant, RS256): https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
 * Pure: no HTTP here (serviceAccount.ts does the exchange).
 */

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google accepts assertions valid for at most one hour. */
const ASSERTION_LIFETIME_S = 3600;

export interface ServiceAccountKey {
	clientEmail: string;
	privateKey: string;
	privateKeyId?: string;
	tokenUri: string;
	projectId?: string;
}

/** A key that cannot be used; the message never quotes the key's text. */
export class ServiceAccountKeyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ServiceAccountKeyError';
	}
}

function keyError(message: string): ServiceAccountKeyError {
	return new ServiceAccountKeyError(message);
}

function field(record: Record<string, unknown>, name: string): string | undefined {
	const value = record[name];
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Parses the JSON key file's text (or an already-parsed object, as n8n's json fields give). */
export function parseServiceAccountKey(raw: unknown): ServiceAccountKey {
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			// Why no excerpt: the text is the private key.
			throw keyError('Service Account Key is not valid JSON: paste the whole key file that Google Cloud downloaded');
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw keyError('Service Account Key must be the JSON object of a key file');
	}
	const record = parsed as Record<string, unknown>;
	if (record.type !== undefined && record.type !== 'service_account') {
		throw keyError(`Service Account Key has type "${String(record.type).slice(0, 40)}"; a "service_account" key is needed`);
	}
	const clientEmail = field(record, 'client_email');
	const privateKey = field(record, 'private_key');
	const missing = [clientEmail ? '' : 'client_email', privateKey ? '' : 'private_key'].filter(Boolean);
	if (!clientEmail || !privateKey) throw keyError(`Service Account Key lacks ${missing.join(' and ')}`);
	return {
		clientEmail,
		privateKey,
		privateKeyId: field(record, 'private_key_id'),
		tokenUri: field(record, 'token_uri') ?? GOOGLE_TOKEN_URI,
		projectId: field(record, 'project_id'),
	};
}

function base64UrlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The signed assertion `header.claims.signature` for the token endpoint. */
export function signAssertion(key: ServiceAccountKey, nowMs: number, scope = CLOUD_PLATFORM_SCOPE): string {
	const iat = Math.floor(nowMs / 1000);
	const header = { alg: 'RS256', typ: 'JWT', ...(key.privateKeyId ? { kid: key.privateKeyId } : {}) };
	const claims = { iss: key.clientEmail, scope, aud: key.tokenUri, iat, exp: iat + ASSERTION_LIFETIME_S };
	const unsigned = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
	let signature: string;
	try {
		signature = createSign('RSA-SHA256').update(unsigned).sign(key.privateKey, 'base64url');
	} catch {
		// node:crypto's message may describe the PEM; say only what to fix.
		throw keyError("Service Account Key's private_key is not a usable RSA private key (PEM)");
	}
	return `${unsigned}.${signature}`;
}

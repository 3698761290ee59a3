import { generateKeyPairSync } from 'node:crypto';

import { clearTokenCache, ServiceAccountAuth } from '../../nodes/shared/transport/auth/serviceAccount';
import { parseServiceAccountKey, ServiceAccountKeyError } from '../../nodes/shared/transport/auth/serviceAccountKey';
import { GeminiClient } from '../../nodes/shared/transport/GeminiClient';
import { vertexConnection } from '../../nodes/shared/transport/vertexConnection';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { failureOf } from './failure';

/** Vertex AI against the fake: a service-account key made here, its JWT checked by the fake's token endpoint. */

const EMAIL = 'n8n-runner@acme-prod.iam.gserviceaccount.com';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
/** The base64 body of the PEM: what must never appear anywhere. */
const privateKeyBody = privateKeyPem.split('\n')[5];
const generate = { contents: [{ role: 'user', parts: [{ text: 'hello vertex' }] }] };

let fake: FakeGemini;

function keyJson(overrides: Record<string, unknown> = {}): string {
	return JSON.stringify({ type: 'service_account', project_id: 'acme-prod', private_key_id: 'k1', private_key: privateKeyPem, client_email: EMAIL, token_uri: `${fake.url}/token`, ...overrides });
}

function vertexClient(overrides: Record<string, unknown> = {}, location = 'europe-west4'): GeminiClient {
	return new GeminiClient(vertexConnection({ serviceAccountKey: keyJson(overrides), location, apiEndpoint: fake.url }));
}

function generateCalls(): number {
	return fake.requests.filter((r) => r.path.includes(':generateContent')).length;
}

beforeAll(async () => {
	fake = await startFakeGemini();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => {
	fake.reset();
	fake.vertex.tokenLifetimeS = 3600;
	fake.vertex.addServiceAccount(EMAIL, publicKeyPem);
	clearTokenCache();
});

describe('Vertex AI with a service-account key', () => {
	it('signs a JWT the token endpoint verifies, then calls the project-scoped path with the bearer token', async () => {
		const { body } = await vertexClient().json<{ usageMetadata: Record<string, unknown> }>('POST', 'models/gemini-2.5-flash:generateContent', generate);
		expect(body.usageMetadata.trafficType).toBe('ON_DEMAND');
		expect(body.usageMetadata.serviceTier).toBeUndefined();
		const [token, call] = fake.requests;
		expect(token.path).toBe('/token');
		expect(call.path).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent');
		expect(call.headers.authorization).toMatch(/^Bearer ya29\.fake-/);
		expect(call.headers['x-goog-api-key']).toBeUndefined();
		expect(fake.vertex.exchanges).toBe(1);
	});

	it('reuses the token across clients until shortly before it expires', async () => {
		await vertexClient().json('POST', 'models/gemini-2.5-flash:generateContent', generate);
		await vertexClient().json('POST', 'models/gemini-2.5-flash:generateContent', generate);
		expect(fake.vertex.exchanges).toBe(1);
		// A token that lives less than the safety margin is replaced at once.
		clearTokenCache();
		fake.vertex.tokenLifetimeS = 120;
		await vertexClient().json('POST', 'models/gemini-2.5-flash:generateContent', generate);
		await vertexClient().json('POST', 'models/gemini-2.5-flash:generateContent', generate);
		expect(fake.vertex.exchanges).toBe(3);
	});

	it('after a 401 gets a new token once and sends the call again', async () => {
		const client = vertexClient();
		await client.json('POST', 'models/gemini-2.5-flash:generateContent', generate);
		fake.vertex.expireAll();
		const { statusCode } = await client.json('POST', 'models/gemini-2.5-flash:generateContent', generate);
		expect(statusCode).toBe(200);
		expect(fake.vertex.exchanges).toBe(2);
		expect(generateCalls()).toBe(3);
	});

	it('refreshes only once: a second 401 is the error, with Google status and no secret', async () => {
		fake.vertex.tokenLifetimeS = 0; // every token is born expired
		const error = await failureOf(vertexClient().json('POST', 'models/gemini-2.5-flash:generateContent', generate));
		expect(error.httpStatus).toBe(401);
		expect(error.googleStatus).toBe('UNAUTHENTICATED');
		expect(fake.vertex.exchanges).toBe(2);
		expect(generateCalls()).toBe(2);
		const shown = JSON.stringify({ message: error.message, details: error.toJSON() });
		expect(shown).not.toContain(privateKeyBody);
		expect(shown).not.toMatch(/ya29\.fake-/);
	});

	it('a key the token endpoint does not trust fails with its reason, never the key or the assertion', async () => {
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const error = await failureOf(vertexClient({ private_key: other }).json('POST', 'models/gemini-2.5-flash:generateContent', generate));
		expect(error.message).toMatch(/refused by its token endpoint \(HTTP 400\): invalid_grant: Invalid JWT Signature/);
		expect(error.message).not.toContain(other.split('\n')[5]);
		expect(generateCalls()).toBe(0);
	});

	it('the tier goes in the request-type header and comes back as trafficType; labels reach the body', async () => {
		const client = vertexClient({}, 'global');
		const { body } = await client.json<{ usageMetadata: Record<string, unknown> }>(
			'POST',
			'models/gemini-2.5-flash:generateContent',
			{ ...generate, serviceTier: 'flex' },
			{ labels: { team: 'ops' } },
		);
		expect(body.usageMetadata.trafficType).toBe('ON_DEMAND_FLEX');
		const call = fake.requests[fake.requests.length - 1];
		expect(call.headers['x-vertex-ai-llm-shared-request-type']).toBe('flex');
		expect(call.body).toEqual({ ...generate, labels: { team: 'ops' } });
	});

	it('reports provisioned throughput when the fake is told to', async () => {
		const { body } = await vertexClient().json<{ usageMetadata: Record<string, unknown> }>('POST', 'models/gemini-2.5-flash:generateContent', {
			contents: [{ role: 'user', parts: [{ text: 'hi [[fake:traffic=PROVISIONED_THROUGHPUT]]' }] }],
		});
		expect(body.usageMetadata.trafficType).toBe('PROVISIONED_THROUGHPUT');
	});

	it('streams on Vertex with the same parser', async () => {
		const stream = await vertexClient().stream('models/gemini-2.5-flash:streamGenerateContent?alt=sse', generate);
		const events: Array<{ usageMetadata?: { trafficType?: string } }> = [];
		for await (const event of stream.events) events.push(event as (typeof events)[number]);
		expect(events.length).toBeGreaterThan(1);
		expect(events[events.length - 1].usageMetadata?.trafficType).toBe('ON_DEMAND');
	});
});

describe('access token and key parsing', () => {
	it('a pasted access token is sent as is and never refreshed', async () => {
		const token = fake.vertex.issueToken();
		const client = new GeminiClient(vertexConnection({ authType: 'accessToken', accessToken: token, projectId: 'p9', location: 'us', apiEndpoint: fake.url }));
		await client.json('GET', 'models/gemini-2.5-flash', undefined);
		expect(fake.requests[0].path).toBe('/v1beta1/publishers/google/models/gemini-2.5-flash');
		fake.vertex.expireAll();
		const error = await failureOf(client.json('POST', 'models/gemini-2.5-flash:generateContent', generate));
		expect(error.httpStatus).toBe(401);
		expect(error.message).not.toContain(token);
		expect(generateCalls()).toBe(1);
	});

	it('names what is wrong with a key without quoting it', () => {
		expect(() => parseServiceAccountKey(`{"private_key": "${privateKeyBody}"`)).toThrow(ServiceAccountKeyError);
		try {
			parseServiceAccountKey(`{"private_key": "${privateKeyBody}"`);
		} catch (error) {
			expect((error as Error).message).not.toContain(privateKeyBody);
		}
		expect(() => parseServiceAccountKey({ client_email: EMAIL })).toThrow(/lacks private_key/);
		expect(() => parseServiceAccountKey({ type: 'authorized_user' })).toThrow(/"service_account" key is needed/);
		const auth = new ServiceAccountAuth(parseServiceAccountKey({ client_email: EMAIL, private_key: 'not a pem' }));
		return expect(auth.headers()).rejects.toThrow(/not a usable RSA private key/);
	});

	it('takes the project from the key unless the credential sets one', () => {
		const fromKey = vertexConnection({ serviceAccountKey: JSON.stringify({ client_email: EMAIL, private_key: privateKeyPem, project_id: 'from-key' }), location: 'global' });
		const set = vertexConnection({ serviceAccountKey: JSON.stringify({ client_email: EMAIL, private_key: privateKeyPem, project_id: 'from-key' }), projectId: 'chosen', location: 'global' });
		expect('endpoint' in fromKey && fromKey.endpoint.url('models/m:generateContent')).toContain('/projects/from-key/');
		expect('endpoint' in set && set.endpoint.url('models/m:generateContent')).toContain('/projects/chosen/');
	});
});

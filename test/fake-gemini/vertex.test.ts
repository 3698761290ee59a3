import { request } from 'undici';

import { startFakeGemini, type FakeGemini } from './server';

/** The fake's Vertex AI side at the HTTP level: paths, bearer check, Host recorded, Vertex's body rules. */

let fake: FakeGemini;
const PATH = '/v1/projects/p1/locations/eu/publishers/google/models/gemini-2.5-flash:generateContent';
const body = (text: string, extra: Record<string, unknown> = {}) => JSON.stringify({ contents: [{ role: 'user', parts: [{ text }] }], ...extra });

async function post(path: string, payload: string, headers: Record<string, string>) {
	const response = await request(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
	return { status: response.statusCode, json: (await response.body.json()) as Record<string, any> };
}

beforeAll(async () => {
	fake = await startFakeGemini();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

describe('fake Vertex AI', () => {
	it('answers a project-scoped call with a live token, records the Host, reports trafficType', async () => {
		const token = fake.vertex.issueToken();
		const answer = await post(PATH, body('hello', { labels: { team: 'ops' } }), { authorization: `Bearer ${token}`, host: 'aiplatform.eu.rep.googleapis.com' });
		expect(answer.status).toBe(200);
		expect(answer.json.usageMetadata.trafficType).toBe('ON_DEMAND');
		expect(answer.json.usageMetadata.serviceTier).toBeUndefined();
		expect(fake.requests[0].headers.host).toBe('aiplatform.eu.rep.googleapis.com');
	});

	it('refuses a missing, an unknown and an expired token with 401 UNAUTHENTICATED; an API key does not count', async () => {
		const token = fake.vertex.issueToken();
		fake.vertex.expireAll();
		const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${token}` }, { 'x-goog-api-key': fake.apiKey }];
		for (const headers of attempts) {
			const answer = await post(PATH, body('hi'), headers);
			expect(answer.status).toBe(401);
			expect(answer.json.error.status).toBe('UNAUTHENTICATED');
		}
	});

	it('takes the tier from the request-type header and refuses the Gemini API body field', async () => {
		const auth = { authorization: `Bearer ${fake.vertex.issueToken()}` };
		const flex = await post(PATH, body('hi'), { ...auth, 'x-vertex-ai-llm-shared-request-type': 'flex' });
		expect(flex.json.usageMetadata.trafficType).toBe('ON_DEMAND_FLEX');
		const refused = await post(PATH, body('hi', { serviceTier: 'flex' }), auth);
		expect(refused.status).toBe(400);
		expect(refused.json.error.message).toMatch(/Unknown name "serviceTier"/);
		const badTraffic = await post(PATH, body('hi [[fake:traffic=FREE]]'), auth);
		expect(badTraffic.status).toBe(400);
	});

	it('token endpoint: refuses a grant that is not a JWT bearer and an assertion from an unknown account', async () => {
		const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
		const wrongGrant = await request(`${fake.url}/token`, { method: 'POST', body: form({ grant_type: 'password' }) });
		expect(wrongGrant.statusCode).toBe(400);
		expect(((await wrongGrant.body.json()) as { error: string }).error).toBe('unsupported_grant_type');
		const unsigned = await request(`${fake.url}/token`, { method: 'POST', body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'a.b.c' }) });
		expect(unsigned.statusCode).toBe(400);
		expect(((await unsigned.body.json()) as { error: string }).error).toBe('invalid_grant');
	});
});

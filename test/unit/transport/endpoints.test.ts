import { aiStudioEndpoint, vertexEndpoint, vertexHost, vertexRequest, VERTEX_TIER_HEADER } from '../../../nodes/shared/transport/endpoints';
import { GeminiApiError } from '../../../nodes/shared/transport/googleError';

const target = { projectId: 'acme-prod', location: 'europe-west4' };

describe('vertexHost', () => {
	it.each([
		['global', 'aiplatform.googleapis.com'],
		['us', 'aiplatform.us.rep.googleapis.com'],
		['eu', 'aiplatform.eu.rep.googleapis.com'],
		['europe-west4', 'europe-west4-aiplatform.googleapis.com'],
		['us-central1', 'us-central1-aiplatform.googleapis.com'],
	])('%s → %s', (location, host) => {
		expect(vertexHost(location)).toBe(host);
	});
});

describe('vertexEndpoint', () => {
	it('puts model calls under the project, location and Google publisher on the regional host', () => {
		const endpoint = vertexEndpoint(target);
		expect(endpoint.url('models/gemini-2.5-flash:generateContent')).toBe(
			'https://europe-west4-aiplatform.googleapis.com/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent',
		);
		expect(endpoint.url('models/gemini-2.5-flash:streamGenerateContent?alt=sse')).toMatch(/\/publishers\/google\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/);
	});

	it('reads model metadata from the publisher catalogue (v1beta1) and scopes cached contents', () => {
		const endpoint = vertexEndpoint({ projectId: 'p1', location: 'global' });
		expect(endpoint.url('models/gemini-2.5-flash')).toBe('https://aiplatform.googleapis.com/v1beta1/publishers/google/models/gemini-2.5-flash');
		expect(endpoint.url('models?pageSize=1')).toBe('https://aiplatform.googleapis.com/v1beta1/publishers/google/models?pageSize=1');
		expect(endpoint.url('cachedContents/abc')).toBe('https://aiplatform.googleapis.com/v1/projects/p1/locations/global/cachedContents/abc');
	});

	it('uses the multi-region host for us and eu, and an override before any host', () => {
		expect(vertexEndpoint({ projectId: 'p', location: 'eu' }).baseUrl).toBe('https://aiplatform.eu.rep.googleapis.com');
		const local = vertexEndpoint({ projectId: 'p', location: 'us', apiEndpoint: 'http://127.0.0.1:9000/v1/' });
		expect(local.url('models/m:generateContent')).toBe('http://127.0.0.1:9000/v1/projects/p/locations/us/publishers/google/models/m:generateContent');
		expect(vertexEndpoint({ projectId: 'p', location: 'global', apiEndpoint: 'gateway.example.com' }).baseUrl).toBe('https://gateway.example.com');
	});

	it('refuses the Files and Batch APIs, naming the credential to use', () => {
		const endpoint = vertexEndpoint(target);
		for (const [path, prefix] of [['files', '/upload'], ['files/abc', ''], ['batches/x', ''], ['models/m:batchGenerateContent', ''], ['files/a:download', '/download']]) {
			expect(() => endpoint.url(path, prefix)).toThrow(GeminiApiError);
			expect(() => endpoint.url(path, prefix)).toThrow(/only on the Gemini API.*"Gemini API" credentials/);
		}
	});

	it('refuses a missing project and a location that is not one', () => {
		expect(() => vertexEndpoint({ projectId: '', location: 'global' })).toThrow(/Project ID/);
		expect(() => vertexEndpoint({ projectId: 'p', location: 'Europe West/../x' })).toThrow(/not a Vertex AI location/);
	});
});

describe('request bodies', () => {
	const body = { contents: [], serviceTier: 'flex' };

	it('Vertex: the tier moves to the request-type header, labels join the body', () => {
		expect(vertexRequest('models/m:generateContent', body, { team: 'ops' })).toEqual({
			body: { contents: [], labels: { team: 'ops' } },
			headers: { [VERTEX_TIER_HEADER]: 'flex' },
		});
		expect(vertexRequest('models/m:streamGenerateContent?alt=sse', { contents: [], serviceTier: 'standard' })).toEqual({ body: { contents: [] }, headers: {} });
		expect(vertexRequest('models/m:countTokens', body, { team: 'ops' })).toEqual({ body, headers: {} });
	});

	it('Vertex: a cache named in the short form gets the full resource name', () => {
		const endpoint = vertexEndpoint(target);
		expect(endpoint.adaptRequest('models/m:generateContent', { contents: [], cachedContent: 'cachedContents/c1' }).body).toEqual({
			contents: [],
			cachedContent: 'projects/acme-prod/locations/europe-west4/cachedContents/c1',
		});
	});

	it('AI Studio: the body as built, labels not sent', () => {
		expect(aiStudioEndpoint(undefined).adaptRequest('models/m:generateContent', body, { team: 'ops' })).toEqual({ body, headers: {} });
	});
});

import { citationsOf } from '../../../nodes/shared/response/citations';

describe('citationsOf', () => {
	it('reads citationSources (Gemini API) with a left-out start index as 0', () => {
		expect(citationsOf({ citationSources: [{ endIndex: 120, uri: 'https://example.com/x', license: 'mit' }] })).toEqual([
			{ uri: 'https://example.com/x', title: null, license: 'mit', startIndex: 0, endIndex: 120 },
		]);
	});

	it('reads citations (Vertex AI) too', () => {
		expect(citationsOf({ citations: [{ startIndex: 3, endIndex: 9, title: 'Book' }] })).toEqual([
			{ uri: null, title: 'Book', license: null, startIndex: 3, endIndex: 9 },
		]);
	});

	it('is undefined without citations', () => {
		expect(citationsOf(undefined)).toBeUndefined();
		expect(citationsOf({ citationSources: [] })).toBeUndefined();
	});
});

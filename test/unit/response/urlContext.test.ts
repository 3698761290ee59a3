import { urlContextOf } from '../../../nodes/shared/response/urlContext';

describe('urlContextOf', () => {
	it('lists each URL with its retrieval status', () => {
		expect(
			urlContextOf({
				urlMetadata: [
					{ retrievedUrl: 'https://example.com/a', urlRetrievalStatus: 'URL_RETRIEVAL_STATUS_SUCCESS' },
					{ retrievedUrl: 'https://example.com/b', urlRetrievalStatus: 'URL_RETRIEVAL_STATUS_ERROR' },
				],
			}),
		).toEqual([
			{ url: 'https://example.com/a', status: 'URL_RETRIEVAL_STATUS_SUCCESS' },
			{ url: 'https://example.com/b', status: 'URL_RETRIEVAL_STATUS_ERROR' },
		]);
	});

	it('is undefined when there is no URL metadata', () => {
		expect(urlContextOf(undefined)).toBeUndefined();
		expect(urlContextOf({ urlMetadata: [] })).toBeUndefined();
	});
});

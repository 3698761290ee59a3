import { toolUseOf, usedTools } from '../../../nodes/shared/response/toolUse';

describe('toolUseOf: billed tool use from the answer itself', () => {
	it.each([
		['no candidates', {}, { searchQueries: 0, searchGrounded: false, mapsGrounded: false }],
		['no grounding metadata', { candidates: [{ content: { parts: [{ text: 'hi' }] } }] }, { searchQueries: 0, searchGrounded: false, mapsGrounded: false }],
		[
			'Search with three queries',
			{ candidates: [{ groundingMetadata: { webSearchQueries: ['a', 'b', 'c'], searchEntryPoint: { renderedContent: '<div/>' } } }] },
			{ searchQueries: 3, searchGrounded: true, mapsGrounded: false },
		],
		[
			'Search chunks without a query list',
			{ candidates: [{ groundingMetadata: { groundingChunks: [{ web: { uri: 'https://example.com' } }] } }] },
			{ searchQueries: 0, searchGrounded: true, mapsGrounded: false },
		],
		[
			'Maps chunks',
			{ candidates: [{ groundingMetadata: { groundingChunks: [{ maps: { placeId: 'p' } }] } }] },
			{ searchQueries: 0, searchGrounded: false, mapsGrounded: true },
		],
		[
			'queries summed over candidates, non-strings ignored',
			{ candidates: [{ groundingMetadata: { webSearchQueries: ['a', 7] } }, { groundingMetadata: { webSearchQueries: ['b'] } }] },
			{ searchQueries: 2, searchGrounded: true, mapsGrounded: false },
		],
		['a malformed shape counts as no use', { candidates: 'nope' }, { searchQueries: 0, searchGrounded: false, mapsGrounded: false }],
	])('%s', (_label, response, expected) => {
		expect(toolUseOf(response)).toEqual(expected);
	});

	it('usedTools says whether anything billed was used', () => {
		expect(usedTools(toolUseOf({}))).toBe(false);
		expect(usedTools(toolUseOf({ candidates: [{ groundingMetadata: { webSearchQueries: ['q'] } }] }))).toBe(true);
	});
});

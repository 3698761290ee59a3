import { groundingOf } from '../../../nodes/shared/response/grounding';
import { recorded } from './recorded';

describe('groundingOf', () => {
	it('reads queries, sources and supports of a recorded Google Search answer', () => {
		const { candidate } = recorded('cookbook-google-search-grounding');
		const metadata = candidate.groundingMetadata as { groundingChunks: Array<{ web: { uri: string; title: string } }>; groundingSupports: unknown[] };
		const grounding = groundingOf(metadata)!;

		expect(grounding.queries).toEqual(['current Google stock price']);
		expect(grounding.sources).toEqual(metadata.groundingChunks.map((chunk) => ({ title: chunk.web.title, uri: chunk.web.uri, type: 'web' })));
		expect(grounding.sources[0].title).toBe('tradingview.com');
		expect(grounding.supports).toHaveLength(metadata.groundingSupports.length);
		expect(grounding.supports[0]).toEqual({
			text: '*   **GOOG (Alphabet Inc Class C):** $187.07',
			startIndex: 72,
			endIndex: 116,
			sources: [0],
			confidenceScores: [0.9517465],
		});
	});

	it('reads Maps and File Search sources, and a start index the wire left out as 0', () => {
		const grounding = groundingOf({
			groundingChunks: [{ maps: { uri: 'https://maps.google.com/?cid=1', title: 'Cafe' } }, { retrievedContext: { uri: 'doc.pdf', title: 'Doc' } }],
			groundingSupports: [{ segment: { endIndex: 5, text: 'Hello' }, groundingChunkIndices: [1] }],
		})!;

		expect(grounding.sources).toEqual([
			{ title: 'Cafe', uri: 'https://maps.google.com/?cid=1', type: 'maps' },
			{ title: 'Doc', uri: 'doc.pdf', type: 'retrievedContext' },
		]);
		expect(grounding.supports).toEqual([{ text: 'Hello', startIndex: 0, endIndex: 5, sources: [1] }]);
		expect(grounding.queries).toEqual([]);
	});

	it('is undefined without metadata or with empty metadata', () => {
		expect(groundingOf(undefined)).toBeUndefined();
		expect(groundingOf({ searchEntryPoint: { renderedContent: '<div/>' } })).toBeUndefined();
	});
});

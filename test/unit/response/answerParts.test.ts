import { mapGenerateResponse, parseGenerateResponse } from '../../../nodes/shared/response/mapGenerateResponse';
import { recorded } from './recorded';

const map = (name: string) => mapGenerateResponse(parseGenerateResponse(recorded(name).body));

describe('mapGenerateResponse: the parts besides text', () => {
	it('a plain text answer has none of them and no warning', () => {
		const mapped = mapGenerateResponse(parseGenerateResponse({ candidates: [{ content: { parts: [{ text: 'hi' }] }, finishReason: 'STOP' }] }));
		expect(mapped.parts).toEqual({});
		expect(mapped.files).toEqual([]);
		expect(mapped.warnings).toEqual([]);
	});

	it('a recorded function call: the call, the finish message and a warning that it was not run', () => {
		const mapped = map('vercel-google-tool-call');
		expect(mapped.text).toBe('');
		expect(Object.keys(mapped.parts)).toEqual(['functionCalls', 'finishMessage']);
		expect(mapped.parts.finishMessage).toBe('Model generated function call(s).');
		expect(mapped.warnings).toEqual([expect.stringContaining('weather')]);
	});

	it('a recorded grounded answer: grounding only', () => {
		const mapped = map('cookbook-google-search-grounding');
		expect(Object.keys(mapped.parts)).toEqual(['grounding']);
		expect(mapped.parts.grounding?.sources.length).toBeGreaterThan(0);
	});

	it('a recorded image answer: the file and the count', () => {
		const mapped = map('vercel-google-image');
		expect(mapped.parts).toEqual({ media: { images: 1, audio: 0 } });
		expect(mapped.files).toHaveLength(1);
	});

	it('a recorded NO_IMAGE answer: a warning, not an empty success', () => {
		const mapped = map('vercel-google-image-no-image');
		expect(mapped.finishReason).toBe('NO_IMAGE');
		expect(mapped.warnings).toEqual([expect.stringContaining('NO_IMAGE')]);
		expect(mapped.safety.blocked).toBe(false);
	});

	it('MALFORMED_FUNCTION_CALL: warning and finishMessage', () => {
		const mapped = mapGenerateResponse(
			parseGenerateResponse({ candidates: [{ content: {}, finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: x(' }] }),
		);
		expect(mapped.parts).toEqual({ finishMessage: 'Malformed function call: x(' });
		expect(mapped.warnings).toEqual([expect.stringContaining('MALFORMED_FUNCTION_CALL')]);
	});

	it.each(['IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION', 'SPII', 'RECITATION'])('%s blocks the answer like SAFETY', (reason) => {
		const mapped = mapGenerateResponse(parseGenerateResponse({ candidates: [{ content: {}, finishReason: reason }] }));
		expect(mapped.safety).toMatchObject({ blocked: true, blockReason: reason });
		expect(mapped.warnings[0]).toContain(reason);
	});
});

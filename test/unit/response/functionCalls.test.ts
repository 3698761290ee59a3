import { functionCallsOf } from '../../../nodes/shared/response/functionCalls';
import { recorded } from './recorded';

describe('functionCallsOf', () => {
	it('reads the call of a recorded Gemini 3 answer: name and arguments', () => {
		expect(functionCallsOf(recorded('vercel-google-tool-call').parts)).toEqual([{ name: 'weather', args: { location: 'San Francisco' } }]);
	});

	it('keeps the call id when Google sends one, and every call in order', () => {
		const parts = [
			{ functionCall: { name: 'a', args: { x: 1 }, id: 'call-1' } },
			{ text: 'between' },
			{ functionCall: { name: 'b' } },
		];
		expect(functionCallsOf(parts)).toEqual([
			{ name: 'a', args: { x: 1 }, id: 'call-1' },
			{ name: 'b', args: {} },
		]);
	});

	it('finds nothing in a text answer or in a call without a name', () => {
		expect(functionCallsOf([{ text: 'hi' }, { functionCall: { args: {} } }])).toEqual([]);
	});
});

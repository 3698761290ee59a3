import { holdsExpression } from '../../../nodes/shared/parameters/onceOrPerItem';

describe('holdsExpression', () => {
	it('finds an expression in a string, a collection or a list, at any depth', () => {
		expect(holdsExpression('={{ $json.prompt }}')).toBe(true);
		expect(holdsExpression({ temperature: 0.2, systemInstruction: '=Answer as {{ $json.role }}' })).toBe(true);
		expect(holdsExpression({ priceOverride: { prices: { input: '={{ 1 }}' } } })).toBe(true);
		expect(holdsExpression(['a', ['=b']])).toBe(true);
		expect(holdsExpression({ __rl: true, mode: 'id', value: '={{ $json.model }}' })).toBe(true);
	});

	it('plain values, defaults and text that only mentions braces or "=" are no expression', () => {
		for (const value of ['gemini-2.5-flash', 'a = b', '{{ $json.x }}', '', 0, 0.3, true, null, undefined, {}, [], { __rl: true, mode: 'list', value: 'gemini-2.5-pro' }]) {
			expect(holdsExpression(value)).toBe(false);
		}
	});
});

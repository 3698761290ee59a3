import { picoToUsd, usdDecimalText } from '../../nodes/shared/pricing/money';

describe('usdDecimalText', () => {
	it.each<[number, string]>([
		[9e-7, '0.0000009'],
		[0.0000018, '0.0000018'],
		[0.00007305, '0.00007305'],
		[1e-12, '0.000000000001'],
		[0, '0'],
		[1.25, '1.25'],
		[1234.5, '1234.5'],
		[-0.0000009, '-0.0000009'],
	])('writes %p as %s, never in exponent form', (usd, text) => {
		expect(usdDecimalText(usd)).toBe(text);
	});

	it('is exact for every picodollar amount the engine produces', () => {
		for (const pico of [1, 7, 999_999, 1_000_001, 123_456_789_012, 9_007_199_254_740]) {
			const text = usdDecimalText(picoToUsd(pico));
			expect(BigInt(text.replace('.', '').replace(/^0+/, '') + '0'.repeat(12 - (text.split('.')[1] ?? '').length))).toBe(BigInt(pico));
		}
	});
});

import { lineAndColumn, parseJsonText } from '../../../nodes/shared/schema/jsonText';

describe('parseJsonText', () => {
	it.each([
		['{}'],
		['[]'],
		[' {"a": [1, -2.5e+3, 0, true, false, null, "x\\u00e9\\n\\"q\\""]} '],
		['"just a string"'],
		['-0.0E-1'],
	])('agrees with JSON.parse on valid %s', (text) => {
		expect(parseJsonText(text)).toEqual({ ok: true, value: JSON.parse(text) as unknown });
	});

	it.each([
		['{"a": 01}', 'unexpected character "1", expected "," or "}" after a property value', 7, false],
		['{"a": 1.}', 'unexpected character "}", expected a digit after the decimal point', 8, false],
		['{"a": "x\ty"}', 'unescaped control character in a string', 8, false],
		['{"a": "\\x"}', 'unexpected character "x", expected a valid escape sequence', 8, false],
		['{"a": "\\u12g4"}', 'unexpected character "g", expected 4 hex digits after \\u', 11, false],
		['[1 2]', 'unexpected character "2", expected "," or "]" after an array element', 3, false],
		['{"a" 1}', 'unexpected character "1", expected ":" after a property name', 5, false],
		['nul', 'unexpected end of input, expected "null"', 3, true],
		['{"a": "abc', 'unterminated string', 10, true],
		['', 'unexpected end of input, expected a JSON value', 0, true],
		['\uFEFF{}', 'unexpected character "\uFEFF", expected a JSON value', 0, false],
	])('finds the problem in %j', (text, message, position, atEnd) => {
		expect(() => JSON.parse(text)).toThrow();
		expect(parseJsonText(text)).toEqual({ ok: false, message, position, atEnd });
	});
});

describe('lineAndColumn', () => {
	it('counts from 1', () => {
		expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
		expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
	});
});

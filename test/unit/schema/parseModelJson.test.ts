import { parseModelJson } from '../../../nodes/shared/schema';

describe('parseModelJson', () => {
	it('parses bare JSON with surrounding whitespace', () => {
		expect(parseModelJson('\n  {"a": 1, "b": [true, null]}  \n', 'STOP')).toEqual({ ok: true, value: { a: 1, b: [true, null] } });
		expect(parseModelJson('[1, 2]', null)).toEqual({ ok: true, value: [1, 2] });
	});

	it('tolerates a ```json fence and a bare ``` fence', () => {
		expect(parseModelJson('```json\n{"total": 12.5}\n```', 'STOP')).toEqual({ ok: true, value: { total: 12.5 } });
		expect(parseModelJson('  ```\n["x"]\n```\n', 'STOP')).toEqual({ ok: true, value: ['x'] });
		expect(parseModelJson('```JSON {"a":"```"}```', 'STOP')).toEqual({ ok: true, value: { a: '```' } });
	});

	it('says a MAX_TOKENS answer was cut off, with its length', () => {
		const text = '{"items": [{"sku": "A1"}, {"sku": "B';

		expect(parseModelJson(text, 'MAX_TOKENS')).toEqual({
			ok: false,
			problem: `the answer was cut off (truncated) at ${text.length} characters before the JSON was complete (finish reason MAX_TOKENS: the answer hit the output token limit; raise Max Output Tokens)`,
		});
	});

	it('says a cut-off answer was truncated even without MAX_TOKENS, when the JSON ends early', () => {
		expect(parseModelJson('{"a": [1, 2', 'STOP')).toEqual({ ok: false, problem: 'the answer was cut off (truncated) at 11 characters before the JSON was complete' });
		expect(parseModelJson('```json\n{"a": "unterminated', null)).toEqual({
			ok: false,
			problem: 'the answer was cut off (truncated) at 27 characters before the JSON was complete',
		});
	});

	it('accepts complete JSON even when the finish reason is MAX_TOKENS', () => {
		expect(parseModelJson('{"a": 1}', 'MAX_TOKENS')).toEqual({ ok: true, value: { a: 1 } });
	});

	it('reports garbage as not valid JSON with the position', () => {
		expect(parseModelJson('Here is the JSON: {"a": 1}', 'STOP')).toEqual({
			ok: false,
			problem: 'not valid JSON: unexpected character "H", expected a JSON value at position 0',
		});
		expect(parseModelJson('{"a": 1,}', 'STOP')).toEqual({
			ok: false,
			problem: 'not valid JSON: unexpected character "}", expected a property name in double quotes at position 8',
		});
		expect(parseModelJson('{"a": 1} and more', 'STOP')).toEqual({ ok: false, problem: 'not valid JSON: unexpected text after the JSON value at position 9' });
		expect(parseModelJson("{'a': 1}", 'STOP')).toEqual({
			ok: false,
			problem: 'not valid JSON: unexpected character "\'", expected a property name in double quotes at position 1',
		});
	});

	it('reports an empty answer', () => {
		expect(parseModelJson('  ', 'STOP')).toEqual({ ok: false, problem: 'the answer was empty; expected a JSON value' });
		expect(parseModelJson('', 'MAX_TOKENS')).toEqual({ ok: false, problem: expect.stringContaining('cut off (truncated) at 0 characters') });
	});
});

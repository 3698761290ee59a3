import { repairInstruction } from '../../../nodes/shared/schema';

describe('repairInstruction', () => {
	it('lists every problem and asks for the complete JSON only', () => {
		const text = repairInstruction(['items[2].total: expected number, got string', 'customer.email: required']);

		expect(text).toBe(
			[
				'Your previous answer was invalid:',
				'- items[2].total: expected number, got string',
				'- customer.email: required',
				'',
				'Answer again with the complete JSON value, matching the response schema exactly, with every problem above fixed.',
				'Reply with the JSON only: no explanation, no Markdown, no code fence.',
			].join('\n'),
		);
	});

	it('takes a single problem as a string', () => {
		const text = repairInstruction('not valid JSON: unexpected character "H", expected a JSON value at position 0');

		expect(text.split('\n')[1]).toBe('- not valid JSON: unexpected character "H", expected a JSON value at position 0');
		expect(text).toContain('complete JSON value');
	});

	it('still says what is wanted when no problem text is given', () => {
		expect(repairInstruction([' ', ''])).toContain('- it did not match the response schema');
	});
});

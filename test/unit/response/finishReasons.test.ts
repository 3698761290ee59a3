import { BLOCKING_FINISH_REASONS, finishWarning } from '../../../nodes/shared/response/finishReasons';

describe('finishWarning', () => {
	it.each(['STOP', 'FINISH_REASON_UNSPECIFIED', null, undefined])('says nothing for a normal finish (%s)', (reason) => {
		expect(finishWarning(reason)).toBeUndefined();
	});

	it('tells a cut-off answer to raise Max Output Tokens', () => {
		expect(finishWarning('MAX_TOKENS')).toMatch(/cut off.*raise Max Output Tokens/);
	});

	it.each([
		'MALFORMED_FUNCTION_CALL',
		'NO_IMAGE',
		'IMAGE_SAFETY',
		'IMAGE_PROHIBITED_CONTENT',
		'IMAGE_RECITATION',
		'IMAGE_OTHER',
		'RECITATION',
		'SPII',
		'OTHER',
	])('names %s in its warning', (reason) => {
		expect(finishWarning(reason)).toContain(reason);
	});

	it('still warns for a finish reason Google adds later', () => {
		expect(finishWarning('SOMETHING_NEW')).toContain('SOMETHING_NEW');
	});

	it('treats the withheld-answer reasons as blocking, and not a cut-off or an empty image', () => {
		for (const reason of ['SAFETY', 'RECITATION', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']) {
			expect(BLOCKING_FINISH_REASONS.has(reason)).toBe(true);
		}
		for (const reason of ['MAX_TOKENS', 'NO_IMAGE', 'MALFORMED_FUNCTION_CALL', 'OTHER', 'STOP']) {
			expect(BLOCKING_FINISH_REASONS.has(reason)).toBe(false);
		}
	});
});

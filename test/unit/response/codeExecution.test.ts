import { codeExecutionOf } from '../../../nodes/shared/response/codeExecution';
import { recorded } from './recorded';

describe('codeExecutionOf', () => {
	it('pairs the recorded code with both of its results, in order', () => {
		expect(codeExecutionOf(recorded('vercel-google-code-execution').parts)).toEqual([
			{ language: 'PYTHON', code: "print('ok')\nprint(1/0)", outcome: 'OUTCOME_OK', output: 'ok\n' },
			{ language: 'PYTHON', code: "print('ok')\nprint(1/0)", outcome: 'OUTCOME_FAILED', output: expect.stringContaining('ZeroDivisionError') },
		]);
	});

	it('keeps several runs apart and a code that got no result', () => {
		const parts = [
			{ executableCode: { language: 'PYTHON', code: 'a' } },
			{ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1' } },
			{ text: 'and then' },
			{ executableCode: { language: 'PYTHON', code: 'b' } },
		];
		expect(codeExecutionOf(parts)).toEqual([
			{ language: 'PYTHON', code: 'a', outcome: 'OUTCOME_OK', output: '1' },
			{ language: 'PYTHON', code: 'b', outcome: null, output: null },
		]);
	});

	it('is undefined for an answer without code', () => {
		expect(codeExecutionOf([{ text: 'hi' }])).toBeUndefined();
	});
});

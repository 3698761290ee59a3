import { INLINE_PDF_LIMIT_BYTES, INLINE_REQUEST_LIMIT_BYTES, planInputs, type BinaryInput } from '../../../nodes/shared/media/inputPlan';

const MB = 1024 * 1024;
const input = (name: string, megabytes: number, mimeType = 'video/mp4'): BinaryInput => ({ name, mimeType, sizeBytes: megabytes * MB });
const names = (inputs: BinaryInput[]) => inputs.map((i) => i.name);

describe('planInputs: inline up to 100 MB per request (PDFs 50 MB), Files API above', () => {
	it('keeps everything inline at exactly the limit, and uploads one byte over it', () => {
		expect(INLINE_REQUEST_LIMIT_BYTES).toBe(100 * MB);
		const exact = planInputs([{ name: 'a', mimeType: 'video/mp4', sizeBytes: 100 * MB }], 'auto');
		expect(names(exact.inline)).toEqual(['a']);
		expect(exact.upload).toEqual([]);
		const over = planInputs([{ name: 'a', mimeType: 'video/mp4', sizeBytes: 100 * MB + 1 }], 'auto');
		expect(names(over.upload)).toEqual(['a']);
		expect(over.inline).toEqual([]);
	});

	it('uploads the largest binaries until the rest fits, keeping the small ones inline', () => {
		const plan = planInputs([input('photo', 5, 'image/png'), input('video', 90), input('audio', 30, 'audio/mpeg')], 'auto');
		expect(names(plan.upload)).toEqual(['video']);
		expect(names(plan.inline)).toEqual(['photo', 'audio']);
	});

	it('holds PDFs to 50 MB inline even when the request total would fit', () => {
		expect(INLINE_PDF_LIMIT_BYTES).toBe(50 * MB);
		const plan = planInputs([input('contract', 60, 'application/pdf'), input('photo', 2, 'image/png')], 'auto');
		expect(names(plan.upload)).toEqual(['contract']);
		expect(names(plan.inline)).toEqual(['photo']);
		expect(names(planInputs([input('contract', 49, 'application/pdf')], 'auto').inline)).toEqual(['contract']);
	});

	it('uploads every binary when asked to, and names one the Files API cannot take (over 2 GB)', () => {
		const plan = planInputs([input('photo', 1, 'image/png'), input('huge', 2049)], 'always');
		expect(names(plan.upload)).toEqual(['photo', 'huge']);
		expect(plan.tooLarge?.name).toBe('huge');
		expect(planInputs([input('photo', 1)], 'auto').tooLarge).toBeUndefined();
	});
});

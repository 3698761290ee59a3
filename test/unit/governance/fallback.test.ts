import { fallbackReason, fallbackWarning } from '../../../nodes/shared/governance/fallback';
import { GeminiApiError } from '../../../nodes/shared/transport/googleError';

const httpError = (httpStatus: number, googleStatus: string, extra: Partial<ConstructorParameters<typeof GeminiApiError>[0]> = {}) =>
	new GeminiApiError({ kind: 'http', httpStatus, googleStatus, message: 'The model is overloaded.', ...extra });

describe('fallbackReason', () => {
	it('falls back after overload, rate limits and server errors, naming status and attempts', () => {
		const overloaded = httpError(503, 'UNAVAILABLE');
		overloaded.attempts = 4;
		expect(fallbackReason(overloaded)).toBe('503 UNAVAILABLE after 4 attempts: The model is overloaded.');
		expect(fallbackReason(httpError(500, 'INTERNAL'))).toMatch(/^500 INTERNAL/);
		expect(fallbackReason(new GeminiApiError({ kind: 'network', networkCode: 'ECONNRESET', message: 'socket hang up' }))).toBe('ECONNRESET: socket hang up');
	});

	it('falls back on a used-up daily quota, which retries cannot help but another model’s quota can', () => {
		const quota = httpError(429, 'RESOURCE_EXHAUSTED', { quota: { kind: 'daily', violations: [] } });
		expect(fallbackReason(quota)).toMatch(/^429 RESOURCE_EXHAUSTED/);
	});

	it('does not fall back on errors any model would give', () => {
		expect(fallbackReason(httpError(400, 'INVALID_ARGUMENT'))).toBeUndefined();
		expect(fallbackReason(httpError(403, 'PERMISSION_DENIED'))).toBeUndefined();
		expect(fallbackReason(new Error('not from Gemini'))).toBeUndefined();
	});

	it('words the warning with both models', () => {
		expect(fallbackWarning('gemini-2.5-flash', 'gemini-2.5-pro', '503 UNAVAILABLE')).toMatch(/^Model gemini-2\.5-flash failed this item \(503 UNAVAILABLE\); it was answered by the fallback model gemini-2\.5-pro\./);
	});
});

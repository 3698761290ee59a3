import { startFakeGemini } from './server';
import type { FakeGemini, FakeGeminiOptions } from './types';

/**
 * One fake Gemini server for a jest test file: started before its tests, closed after them, its
 * recorded requests and queued faults cleared before each test. Call at the top of the file; the
 * returned function gives the running server inside tests.
 */
export function fakeGeminiForSuite(options: FakeGeminiOptions): () => FakeGemini {
	let fake: FakeGemini | undefined;
	beforeAll(async () => {
		fake = await startFakeGemini(options);
	});
	afterAll(async () => {
		await fake?.close();
	});
	beforeEach(() => fake?.reset());
	return () => {
		if (!fake) throw new Error('the fake Gemini server is not running (use it inside a test)');
		return fake;
	};
}

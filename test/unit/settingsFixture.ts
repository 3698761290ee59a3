import type { GeminiSettings } from '../../nodes/shared/parameters/settings';
import { DEFAULT_RETRY_SETTINGS } from '../../nodes/shared/transport/retryPolicy';

/** Validated settings as parseSettings returns them for a bare prompt, with `overrides` applied. */
export function settingsFixture(overrides: Partial<GeminiSettings> = {}): GeminiSettings {
	return {
		model: 'gemini-2.5-flash',
		modelPath: 'models/gemini-2.5-flash',
		prompt: 'Say hi',
		serviceTier: 'standard',
		safetySettings: [],
		binaryProperties: [],
		media: { uploadMode: 'auto', fileUrls: [] },
		generation: {},
		timeoutMs: 900_000,
		retry: { ...DEFAULT_RETRY_SETTINGS },
		flexOverload: 'retry',
		penaltyHandling: 'dropWithWarning',
		includeRawResponse: false,
		...overrides,
	};
}

import {
	buildGenerateRequest,
	buildGenerationConfig,
	penaltiesIn,
} from '../../../nodes/shared/request/buildGenerateRequest';
import { settingsFixture } from '../settingsFixture';

describe('buildGenerateRequest', () => {
	it('sends the prompt as one user text part and nothing else for bare settings', () => {
		const request = buildGenerateRequest(settingsFixture({ prompt: 'Summarize: {{x}}' }));

		expect(request).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Summarize: {{x}}' }] }] });
	});

	it('appends inline parts after the prompt, in order, as inlineData', () => {
		const request = buildGenerateRequest(settingsFixture({ prompt: 'Describe' }), [
			{ mimeType: 'image/png', data: 'iVBORw0KGgo=' },
			{ mimeType: 'application/pdf', data: 'JVBERi0=' },
		]);

		expect(request.contents[0].parts).toEqual([
			{ text: 'Describe' },
			{ inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
			{ inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
		]);
	});

	it('sends file references (Files API, URL, gs://) as fileData, leaving out an unknown MIME type', () => {
		const request = buildGenerateRequest(settingsFixture({ prompt: 'Compare' }), [
			{ mimeType: 'video/mp4', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' },
			{ fileUri: 'gs://bucket/report' },
			{ mimeType: 'image/png', data: 'iVBORw0KGgo=' },
		]);

		expect(request.contents[0].parts).toEqual([
			{ text: 'Compare' },
			{ fileData: { mimeType: 'video/mp4', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
			{ fileData: { fileUri: 'gs://bucket/report' } },
			{ inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
		]);
	});

	it('puts media options in generationConfig next to the others', () => {
		const request = buildGenerateRequest(settingsFixture({ generation: { temperature: 0.5, media: { mediaResolution: 'high', aspectRatio: '9:16' } } }));

		expect(request.generationConfig).toEqual({
			temperature: 0.5,
			mediaResolution: 'MEDIA_RESOLUTION_HIGH',
			imageConfig: { aspectRatio: '9:16' },
			responseModalities: ['TEXT', 'IMAGE'],
		});
	});

	it('leaves out a blank prompt when inline parts carry the content', () => {
		const request = buildGenerateRequest(settingsFixture({ prompt: '  \n' }), [
			{ mimeType: 'audio/mp3', data: 'AAAA' },
		]);

		expect(request.contents[0].parts).toEqual([{ inlineData: { mimeType: 'audio/mp3', data: 'AAAA' } }]);
	});

	it('puts the system instruction in its own top-level Content', () => {
		const request = buildGenerateRequest(settingsFixture({ systemInstruction: 'Answer in French.' }));

		expect(request.systemInstruction).toEqual({ parts: [{ text: 'Answer in French.' }] });
		expect(request.contents).toHaveLength(1);
		expect(request.contents[0].role).toBe('user');
	});

	it('sends safety settings as given and omits the field when there are none', () => {
		const safetySettings = [
			{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' },
			{ category: 'HARM_CATEGORY_CIVIC_INTEGRITY', threshold: 'OFF' },
		];

		expect(buildGenerateRequest(settingsFixture({ safetySettings })).safetySettings).toEqual(safetySettings);
		expect(buildGenerateRequest(settingsFixture())).not.toHaveProperty('safetySettings');
	});

	it('omits generationConfig when no generation option is set', () => {
		expect(buildGenerateRequest(settingsFixture({ generation: {} }))).not.toHaveProperty('generationConfig');
	});

	it('sends cachedContent at the top level, outside generationConfig', () => {
		const request = buildGenerateRequest(settingsFixture({ cachedContent: 'cachedContents/abc123' }));

		expect(request.cachedContent).toBe('cachedContents/abc123');
		expect(request.generationConfig).toBeUndefined();
	});

	describe('serviceTier', () => {
		it('is left out for standard, the API default', () => {
			expect(buildGenerateRequest(settingsFixture({ serviceTier: 'standard' }))).not.toHaveProperty('serviceTier');
		});

		it.each(['flex', 'priority'] as const)('is sent lower case at the top level for %s', (tier) => {
			const request = buildGenerateRequest(settingsFixture({ serviceTier: tier }));

			expect(request.serviceTier).toBe(tier);
			expect(request.generationConfig).toBeUndefined();
		});

		it('follows the tier override (a Flex request falling back to Standard)', () => {
			const settings = settingsFixture({ serviceTier: 'flex' });

			expect(buildGenerateRequest(settings, [], { tier: 'standard' })).not.toHaveProperty('serviceTier');
			expect(buildGenerateRequest(settingsFixture(), [], { tier: 'priority' }).serviceTier).toBe('priority');
		});

		it('is never sent for batch, which is not a request field', () => {
			expect(buildGenerateRequest(settingsFixture({ serviceTier: 'batch' }))).not.toHaveProperty('serviceTier');
		});
	});

	describe('extra generationConfig', () => {
		it('merges node fields with the generation options', () => {
			const settings = settingsFixture({ generation: { temperature: 0.2 } });
			const request = buildGenerateRequest(settings, [], {
				generationConfig: { responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } },
			});

			expect(request.generationConfig).toEqual({
				temperature: 0.2,
				responseMimeType: 'application/json',
				responseJsonSchema: { type: 'object' },
			});
		});

		it('wins over a generation option of the same name', () => {
			const settings = settingsFixture({ generation: { responseMimeType: 'text/plain' } });
			const request = buildGenerateRequest(settings, [], { generationConfig: { responseMimeType: 'application/json' } });

			expect(request.generationConfig).toEqual({ responseMimeType: 'application/json' });
		});

		it('creates generationConfig on its own when the settings have none', () => {
			const request = buildGenerateRequest(settingsFixture(), [], { generationConfig: { candidateCount: 1 } });

			expect(request.generationConfig).toEqual({ candidateCount: 1 });
		});
	});

	it('drops penalties from the request with omitPenalties but keeps the other options', () => {
		const settings = settingsFixture({ generation: { presencePenalty: 0.5, frequencyPenalty: -1, seed: 7 } });

		expect(buildGenerateRequest(settings).generationConfig).toEqual({
			presencePenalty: 0.5,
			frequencyPenalty: -1,
			seed: 7,
		});
		expect(buildGenerateRequest(settings, [], { omitPenalties: true }).generationConfig).toEqual({ seed: 7 });
	});
});

describe('buildGenerationConfig', () => {
	it('returns undefined when nothing is set', () => {
		expect(buildGenerationConfig({})).toBeUndefined();
	});

	it('copies only the fields that are set', () => {
		expect(buildGenerationConfig({ temperature: 0, topK: 40 })).toEqual({ temperature: 0, topK: 40 });
	});

	it('copies every sampling field under its API name', () => {
		expect(
			buildGenerationConfig({
				temperature: 1.5,
				topP: 0.9,
				topK: 3,
				maxOutputTokens: 256,
				stopSequences: ['END', '###'],
				seed: 42,
				responseMimeType: 'application/json',
			}),
		).toEqual({
			temperature: 1.5,
			topP: 0.9,
			topK: 3,
			maxOutputTokens: 256,
			stopSequences: ['END', '###'],
			seed: 42,
			responseMimeType: 'application/json',
		});
	});

	describe('penalties', () => {
		it('are left out when 0, the API default', () => {
			expect(buildGenerationConfig({ presencePenalty: 0, frequencyPenalty: 0 })).toBeUndefined();
		});

		it('are sent when non-zero, negative included', () => {
			expect(buildGenerationConfig({ presencePenalty: -2, frequencyPenalty: 2 })).toEqual({
				presencePenalty: -2,
				frequencyPenalty: 2,
			});
		});

		it('are left out with omitPenalties', () => {
			expect(buildGenerationConfig({ presencePenalty: 1, frequencyPenalty: 1 }, true)).toBeUndefined();
			expect(buildGenerationConfig({ presencePenalty: 1, temperature: 0.3 }, true)).toEqual({ temperature: 0.3 });
		});
	});

	describe('thinkingConfig', () => {
		it('upper-cases the thinking level for the API enum', () => {
			expect(buildGenerationConfig({ thinkingLevel: 'low' })).toEqual({ thinkingConfig: { thinkingLevel: 'LOW' } });
			expect(buildGenerationConfig({ thinkingLevel: 'minimal' })?.thinkingConfig).toEqual({ thinkingLevel: 'MINIMAL' });
		});

		it('keeps a budget of 0 (thinking off) and -1 (dynamic)', () => {
			expect(buildGenerationConfig({ thinkingBudget: 0 })).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
			expect(buildGenerationConfig({ thinkingBudget: -1 })).toEqual({ thinkingConfig: { thinkingBudget: -1 } });
		});

		it('sends responseLogprobs and logprobs in generationConfig', () => {
			expect(buildGenerationConfig({ responseLogprobs: true, logprobs: 3 })).toEqual({ responseLogprobs: true, logprobs: 3 });
		});

		it('sends includeThoughts only when true', () => {
			expect(buildGenerationConfig({ includeThoughts: true })).toEqual({ thinkingConfig: { includeThoughts: true } });
			expect(buildGenerationConfig({ includeThoughts: false })).toBeUndefined();
		});

		it('combines budget and includeThoughts in one object beside the sampling fields', () => {
			expect(buildGenerationConfig({ temperature: 1, thinkingBudget: 1024, includeThoughts: true })).toEqual({
				temperature: 1,
				thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
			});
		});
	});
});

describe('penaltiesIn', () => {
	it('names the non-zero penalties with their values', () => {
		expect(penaltiesIn({ presencePenalty: 0.5, frequencyPenalty: -1.25 })).toEqual([
			'Presence Penalty (0.5)',
			'Frequency Penalty (-1.25)',
		]);
	});

	it('ignores zero and absent penalties', () => {
		expect(penaltiesIn({ presencePenalty: 0 })).toEqual([]);
		expect(penaltiesIn({ frequencyPenalty: 2 })).toEqual(['Frequency Penalty (2)']);
	});
});

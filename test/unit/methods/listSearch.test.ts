import { asModelsPage, generativeModels, type ModelsPage } from '../../../nodes/shared/methods/listSearch';

const page: ModelsPage = {
	models: [
		{
			name: 'models/gemini-2.5-flash',
			displayName: 'Gemini 2.5 Flash',
			description: 'Fast and cheap',
			supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
		},
		{
			name: 'models/gemini-embedding-001',
			displayName: 'Gemini Embedding 001',
			supportedGenerationMethods: ['embedContent', 'countTokens'],
		},
		{ name: 'models/aqa', displayName: 'Model that performs Attributed Question Answering.' },
		{
			name: 'models/gemini-2.5-pro',
			displayName: 'Gemini 2.5 Pro',
			supportedGenerationMethods: ['generateContent'],
		},
		{ name: 'models/gemini-3.1-pro-preview', supportedGenerationMethods: ['countTokens', 'generateContent'] },
		{ name: 'models/gemini-2.0-flash-001', displayName: 'gemini-2.0-flash-001', supportedGenerationMethods: ['generateContent'] },
	],
	nextPageToken: 'next',
};

const values = (filter?: string) => generativeModels(page, filter).map((r) => r.value);

describe('generativeModels', () => {
	it('keeps only models that support generateContent, in page order', () => {
		expect(values()).toEqual(['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3.1-pro-preview', 'gemini-2.0-flash-001']);
	});

	it('strips the models/ prefix from the value', () => {
		expect(generativeModels(page)[0]).toEqual({
			name: 'Gemini 2.5 Flash (gemini-2.5-flash)',
			value: 'gemini-2.5-flash',
			description: 'Fast and cheap',
		});
	});

	it('shows the id alone when there is no display name or it equals the id', () => {
		const results = generativeModels(page);

		expect(results[2]).toMatchObject({ name: 'gemini-3.1-pro-preview', value: 'gemini-3.1-pro-preview' });
		expect(results[3]).toMatchObject({ name: 'gemini-2.0-flash-001', value: 'gemini-2.0-flash-001' });
	});

	it('filters by id, case-insensitively', () => {
		expect(values('2.5-PRO')).toEqual(['gemini-2.5-pro']);
	});

	it('filters by display name, case-insensitively', () => {
		expect(values('gemini 2.5 flash')).toEqual(['gemini-2.5-flash']);
		expect(values('  PRO ')).toEqual(['gemini-2.5-pro', 'gemini-3.1-pro-preview']);
	});

	it('does not match the models/ prefix itself', () => {
		expect(values('models/')).toEqual([]);
	});

	it('treats an empty or blank filter as no filter', () => {
		expect(values('')).toHaveLength(4);
		expect(values('   ')).toHaveLength(4);
	});

	it('returns nothing for a page without models or without a match', () => {
		expect(generativeModels({})).toEqual([]);
		expect(generativeModels({ models: [] }, 'flash')).toEqual([]);
		expect(values('claude')).toEqual([]);
	});
});

describe('asModelsPage (Vertex AI publisher catalogue)', () => {
	it('keeps the Gemini models that generate and pages on', () => {
		const body = {
			publisherModels: [
				{ name: 'publishers/google/models/gemini-2.5-flash', versionId: '001' },
				{ name: 'publishers/google/models/gemini-embedding-001' },
				{ name: 'publishers/google/models/imagen-4.0-generate-001' },
			],
			nextPageToken: 'next',
		};
		const page = asModelsPage(body) as ModelsPage;
		expect(generativeModels(page).map((m) => m.value)).toEqual(['gemini-2.5-flash']);
		expect(page.nextPageToken).toBe('next');
	});

	it('passes a Gemini API page unchanged', () => {
		expect(asModelsPage(page)).toBe(page);
	});
});

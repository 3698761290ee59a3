import { buildGenerateRequest } from '../../../nodes/shared/request/buildGenerateRequest';
import { builtInToolsWire } from '../../../nodes/shared/request/tools';
import { settingsFixture } from '../settingsFixture';

const none = { builtInTools: [], fileSearchStoreNames: [] };

describe('builtInToolsWire', () => {
	it('sends each chosen tool as its own Tool, in a fixed order', () => {
		expect(
			builtInToolsWire(
				{ builtInTools: ['urlContext', 'codeExecution', 'googleSearch', 'googleMaps', 'fileSearch'], fileSearchStoreNames: ['fileSearchStores/a'] },
				'gemini-2.5-flash',
			),
		).toEqual([
			{ googleSearch: {} },
			{ urlContext: {} },
			{ codeExecution: {} },
			{ googleMaps: {} },
			{ fileSearch: { fileSearchStoreNames: ['fileSearchStores/a'] } },
		]);
	});

	it.each(['gemini-2.0-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview', 'gemini-3.1-flash-lite'])('sends googleSearch to %s', (model) => {
		expect(builtInToolsWire({ builtInTools: ['googleSearch'], fileSearchStoreNames: [] }, model)).toEqual([{ googleSearch: {} }]);
	});

	it.each(['gemini-1.5-flash', 'gemini-1.5-pro-002', 'tunedModels/gemini-1.5-flash-001-tuning-x'])('sends the older googleSearchRetrieval to %s', (model) => {
		expect(builtInToolsWire({ builtInTools: ['googleSearch'], fileSearchStoreNames: [] }, model)).toEqual([{ googleSearchRetrieval: {} }]);
	});

	it('sends nothing when no tool is chosen', () => {
		expect(builtInToolsWire(none, 'gemini-2.5-flash')).toBeUndefined();
	});
});

describe('buildGenerateRequest with built-in tools', () => {
	it('puts the tools on the request, and none without them', () => {
		const settings = settingsFixture({ tools: { builtInTools: ['codeExecution'], fileSearchStoreNames: [] } });
		expect(buildGenerateRequest(settings).tools).toEqual([{ codeExecution: {} }]);
		expect(buildGenerateRequest(settingsFixture()).tools).toBeUndefined();
	});
});

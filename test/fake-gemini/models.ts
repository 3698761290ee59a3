/** The model catalogue served by `GET /v1beta/models`, shaped like the real `Model` resource. */

export interface WireModel {
	name: string;
	baseModelId: string;
	version: string;
	displayName: string;
	description: string;
	inputTokenLimit: number;
	outputTokenLimit: number;
	supportedGenerationMethods: string[];
	temperature?: number;
	maxTemperature?: number;
	topP?: number;
	topK?: number;
	thinking?: boolean;
}

export interface CatalogueModel {
	id: string;
	wire: WireModel;
	/** Only this fake's gemini-1.5-flash-002 accepts non-zero presence/frequency penalties. */
	supportsPenalties: boolean;
}

const TEXT_METHODS = ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'];

interface ModelSpec {
	id: string;
	version: string;
	displayName: string;
	description: string;
	input?: number;
	output?: number;
	methods?: string[];
	thinking?: boolean;
	topK?: number;
	sampling?: boolean;
	penalties?: boolean;
}

const SPECS: ModelSpec[] = [
	{ id: 'gemini-2.5-flash', version: '001', displayName: 'Gemini 2.5 Flash', description: 'Stable version of Gemini 2.5 Flash, our mid-size multimodal model that supports up to 1 million tokens, released in June of 2025.', thinking: true },
	{ id: 'gemini-2.5-pro', version: '2.5', displayName: 'Gemini 2.5 Pro', description: 'Stable release (June 17th, 2025) of Gemini 2.5 Pro', thinking: true },
	{ id: 'gemini-2.5-flash-lite', version: '001', displayName: 'Gemini 2.5 Flash-Lite', description: 'Stable version of Gemini 2.5 Flash-Lite, released in July of 2025', thinking: true },
	{ id: 'gemini-3-flash-preview', version: '3-flash-preview-12-2025', displayName: 'Gemini 3 Flash Preview', description: 'Gemini 3 Flash Preview', thinking: true },
	{ id: 'gemini-3.1-pro-preview', version: '3.1-pro-preview-02-2026', displayName: 'Gemini 3.1 Pro Preview', description: 'Gemini 3.1 Pro Preview', thinking: true },
	{ id: 'gemini-3.1-flash-lite', version: '3.1-flash-lite', displayName: 'Gemini 3.1 Flash-Lite', description: 'Gemini 3.1 Flash-Lite', thinking: true },
	{ id: 'gemini-3.5-flash', version: '3.5-flash', displayName: 'Gemini 3.5 Flash', description: 'Gemini 3.5 Flash', thinking: true },
	{ id: 'gemini-2.5-flash-image', version: '2.5-flash-image', displayName: 'Nano Banana', description: 'Gemini 2.5 Flash Image', input: 32768, output: 32768, methods: ['generateContent', 'countTokens'] },
	{ id: 'gemini-3.8-flash-tts', version: '3.8-flash-tts', displayName: 'Gemini 3.8 Flash TTS', description: 'Gemini 3.8 Flash text-to-speech', input: 8192, output: 16384, methods: ['generateContent', 'countTokens'] },
	{ id: 'gemini-1.5-flash-002', version: '002', displayName: 'Gemini 1.5 Flash 002', description: 'Stable version of Gemini 1.5 Flash, our fast and versatile multimodal model for scaling across diverse tasks, released in September of 2024.', input: 1000000, output: 8192, methods: ['generateContent', 'countTokens', 'createCachedContent'], topK: 40, penalties: true },
	{ id: 'gemini-fake-experimental', version: 'exp-0001', displayName: 'Gemini Fake Experimental', description: 'A model that exists only on the fake server and in no price table.', input: 32768, output: 8192, methods: ['generateContent', 'countTokens'] },
	{ id: 'gemma-3-27b-it', version: '001', displayName: 'Gemma 3 27B', description: '', input: 131072, output: 8192, methods: ['generateContent', 'countTokens'] },
	{ id: 'gemini-embedding-001', version: '001', displayName: 'Gemini Embedding 001', description: 'Obtain a distributed representation of a text.', input: 2048, output: 1, methods: ['embedContent'], sampling: false },
	{ id: 'imagen-4.0-generate-001', version: '001', displayName: 'Imagen 4', description: 'Vertex served Imagen 4.0 model', input: 480, output: 8192, methods: ['predict'], sampling: false },
	{ id: 'veo-3.0-generate-001', version: '3.0', displayName: 'Veo 3', description: 'Veo 3', input: 480, output: 8192, methods: ['predictLongRunning'], sampling: false },
];

function toCatalogueModel(spec: ModelSpec): CatalogueModel {
	const wire: WireModel = {
		name: `models/${spec.id}`,
		baseModelId: spec.id,
		version: spec.version,
		displayName: spec.displayName,
		description: spec.description,
		inputTokenLimit: spec.input ?? 1048576,
		outputTokenLimit: spec.output ?? 65536,
		supportedGenerationMethods: spec.methods ?? TEXT_METHODS,
	};
	if (spec.sampling !== false) {
		wire.temperature = 1;
		wire.maxTemperature = 2;
		wire.topP = 0.95;
		wire.topK = spec.topK ?? 64;
	}
	if (spec.thinking) wire.thinking = true;
	return { id: spec.id, wire, supportsPenalties: spec.penalties === true };
}

export const MODELS: readonly CatalogueModel[] = SPECS.map(toCatalogueModel);

/** Accepts `gemini-2.5-flash` or `models/gemini-2.5-flash`. */
export function findModel(id: string): CatalogueModel | undefined {
	const bare = id.startsWith('models/') ? id.slice('models/'.length) : id;
	return MODELS.find((model) => model.id === bare);
}

export function supportsMethod(model: CatalogueModel | undefined, method: string): model is CatalogueModel {
	return model !== undefined && model.wire.supportedGenerationMethods.includes(method);
}

/** Whether the model thinks for this request: thinking models do unless `thinkingBudget === 0`. */
export function thinksFor(model: CatalogueModel, thinkingBudget: number | undefined): boolean {
	return model.wire.thinking === true && thinkingBudget !== 0;
}

/**
 * Answers with more than text, on demand (`[[fake:grounding queries=2]]`, `[[fake:code]]`,
 * `[[fake:image]]`, `[[fake:audio]]`, `[[fake:function-call name=x]]`, `[[fake:url-context]]`,
 * `[[fake:citations]]`, `[[fake:finish=MALFORMED_FUNCTION_CALL]]`) or because the request enabled a
 * built-in tool (googleSearch → grounding, codeExecution → code, urlContext → URL metadata). The
 * shapes follow real answers recorded in test/fixtures/gemini-recordings.
 */
import type { GenerateContentRequest, GenerateContentResponse, Modality, ModalityTokenCount, Part, UsageMetadata } from './types';
import { isRecord } from './types';

export interface PartEffects {
	grounding?: { queries: number };
	code?: boolean;
	image?: number;
	audio?: boolean;
	/** Call `name` in the first `rounds` answers of a conversation (default 1), then answer with text. */
	functionCall?: { name: string; rounds: number };
	urlContext?: boolean;
	citations?: boolean;
	finish?: string;
}

/** A valid 1×1 PNG. */
export const FAKE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
/** Gemini TTS speaks raw 16-bit PCM at 24 kHz (https://ai.google.dev/gemini-api/docs/speech-generation). */
export const FAKE_AUDIO_MIME = 'audio/L16;codec=pcm;rate=24000';
/** Tokens an image answer bills as IMAGE output, and a second of speech as AUDIO output. */
export const IMAGE_TOKENS = 1290;
export const AUDIO_TOKENS = 25;
export const FAKE_CODE = { language: 'PYTHON', code: 'print(6 * 7)' };
export const FAKE_CODE_RESULT = { outcome: 'OUTCOME_OK', output: '42\n' };

/** A tenth of a second of a 440 Hz tone, 16-bit little-endian mono at 24 kHz. */
export function fakePcm(): Buffer {
	const samples = 2400;
	const pcm = Buffer.alloc(samples * 2);
	for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000)), i * 2);
	return pcm;
}

/** Reads one directive token that belongs to parts; false when the token is not one of them. */
export function parsePartToken(
	key: string,
	value: string | undefined,
	effects: { parts?: PartEffects; answer?: string },
	number: (v: string | undefined) => number,
): boolean {
	const parts = (): PartEffects => (effects.parts ??= {});
	switch (key) {
		case 'grounding':
			parts().grounding ??= { queries: 1 };
			return true;
		case 'queries':
			parts().grounding = { queries: Math.max(1, Math.floor(number(value))) };
			return true;
		case 'code':
			parts().code = true;
			return true;
		case 'image':
			parts().image = value === undefined ? 1 : Math.max(1, Math.floor(number(value)));
			return true;
		case 'audio':
			parts().audio = true;
			return true;
		case 'function-call':
		case 'name':
			// Without a name: the first function the request declares (see partsFor).
			parts().functionCall = { name: value || effects.parts?.functionCall?.name || '', rounds: effects.parts?.functionCall?.rounds ?? 1 };
			return true;
		case 'rounds':
			parts().functionCall = { name: effects.parts?.functionCall?.name ?? '', rounds: Math.max(1, Math.floor(number(value))) };
			return true;
		case 'url-context':
			parts().urlContext = true;
			return true;
		case 'citations':
			parts().citations = true;
			return true;
		case 'finish': {
			const finish = (value ?? 'STOP').toUpperCase();
			parts().finish = finish;
			if (EMPTY_FINISHES.includes(finish)) effects.answer ??= '';
			return true;
		}
		default:
			return false;
	}
}

/** Finish reasons whose real answers carry no text. */
const EMPTY_FINISHES = ['MALFORMED_FUNCTION_CALL', 'NO_IMAGE', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_OTHER', 'IMAGE_RECITATION'];

const SAMPLE_VALUES: Record<string, unknown> = { string: 'fake', number: 42, integer: 42, boolean: true, array: [], object: {} };

/** Arguments that fit the declared function (every property a sample of its type); `{query: 'fake'}` for an undeclared one. */
function declarationsOf(request: GenerateContentRequest): Array<Record<string, unknown>> {
	const tools = (Array.isArray(request.tools) ? request.tools : []).filter(isRecord);
	return tools.flatMap((tool) => (Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [])).filter(isRecord);
}

function declaredFunctions(request: GenerateContentRequest): string[] {
	return declarationsOf(request).map((declaration) => String(declaration.name));
}

function fakeArgs(request: GenerateContentRequest, name: string): Record<string, unknown> {
	const declared = declarationsOf(request).find((declaration) => declaration.name === name);
	const properties = isRecord(declared?.parameters) && isRecord(declared.parameters.properties) ? declared.parameters.properties : undefined;
	if (!properties) return { query: 'fake' };
	return Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, SAMPLE_VALUES[String(isRecord(schema) ? schema.type : 'string')] ?? 'fake']));
}

/** Model turns of the conversation that called a function: rounds already done. */
export function callRoundsDone(request: GenerateContentRequest): number {
	return (request.contents ?? []).filter((content) => content.role === 'model' && (content.parts ?? []).some((part) => part.functionCall)).length;
}

/** Directives first; otherwise what the request's built-in tools would bring. */
export function partsFor(request: GenerateContentRequest, directed: PartEffects | undefined): PartEffects {
	const parts: PartEffects = { ...directed };
	// A call only on demand: a real model may as well answer in text, and the chat model's
	// `call=` conversations (functioncalls.ts) declare functions too. Unnamed: the first declared.
	if (parts.functionCall && !parts.functionCall.name) {
		parts.functionCall = { ...parts.functionCall, name: declaredFunctions(request)[0] ?? 'get_weather' };
	}
	// A call goes out until its rounds are done; then the answer is text about the results.
	if (parts.functionCall && callRoundsDone(request) >= parts.functionCall.rounds) delete parts.functionCall;
	const tools = (Array.isArray(request.tools) ? request.tools : []).filter(isRecord).flatMap((tool) => Object.keys(tool));
	if (!parts.grounding && (tools.includes('googleSearch') || tools.includes('google_search') || tools.includes('googleSearchRetrieval'))) parts.grounding = { queries: 1 };
	if (parts.code === undefined && (tools.includes('codeExecution') || tools.includes('code_execution'))) parts.code = true;
	if (parts.urlContext === undefined && (tools.includes('urlContext') || tools.includes('url_context'))) parts.urlContext = true;
	return parts;
}

function groundingMetadata(queries: number, answer: string): Record<string, unknown> {
	const names = Array.from({ length: queries }, (_, i) => `fake query ${i + 1}`);
	const chunks = names.map((_, i) => ({ web: { uri: `https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-${i + 1}`, title: `example-${i + 1}.com` } }));
	const firstSentence = answer.split(/(?<=[.!?])\s/)[0] ?? answer;
	const supports = answer === '' ? [] : [{ segment: { endIndex: Buffer.byteLength(firstSentence), text: firstSentence }, groundingChunkIndices: chunks.map((_, i) => i), confidenceScores: chunks.map(() => 0.9) }];
	return {
		searchEntryPoint: { renderedContent: `<div class="container">${names.map((q) => `<a class="chip">${q}</a>`).join('')}</div>` },
		groundingChunks: chunks,
		groundingSupports: supports,
		retrievalMetadata: {},
		webSearchQueries: names,
	};
}

function urlsIn(request: GenerateContentRequest): string[] {
	const text = JSON.stringify(request.contents ?? []);
	const urls = [...new Set(text.match(/https?:\/\/[^\s"\\)\]]+/g) ?? [])];
	return urls.length ? urls : ['https://example.com/'];
}

function logprobs(request: GenerateContentRequest, answer: string): Record<string, unknown> {
	const words = answer.match(/\S+\s*/g) ?? [];
	const top = typeof request.generationConfig?.logprobs === 'number' ? request.generationConfig.logprobs : 0;
	const chosen = words.map((token, i) => ({ token, logProbability: -0.01 * (i + 1) }));
	const result: Record<string, unknown> = { chosenCandidates: chosen, logProbabilitySum: chosen.reduce((sum, c) => sum + c.logProbability, 0) };
	if (top > 0) {
		result.topCandidates = chosen.map((c) => ({ candidates: Array.from({ length: top }, (_, k) => (k === 0 ? c : { token: `alt${k}`, logProbability: c.logProbability - k })) }));
	}
	return { avgLogprobs: chosen.length ? (result.logProbabilitySum as number) / chosen.length : 0, logprobsResult: result };
}

function addOutputTokens(usage: UsageMetadata, modality: Modality, tokens: number): void {
	const text = usage.candidatesTokenCount ?? 0;
	usage.candidatesTokenCount = text + tokens;
	usage.totalTokenCount = (usage.totalTokenCount ?? 0) + tokens;
	const details: ModalityTokenCount[] = usage.candidatesTokensDetails ?? (text ? [{ modality: 'TEXT', tokenCount: text }] : []);
	usage.candidatesTokensDetails = [...details, { modality, tokenCount: tokens }];
}

/**
 * Adds the parts to an answer given as chunks (one chunk: generateContent; several: the stream).
 * Code goes before the text, in the first chunk; calls, images and audio after it, in the last;
 * grounding, URL and citation metadata, logprobs and the finish reason on the last chunk.
 */
export function decorateChunks(
	chunks: GenerateContentResponse[],
	parts: PartEffects,
	request: GenerateContentRequest,
	answerText: string,
	signs: boolean,
): void {
	const first = chunks[0]?.candidates?.[0];
	const lastChunk = chunks.at(-1);
	const last = lastChunk?.candidates?.[0];
	if (!first || !last || !lastChunk) return;
	if (parts.code) first.content.parts.unshift({ executableCode: { ...FAKE_CODE } }, { codeExecutionResult: { ...FAKE_CODE_RESULT } });
	const trailing: Part[] = [];
	if (parts.functionCall) trailing.push({ functionCall: { name: parts.functionCall.name, args: fakeArgs(request, parts.functionCall.name) } });
	for (let i = 0; i < (parts.image ?? 0); i++) trailing.push({ inlineData: { mimeType: 'image/png', data: FAKE_PNG_BASE64 } });
	if (parts.audio) trailing.push({ inlineData: { mimeType: FAKE_AUDIO_MIME, data: fakePcm().toString('base64') } });
	if (parts.finish === 'MALFORMED_FUNCTION_CALL' || parts.finish === 'NO_IMAGE') trailing.length = 0;
	// Gemini 3 signs the images it makes (and, in an answer without text, its first call).
	const signature = signs ? chunks.flatMap((chunk) => chunk.candidates?.[0]?.content.parts ?? []).find((p) => p.thoughtSignature)?.thoughtSignature : undefined;
	if (signature) for (const part of trailing) if (part.inlineData?.mimeType?.startsWith('image/')) part.thoughtSignature = signature;
	if (trailing.length && answerText === '') {
		last.content.parts = last.content.parts.filter((p) => p.text !== '');
		if (signature) trailing[0].thoughtSignature = signature;
	}
	last.content.parts.push(...trailing);
	for (let i = 0; i < (parts.image ?? 0) && !parts.finish; i++) addOutputTokens(lastChunk.usageMetadata, 'IMAGE', IMAGE_TOKENS);
	if (parts.audio) addOutputTokens(lastChunk.usageMetadata, 'AUDIO', AUDIO_TOKENS);
	const extra = last as unknown as Record<string, unknown>;
	if (parts.finish) extra.finishReason = parts.finish;
	if (parts.finish === 'MALFORMED_FUNCTION_CALL') {
		last.content.parts = [];
		extra.finishMessage = `Malformed function call: ${parts.functionCall?.name ?? 'get_weather'}(query=`;
	} else if (parts.functionCall) {
		extra.finishMessage = 'Model generated function call(s).';
	}
	if (parts.grounding) {
		extra.groundingMetadata = groundingMetadata(parts.grounding.queries, answerText);
		// Grounded answers detail their output tokens by modality (the recorded one does).
		const usage = lastChunk.usageMetadata;
		if (!usage.candidatesTokensDetails && usage.candidatesTokenCount) usage.candidatesTokensDetails = [{ modality: 'TEXT', tokenCount: usage.candidatesTokenCount }];
	}
	if (parts.urlContext) extra.urlContextMetadata = { urlMetadata: urlsIn(request).map((retrievedUrl) => ({ retrievedUrl, urlRetrievalStatus: 'URL_RETRIEVAL_STATUS_SUCCESS' })) };
	if (parts.citations) extra.citationMetadata = { citationSources: [{ startIndex: 0, endIndex: Buffer.byteLength(answerText), uri: 'https://example.com/cited', license: '' }] };
	if (request.generationConfig?.responseLogprobs === true) Object.assign(extra, logprobs(request, answerText));
}

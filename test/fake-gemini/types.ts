import type { IncomingHttpHeaders } from 'node:http';
import type { QuotaKind } from './errors';
import type { FakeVertexAuth } from './vertexauth';

/** One request as the fake server received it. */
export interface RecordedRequest {
	method: string;
	/** Path including the query string, e.g. `/v1beta/models?pageSize=5`. */
	path: string;
	headers: IncomingHttpHeaders;
	/** Parsed JSON body; `undefined` when empty, the raw string when it is not valid JSON. Upload chunks: undefined. */
	body: unknown;
	/** Upload chunks only: bytes received (the bytes themselves go to disk, not here). */
	bodyBytes?: number;
	/** `Date.now()` when the request arrived. */
	time: number;
}

/** A fault queued with `enqueueFault`; it applies to the next matching request(s). */
export interface Fault {
	/** HTTP status to answer with (Google error body). */
	status?: number;
	/** `RetryInfo.retryDelay` in the body, e.g. `'1.5s'` (429 gets `'1s'` when not set). */
	retryDelay?: string;
	/** With status 429 (the default then): the QuotaFailure of a per-day quota, a zero limit or a per-minute one (errors.ts). */
	quota?: QuotaKind;
	/** Adds a `Retry-After` header (seconds) instead of `RetryInfo`. */
	retryAfterSeconds?: number;
	/** Destroy the socket without answering. */
	drop?: boolean;
	/** 200 headers and half of a JSON answer, then the socket is destroyed (a reset while the body is read). */
	resetMidBody?: boolean;
	/** A 200 whose JSON body is cut in half (a complete HTTP answer that is not JSON). */
	malformedJson?: boolean;
	/** A proxy's HTML page: nginx's error page with `status`, or a 200 login page without one. */
	html?: boolean;
	/** Downloads only: send the first N bytes of the (ranged) body, then destroy the socket (a break half-way). */
	cutAfterBytes?: number;
	/** Wait this long first; alone it only slows the request down. */
	delayMs?: number;
	/**
	 * The request is handled in full (a batch job or an upload session is created), then its answer
	 * is replaced: `'reset'` destroys the socket instead of answering, a status sends Google's error
	 * body for it. A client cannot tell whether anything was created.
	 */
	after?: AfterFault;
	/** How many matching requests it applies to (default 1). */
	times?: number;
	/** Only requests for which this returns true (default: every request that passed auth). */
	match?: (req: RecordedRequest) => boolean;
}

/** How an answer is replaced after the request did its work (see `Fault.after`). */
export type AfterFault = 'reset' | number;

export interface FakeGeminiOptions {
	/** 0 = a free port (default). */
	port?: number;
	/** Default `127.0.0.1`. */
	host?: string;
	/** The only API key accepted (default `fake-gemini-key`). */
	apiKey?: string;
	/** Added to every generateContent / streamGenerateContent call (default 0). */
	latencyMs?: number;
	/** How long a batch job stays PENDING, then RUNNING, before it ends (default 100 ms and 300 ms). */
	batchTiming?: Partial<BatchTiming>;
	/** Spelling of batch states: the live API's `BATCH_STATE_` (default) or the SDK's `JOB_STATE_`. */
	batchStatePrefix?: BatchStatePrefix;
}

export interface BatchTiming {
	pendingMs: number;
	runningMs: number;
}

export type BatchStatePrefix = 'BATCH_STATE_' | 'JOB_STATE_';

export interface FakeGemini {
	/** e.g. `http://127.0.0.1:8787` (no trailing slash, no `/v1beta`). */
	url: string;
	apiKey: string;
	requests: RecordedRequest[];
	enqueueFault(fault: Fault): void;
	/** Clears recorded requests, queued faults, directive counters, batch jobs, files and caches. */
	reset(): void;
	/**
	 * Requests received whose handler has not finished or whose response has not closed. 0 after a
	 * client is done means nothing is left waiting on either side (a `delay=` ends when its client goes).
	 */
	inFlight(): number;
	/** Open TCP connections to the server (idle keep-alive sockets of a client's pool included). */
	openConnections(): Promise<number>;
	/** Live context caches (`cachedContents`), newest first: what a run left behind. */
	caches(): Array<{ name: string; displayName?: string; model: string; expireTime: string; totalTokenCount: number }>;
	/** Where uploaded files and batch results are kept (created on first upload; removed by reset/close). */
	readonly tempDir: string | undefined;
	/** Stops the server, ends background work and removes the temp directory. */
	close(): Promise<void>;
	/** Vertex AI: register service accounts, issue or expire tokens (vertexauth.ts); token endpoint `${url}/token`. */
	readonly vertex: FakeVertexAuth;
}

/* ---- Wire types (the subset the fake reads or writes) ---- */

export type Modality = 'TEXT' | 'IMAGE' | 'VIDEO' | 'AUDIO' | 'DOCUMENT';

export type ServiceTier = 'flex' | 'standard' | 'priority';

export interface Blob {
	mimeType?: string;
	data?: string;
}

export interface Part {
	text?: string;
	thought?: boolean;
	thoughtSignature?: string;
	inlineData?: Blob;
	fileData?: { mimeType?: string; fileUri?: string };
	functionCall?: Record<string, unknown>;
	functionResponse?: Record<string, unknown>;
	executableCode?: { language?: string; code?: string };
	codeExecutionResult?: { outcome?: string; output?: string };
}

export interface Content {
	role?: string;
	parts?: Part[];
}

export interface ThinkingConfig {
	includeThoughts?: boolean;
	thinkingBudget?: number;
	thinkingLevel?: string;
}

export interface GenerationConfig {
	temperature?: number;
	topP?: number;
	responseLogprobs?: boolean;
	logprobs?: number;
	topK?: number;
	candidateCount?: number;
	maxOutputTokens?: number;
	stopSequences?: string[];
	presencePenalty?: number;
	frequencyPenalty?: number;
	seed?: number;
	responseMimeType?: string;
	responseSchema?: unknown;
	responseJsonSchema?: unknown;
	/** The name @google/genai sends `responseJsonSchema` under. */
	_responseJsonSchema?: unknown;
	thinkingConfig?: ThinkingConfig;
}

export interface SafetySetting {
	category?: string;
	threshold?: string;
}

export interface GenerateContentRequest {
	model?: string;
	contents?: Content[];
	systemInstruction?: Content;
	tools?: unknown[];
	toolConfig?: unknown;
	safetySettings?: SafetySetting[];
	generationConfig?: GenerationConfig;
	cachedContent?: string;
	serviceTier?: string;
}

export interface ModalityTokenCount {
	modality: Modality;
	tokenCount: number;
}

export interface UsageMetadata {
	promptTokenCount?: number;
	candidatesTokenCount?: number;
	totalTokenCount?: number;
	cachedContentTokenCount?: number;
	toolUsePromptTokenCount?: number;
	thoughtsTokenCount?: number;
	promptTokensDetails?: ModalityTokenCount[];
	cacheTokensDetails?: ModalityTokenCount[];
	toolUsePromptTokensDetails?: ModalityTokenCount[];
	candidatesTokensDetails?: ModalityTokenCount[];
	serviceTier?: ServiceTier;
}

export interface SafetyRating {
	category: string;
	probability: 'NEGLIGIBLE' | 'LOW' | 'MEDIUM' | 'HIGH';
	blocked?: boolean;
}

export interface Candidate {
	content: { role: 'model'; parts: Part[] };
	finishReason?: string;
	index: number;
	safetyRatings?: SafetyRating[];
}

export interface GenerateContentResponse {
	candidates?: Candidate[];
	promptFeedback?: { blockReason: string; safetyRatings: SafetyRating[] };
	usageMetadata: UsageMetadata;
	modelVersion: string;
	responseId: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { IExecuteFunctions } from 'n8n-workflow';

import type { GenerateContentRequest } from '../request/buildGenerateRequest';
import type { PriceTable } from '../pricing';
import { GeminiApiError } from '../transport/googleError';
import type { CallSettings, GeminiClient } from '../transport/GeminiClient';
import { buildContentParts, type ContentPart } from './cacheContents';
import { uniqueDisplayName } from '../execution/batchCreate';
import { cachePath, createCache, deleteCache, findCacheByName, type CachedContent } from './cachedContents';
import { decideSharedCache, type SharedCacheDecision } from './sharedDecision';

/**
 * Shared Context on Generate, Extract and Batch: content every item shares (a document, files)
 * is cached once for the execution when that pays, every item reads it, and the cache is deleted
 * when the node ends, also when it fails or the execution is stopped. The first item to be sent
 * decides: its system instruction and tools go into the cache (a request that uses a cache may
 * not carry its own), and an item whose differ sends the shared content uncached instead.
 */

/** How long the run's cache may live: it is deleted at the end; this bounds storage when deletion fails. */
export const SHARED_CACHE_TTL_SECONDS = 3600;
const CALL: Omit<CallSettings, 'signal'> = { timeoutMs: 120_000 };
const DELETE_TIMEOUT_MS = 30_000;

export interface SharedContextInput {
	text: string;
	binaryProperties: string[];
}

/** What one item sends: the cache's name, or the shared parts before its own content. */
export type SharedForItem = { cacheName: string } | { leadingParts: ContentPart[]; warning?: string };

export interface SharedRunReport {
	decision: SharedCacheDecision;
	cache?: CachedContent;
	createdAt?: Date;
	/** When the cache stopped being billed: deleted now, or its expiry when deletion failed. */
	endedAt?: Date;
	deleted: boolean;
	warnings: string[];
	createNote?: string;
}

interface Opened {
	parts: ContentPart[];
	/** What the cache holds besides the parts, compared with every item's request. */
	fixed: string;
	cache?: CachedContent;
}

const fixedFields = (request: GenerateContentRequest): string => JSON.stringify([request.systemInstruction ?? null, request.tools ?? null, request.toolConfig ?? null]);

export class SharedContextRun {
	private opening: Promise<Opened> | undefined;
	private closing: Promise<SharedRunReport> | undefined;
	/** Set once a create has been sent: after a stop its answer may be lost, the cache not. */
	private createdName: string | undefined;
	private readonly report: SharedRunReport = { decision: { cache: false, reason: 'No item was sent.', tokens: null }, deleted: false, warnings: [] };

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: GeminiClient,
		private readonly input: SharedContextInput,
		private readonly itemCount: number,
		private readonly prices: PriceTable,
	) {}

	/** The shared content for one item (the first call creates the cache when it pays). */
	async forItem(model: string, modelPath: string, probe: GenerateContentRequest): Promise<SharedForItem> {
		this.opening ??= this.open(model, modelPath, probe);
		const opened = await this.opening;
		if (opened.cache && fixedFields(probe) === opened.fixed) return { cacheName: opened.cache.name };
		if (opened.cache) {
			return {
				leadingParts: opened.parts,
				warning: 'This item\'s system instruction or tools differ from the first item\'s, which are in the shared-context cache: its shared content was sent uncached.',
			};
		}
		return { leadingParts: opened.parts };
	}

	private settings(): CallSettings {
		return { ...CALL, signal: this.ctx.getExecutionCancelSignal() };
	}

	private async open(model: string, modelPath: string, probe: GenerateContentRequest): Promise<Opened> {
		const settings = this.settings();
		const parts = await buildContentParts(this.ctx, this.client, 0, { ...this.input, label: 'n8n shared context' }, settings);
		const fixed = fixedFields(probe);
		const content = { contents: [{ role: 'user', parts }], ...(probe.systemInstruction ? { systemInstruction: probe.systemInstruction } : {}), ...(Array.isArray(probe.tools) ? { tools: probe.tools as unknown[] } : {}), ...(probe.toolConfig ? { toolConfig: probe.toolConfig } : {}) };
		const counted = await this.client.json<{ totalTokens?: number }>('POST', `${modelPath}:countTokens`, { generateContentRequest: { model: modelPath, ...content } }, settings);
		const decision = decideSharedCache({ model, tokens: counted.body.totalTokens, items: this.itemCount, hours: SHARED_CACHE_TTL_SECONDS / 3600, table: this.prices });
		this.report.decision = decision;
		if (!decision.cache) return { parts, fixed };
		this.createdName = uniqueDisplayName(`n8n shared context ${this.ctx.getNode().name}`);
		const body = { model, ...content, expiry: { ttlSeconds: SHARED_CACHE_TTL_SECONDS } };
		const outcome = await createCache(this.client, this.createdName, body, settings, this.createdName).then(
			(created) => ({ created }),
			(failure: unknown) => ({ failure }),
		);
		if ('failure' in outcome) {
			const error = outcome.failure;
			// Refused (e.g. under the model's minimum): nothing was created; send the content uncached.
			if (!(error instanceof GeminiApiError && error.kind === 'http' && (error.httpStatus ?? 0) >= 400 && (error.httpStatus ?? 0) < 500)) throw error;
			this.report.decision = { cache: false, reason: `Gemini refused the cache (${error.message}); the shared content was sent with every item.`, tokens: decision.tokens };
			return { parts, fixed };
		}
		const { created } = outcome;
		this.report.cache = created.cache;
		this.report.createdAt = created.cache.createTime ? new Date(created.cache.createTime) : new Date();
		if (created.attempts > 1 || created.foundExisting) this.report.createNote = created.note;
		return { parts, fixed, cache: created.cache };
	}

	/**
	 * Deletes the cache (once, however often it is called: the end of the node and a stop of the
	 * execution may both ask). Never throws: a failed delete leaves the cache to expire by its TTL
	 * and says so.
	 */
	async close(): Promise<SharedRunReport> {
		this.closing ??= this.deleteNow();
		return await this.closing;
	}

	private async deleteNow(): Promise<SharedRunReport> {
		// Let a create that is under way finish first, so its cache is not left behind.
		await this.opening?.catch(() => undefined);
		// A fresh signal: the execution's may be the reason we are closing.
		const settings = { ...CALL, timeoutMs: DELETE_TIMEOUT_MS, signal: AbortSignal.timeout(DELETE_TIMEOUT_MS) };
		const cache = this.report.cache ?? (await this.findLostCreate(settings));
		if (!cache) return this.report;
		try {
			await deleteCache(this.client, cachePath(cache.name), settings);
			this.report.deleted = true;
			this.report.endedAt = new Date();
		} catch (error) {
			const why = error instanceof Error ? error.message : String(error);
			const expires = cache.expireTime ?? 'its expire time';
			this.report.endedAt = cache.expireTime ? new Date(cache.expireTime) : undefined;
			const warning = `Deleting the shared-context cache ${cache.name} failed (${why}); it is left to expire at ${expires} and its storage is billed until then.`;
			this.report.warnings.push(warning);
			this.ctx.logger.warn(warning);
		}
		return this.report;
	}

	/** A create stopped or failed after it was sent may still have made the cache: look for it by its name. */
	private async findLostCreate(settings: CallSettings): Promise<CachedContent | undefined> {
		if (this.createdName === undefined) return undefined;
		const found = await findCacheByName(this.client, this.createdName, settings).catch((error: unknown) => {
			const why = error instanceof Error ? error.message : String(error);
			const warning = `The shared-context cache "${this.createdName}" may have been created before the run ended, and looking for it failed (${why}): check with Gemini Cache → List; it expires within ${SHARED_CACHE_TTL_SECONDS / 60} minutes.`;
			this.report.warnings.push(warning);
			this.ctx.logger.warn(warning);
			return undefined;
		});
		if (found) {
			this.report.cache = found;
			this.report.createdAt = found.createTime ? new Date(found.createTime) : new Date();
		}
		return found;
	}
}

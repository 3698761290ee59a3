/**
 * Batch API routes: `models/{m}:batchGenerateContent` (create), `batches` (list), `batches/{id}`
 * (get, delete), `batches/{id}:cancel`. Jobs and their state live in `batchstore.ts`, the work per
 * request in `batchwork.ts`.
 */
import { parseAfterCreate, sendAfterFault } from './afterfaults';
import type { WorkItem } from './batchwork';
import { census, fileItems, inlineItem } from './batchwork';
import type { BatchEnding, BatchInput, BatchJob } from './batchstore';
import type { RequestContext } from './context';
import type { ErrorReply } from './errors';
import { badField, modelNotFound, reply } from './errors';
import { removeQuietly } from './filestore';
import { sendJson, sendReply } from './http';
import { findModel, supportsMethod } from './models';
import { pageOf } from './paging';
import type { AfterFault, BatchTiming } from './types';
import { isRecord } from './types';

/** The real limit on an inline batch (the `requests` as JSON). */
export const INLINE_LIMIT_BYTES = 20 * 1024 * 1024;

const BATCH_FIELDS = ['displayName', 'inputConfig', 'priority', 'model', 'name'];
const DIRECTIVE_RE = /\[\[fake:([^\]]*)\]\]/g;

function unknownField(object: Record<string, unknown>, known: string[], at: string): ErrorReply | undefined {
	const key = Object.keys(object).find((name) => !known.includes(name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())));
	return key === undefined ? undefined : badField(at, `Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`);
}

interface JobDirectives {
	ending: BatchEnding;
	timing: Partial<BatchTiming>;
	/** The job is created, then the create's answer is lost (`reset-after-create`, `503-after-create`). */
	after?: AfterFault;
}

/**
 * `[[fake:batch-fail]]`, `[[fake:batch-expire]]`, `[[fake:batch-pending=50 batch-running=2000]]`,
 * `[[fake:503-after-create]]`, `[[fake:reset-after-create]]` in the display name.
 */
function jobDirectives(displayName: string): JobDirectives | ErrorReply {
	const found: JobDirectives = { ending: 'succeed', timing: {} };
	for (const match of displayName.matchAll(DIRECTIVE_RE)) {
		for (const token of match[1].split(/\s+/).filter(Boolean)) {
			const [name, value] = token.split('=', 2);
			const ms = Number(value);
			const isMs = value !== undefined && value !== '' && Number.isFinite(ms) && ms >= 0;
			if (name === 'batch-fail' && value === undefined) found.ending = 'fail';
			else if (name === 'batch-expire' && value === undefined) found.ending = 'expire';
			else if (name === 'batch-pending' && isMs) found.timing.pendingMs = ms;
			else if (name === 'batch-running' && isMs) found.timing.runningMs = ms;
			else if (parseAfterCreate(token) !== undefined) found.after = parseAfterCreate(token);
			else {
				const known = 'batch-fail, batch-expire, batch-pending=ms, batch-running=ms, reset-after-create, 503-after-create';
				return reply(400, `unknown fake batch directive "${token}" in ${match[0]} (${known})`);
			}
		}
	}
	return found;
}

type Parsed = { displayName?: string; input: { kind: 'inline'; entries: unknown[] } | { kind: 'file'; fileId: string } };

function parseCreate(body: unknown): Parsed | ErrorReply {
	if (!isRecord(body) || !isRecord(body.batch)) return reply(400, '* BatchGenerateContentRequest.batch: batch is required.\n');
	const topLevel = unknownField(body, ['batch'], '');
	if (topLevel) return topLevel;
	const batch = body.batch;
	const unknown = unknownField(batch, BATCH_FIELDS, 'batch');
	if (unknown) return unknown;
	if (batch.displayName !== undefined && typeof batch.displayName !== 'string') {
		return badField('batch.display_name', `Invalid value at 'batch.display_name' (TYPE_STRING), ${JSON.stringify(batch.displayName)}`);
	}
	const config = batch.inputConfig;
	if (!isRecord(config)) return reply(400, '* BatchGenerateContentRequest.batch.input_config: input_config is required.\n');
	const configUnknown = unknownField(config, ['requests', 'fileName'], 'batch.input_config');
	if (configUnknown) return configUnknown;
	const displayName = batch.displayName as string | undefined;
	if (config.requests !== undefined && config.fileName !== undefined) {
		return reply(400, '* BatchGenerateContentRequest.batch.input_config: only one of requests and file_name may be set.\n');
	}
	if (typeof config.fileName === 'string') {
		const fileId = config.fileName.startsWith('files/') ? config.fileName.slice('files/'.length) : '';
		if (fileId === '') return reply(400, `* BatchGenerateContentRequest.batch.input_config.file_name: expected "files/<id>", got "${config.fileName}".\n`);
		return { displayName, input: { kind: 'file', fileId } };
	}
	// Inline requests are nested twice: inputConfig.requests.requests[].
	const requests = isRecord(config.requests) ? config.requests.requests : undefined;
	if (!Array.isArray(requests) || requests.length === 0) {
		return reply(400, '* BatchGenerateContentRequest.batch.input_config: requests.requests (a non-empty list) or file_name is required.\n');
	}
	return { displayName, input: { kind: 'inline', entries: requests } };
}

export async function createBatch(ctx: RequestContext, modelId: string): Promise<void> {
	const model = findModel(modelId);
	if (!supportsMethod(model, 'batchGenerateContent')) return sendReply(ctx.res, modelNotFound(modelId, 'batchGenerateContent'));
	const parsed = parseCreate(ctx.body);
	if ('status' in parsed) return sendReply(ctx.res, parsed);
	const directives = jobDirectives(parsed.displayName ?? '');
	if ('status' in directives) return sendReply(ctx.res, directives);

	const { batches, files } = ctx.state;
	let input: BatchInput;
	let items: Iterable<WorkItem> | AsyncIterable<WorkItem>;
	if (parsed.input.kind === 'inline') {
		const bytes = Buffer.byteLength(JSON.stringify(parsed.input.entries));
		if (bytes > INLINE_LIMIT_BYTES) {
			return sendReply(ctx.res, reply(400, `Request payload size exceeds the limit: ${INLINE_LIMIT_BYTES} bytes. Use a file (inputConfig.fileName) for larger batches.`));
		}
		input = { kind: 'inline', items: parsed.input.entries.map(inlineItem) };
		items = input.items;
	} else {
		const source = files.get(parsed.input.fileId);
		if (!source) return sendReply(ctx.res, reply(404, `File files/${parsed.input.fileId} not found.`));
		input = { kind: 'file', path: batches.keepInput(source) };
		items = fileItems(input.path);
	}
	const counted = await census(model, items);
	if (counted.count === 0) {
		if (input.kind === 'file') removeQuietly(input.path);
		return sendReply(ctx.res, reply(400, 'The batch input file holds no requests.'));
	}
	const job = batches.create({
		model,
		displayName: parsed.displayName,
		timing: { ...batches.timing, ...directives.timing },
		ending: directives.ending,
		census: counted,
		input,
	});
	if (directives.after !== undefined) return sendAfterFault(ctx.res, directives.after);
	sendJson(ctx.res, 200, await batches.operation(job));
}

function findJob(ctx: RequestContext, id: string): BatchJob | undefined {
	const job = ctx.state.batches.get(id);
	if (!job) sendReply(ctx.res, reply(404, `Batch batches/${id} not found.`));
	return job;
}

export async function getBatch(ctx: RequestContext, id: string): Promise<void> {
	const job = findJob(ctx, id);
	if (job) sendJson(ctx.res, 200, await ctx.state.batches.operation(job));
}

export async function listBatches(ctx: RequestContext): Promise<void> {
	const page = pageOf(ctx.url, ctx.state.batches.list());
	if (!page.ok) return sendReply(ctx.res, page.error);
	const operations: unknown[] = [];
	for (const job of page.items) operations.push(await ctx.state.batches.operation(job));
	const body: { operations: unknown[]; nextPageToken?: string } = { operations };
	if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
	sendJson(ctx.res, 200, body);
}

/** `{}` whether or not the job was still running (a finished job keeps its state). */
export function cancelBatch(ctx: RequestContext, id: string): void {
	const job = findJob(ctx, id);
	if (!job) return;
	ctx.state.batches.cancel(job);
	sendJson(ctx.res, 200, {});
}

export function deleteBatch(ctx: RequestContext, id: string): void {
	const job = findJob(ctx, id);
	if (!job) return;
	ctx.state.batches.delete(job);
	sendJson(ctx.res, 200, {});
}

/** Files API reads: metadata, list, delete, and the media download (streamed from disk). */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { RequestContext } from './context';
import { reply } from './errors';
import type { FileRecord } from './filestore';
import { wireFile } from './filestore';
import { baseUrlOf, sendJson, sendReply } from './http';
import { pageOf } from './paging';

/** The file, after letting a finished batch job write its results file (`batch-<id>`) if it has not yet. */
async function lookUp(ctx: RequestContext, id: string): Promise<FileRecord | undefined> {
	await ctx.state.batches.ensureResultsFile(id);
	const record = ctx.state.files.get(id);
	if (!record) sendReply(ctx.res, reply(404, `File files/${id} not found.`));
	return record;
}

export async function getFile(ctx: RequestContext, id: string): Promise<void> {
	const record = await lookUp(ctx, id);
	if (record) sendJson(ctx.res, 200, wireFile(record, baseUrlOf(ctx.req, ctx.state.baseUrl)));
}

export function deleteFile(ctx: RequestContext, id: string): void {
	if (!ctx.state.files.delete(id)) return sendReply(ctx.res, reply(404, `File files/${id} not found.`));
	sendJson(ctx.res, 200, {});
}

export function listFiles(ctx: RequestContext): void {
	const page = pageOf(ctx.url, ctx.state.files.list());
	if (!page.ok) return sendReply(ctx.res, page.error);
	const base = baseUrlOf(ctx.req, ctx.state.baseUrl);
	const body: { files: unknown[]; nextPageToken?: string } = { files: page.items.map((record) => wireFile(record, base)) };
	if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
	sendJson(ctx.res, 200, body);
}

export async function downloadFile(ctx: RequestContext, id: string): Promise<void> {
	if (ctx.url.searchParams.get('alt') !== 'media') return sendReply(ctx.res, reply(400, 'Downloads need ?alt=media.'));
	const record = await lookUp(ctx, id);
	if (!record) return;
	ctx.res.writeHead(200, { 'content-type': record.mimeType, 'content-length': record.sizeBytes });
	try {
		await pipeline(createReadStream(record.path), ctx.res);
	} catch {
		// The client went away or the file was removed meanwhile: the connection is already closed.
		ctx.res.destroy();
	}
}

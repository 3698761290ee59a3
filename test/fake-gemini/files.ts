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
	if (!record) return;
	sendJson(ctx.res, 200, wireFile(record, baseUrlOf(ctx.req, ctx.state.baseUrl)));
	// Each read moves processing on: PROCESSING for the first reads of a video, then ACTIVE.
	if (record.processingReads) record.processingReads -= 1;
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

/** `bytes=N-` or `bytes=N-M` → the inclusive range within `size`; 'unsatisfiable' past the end. */
export function requestedRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
	const match = /^bytes=(\d+)-(\d*)$/.exec(header?.trim() ?? '');
	if (!match) return undefined;
	const start = Number(match[1]);
	if (start >= size) return 'unsatisfiable';
	const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
	return end < start ? undefined : { start, end };
}

/** The bytes from disk: whole (200) or the asked `Range` (206, Content-Range), optionally cut after N bytes. */
export async function downloadFile(ctx: RequestContext, id: string): Promise<void> {
	if (ctx.url.searchParams.get('alt') !== 'media') return sendReply(ctx.res, reply(400, 'Downloads need ?alt=media.'));
	const record = await lookUp(ctx, id);
	if (!record) return;
	const range = requestedRange(ctx.req.headers.range, record.sizeBytes);
	if (range === 'unsatisfiable') {
		ctx.res.writeHead(416, { 'content-range': `bytes */${record.sizeBytes}`, 'content-length': 0 });
		return void ctx.res.end();
	}
	const start = range?.start ?? 0;
	const end = range?.end ?? record.sizeBytes - 1;
	const headers: Record<string, string | number> = { 'content-type': record.mimeType, 'content-length': end - start + 1, 'accept-ranges': 'bytes' };
	if (range) headers['content-range'] = `bytes ${start}-${end}/${record.sizeBytes}`;
	ctx.res.writeHead(range ? 206 : 200, headers);
	if (record.sizeBytes === 0) return void ctx.res.end();
	const cut = ctx.cutAfterBytes;
	const last = cut === undefined ? end : Math.min(end, start + cut - 1);
	try {
		if (last >= start) await pipeline(createReadStream(record.path, { start, end: last }), ctx.res, { end: cut === undefined });
		// A break half-way: the socket goes before the announced length has been sent.
		if (cut !== undefined) {
			await new Promise<void>((resolve) => ctx.res.write(Buffer.alloc(0), () => resolve()));
			setImmediate(() => ctx.res.socket?.destroy());
		}
	} catch {
		// The client went away or the file was removed meanwhile: the connection is already closed.
		ctx.res.destroy();
	}
}

/** Small `node:http` helpers: body reading and JSON / error replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorReply } from './errors';

export const JSON_TYPE = 'application/json; charset=UTF-8';

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Parsed JSON; `undefined` for an empty body; the raw text when it is not JSON. */
export function parseBody(raw: string): unknown {
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	// Google pretty-prints its JSON answers; clients must not care either way.
	const text = JSON.stringify(body, null, 2);
	res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

export function sendReply(res: ServerResponse, reply: ErrorReply): void {
	if (typeof reply.body === 'string') {
		if (res.headersSent || res.destroyed) return;
		res.writeHead(reply.status, { 'content-type': 'text/html; charset=UTF-8', ...reply.headers });
		res.end(reply.body);
		return;
	}
	sendJson(res, reply.status, reply.body, reply.headers);
}

/** Reads and discards what is left of a request body (so the answer is not sent mid-upload). */
export function drain(req: IncomingMessage): Promise<number> {
	return new Promise((resolve) => {
		if (req.readableEnded || req.destroyed) return resolve(0);
		let bytes = 0;
		req.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
		});
		req.once('end', () => resolve(bytes));
		req.once('close', () => resolve(bytes));
		req.once('error', () => resolve(bytes));
		req.resume();
	});
}

/** A small body as text, or undefined when it is longer than `limit` bytes (the rest is drained). */
export function readLimited(req: IncomingMessage, limit: number): Promise<string | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let bytes = 0;
		req.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
			if (bytes <= limit) chunks.push(chunk);
		});
		req.on('end', () => resolve(bytes > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** This server's URL as the client reached it (its Host header), for absolute URLs in answers. */
export function baseUrlOf(req: IncomingMessage, fallback: string): string {
	const host = req.headers.host;
	return host ? `http://${host}` : fallback;
}

/** An empty 200 with headers only (the upload protocol's answers). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string>): void {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, { 'content-length': 0, ...headers });
	res.end();
}

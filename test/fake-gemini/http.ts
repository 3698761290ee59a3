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

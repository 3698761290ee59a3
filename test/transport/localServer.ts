/** Small local HTTP servers for the transport tests: listen on 127.0.0.1, log, answer JSON. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	bodyBytes: number;
	port: number;
}


export interface TestServer {
	server: Server;
	origin: string;
	port: number;
}

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
	const server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return { server, port, origin: `http://127.0.0.1:${port}` };
}

export async function close(test: TestServer): Promise<void> {
	test.server.closeAllConnections();
	await new Promise((resolve) => test.server.close(resolve));
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const part of req) parts.push(part as Buffer);
	return Buffer.concat(parts);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}


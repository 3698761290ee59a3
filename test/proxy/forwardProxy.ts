/**
 * A tiny forwarding proxy for tests, on 127.0.0.1: absolute-URI requests (`GET http://host/path`)
 * are forwarded, CONNECT tunnels are opened to allowed hosts and refused (403) for others. It
 * logs what a proxy's access log would hold (method, target, and which headers it forwarded, by
 * name only) and counts both kinds.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyLogEntry {
	method: string;
	/** The absolute URI, or `host:port` for CONNECT. */
	target: string;
	/** Header names only: a proxy's log never needs their values. */
	headerNames: string[];
}

export interface ForwardProxy {
	url: string;
	log: ProxyLogEntry[];
	/** The header values the proxy had to forward (for asserting what it carried). */
	forwardedHeaders: IncomingMessage['headers'][];
	connects(): number;
	forwards(): number;
	close(): Promise<void>;
}

export async function startForwardProxy(options: { allowConnect?: (host: string) => boolean } = {}): Promise<ForwardProxy> {
	const log: ProxyLogEntry[] = [];
	const forwardedHeaders: IncomingMessage['headers'][] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((req, res) => {
		log.push({ method: req.method ?? '', target: req.url ?? '', headerNames: Object.keys(req.headers) });
		forwardedHeaders.push(req.headers);
		let target: URL;
		try {
			target = new URL(req.url ?? '');
		} catch {
			res.writeHead(400).end('absolute URI required');
			return;
		}
		const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		log.push({ method: 'CONNECT', target: req.url ?? '', headerNames: Object.keys(req.headers) });
		const [host, port] = (req.url ?? '').split(':');
		if (!options.allowConnect?.(host)) {
			client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
			return;
		}
		const upstream = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		log,
		forwardedHeaders,
		connects: () => log.filter((entry) => entry.method === 'CONNECT').length,
		forwards: () => log.filter((entry) => entry.method !== 'CONNECT').length,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

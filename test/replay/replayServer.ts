import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Recording } from './recordings';

/**
 * Answers every request with one recorded real Gemini response, byte for byte as recorded (the
 * status, the recorded headers that describe the body, the JSON body or the SSE text). It checks
 * only what a replay needs: the path names the recording's model and the right method, and an
 * API key came in the header (never in the URL).
 */
export interface ReplayServer {
	url: string;
	/** The recording the next requests get. */
	play(recording: Recording): void;
	/** Requests received since the last `play`: method, path, parsed body. */
	requests: Array<{ method: string; path: string; body: unknown }>;
	close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** The method and path (without query) each kind of recording answers. */
function expectedRoute(recording: Recording): string {
	const model = `/v1beta/models/${recording.model}`;
	switch (recording.kind) {
		case 'stream':
			return `POST ${model}:streamGenerateContent`;
		case 'countTokens':
			return `POST ${model}:countTokens`;
		case 'model':
			return `GET ${model}`;
		case 'models':
			return 'GET /v1beta/models';
		default:
			return `POST ${model}:generateContent`;
	}
}

export async function startReplayServer(apiKey: string): Promise<ReplayServer> {
	let current: Recording | undefined;
	const requests: ReplayServer['requests'] = [];
	const server: Server = createServer((req, res) => {
		void (async () => {
			const body = await readBody(req);
			const path = req.url ?? '';
			requests.push({ method: req.method ?? '', path, body });
			const refuse = (message: string) => {
				res.writeHead(599, { 'content-type': 'text/plain' });
				res.end(`replay server: ${message}`);
			};
			if (!current) return refuse('no recording is playing');
			if (req.headers['x-goog-api-key'] !== apiKey || /[?&]key=/.test(path)) return refuse('the API key must come in x-goog-api-key');
			const route = `${req.method} ${path.split('?')[0]}`;
			if (route !== expectedRoute(current)) return refuse(`${current.name} answers ${expectedRoute(current)}, got ${route}`);
			const headers = Object.fromEntries(
				Object.entries(current.headers ?? {}).filter(([name]) => /^(content-type|vary|x-)/i.test(name)),
			);
			if (current.kind === 'stream') {
				res.writeHead(current.status, { 'content-type': 'text/event-stream', ...headers });
				res.end(current.sse);
				return;
			}
			res.writeHead(current.status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
			res.end(JSON.stringify(current.body));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		play(recording) {
			current = recording;
			requests.length = 0;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/**
 * A local fake of the Gemini Developer API (v1beta REST wire format) with faults on demand.
 * See README.md in this folder for endpoints and prompt directives.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RequestContext } from './context';
import { replaceAnswer } from './afterfaults';
import { apiKeyInvalid, faultReply, quotaReply, reply } from './errors';
import { genericAnswerBytes, halfBody, HTML_TYPE, PROXY_LOGIN_PAGE, proxyErrorPage, resetMidBody, sendBytes } from './bodyfaults';
import { JSON_TYPE, parseBody, readBody, sendReply } from './http';
import { findRoute, findVertexRoute } from './routes';
import { isVertexPath, vertexCall } from './vertex';
import { FakeState } from './state';
import type { FakeGemini, FakeGeminiOptions, RecordedRequest } from './types';

export type { AfterFault, BatchStatePrefix, BatchTiming, Fault, FakeGemini, FakeGeminiOptions, RecordedRequest } from './types';

export const DEFAULT_API_KEY = 'fake-gemini-key';

function decodePath(pathname: string): string {
	try {
		return decodeURIComponent(pathname);
	} catch {
		return pathname;
	}
}

async function dispatch(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const path = req.url ?? '/';
	const method = req.method ?? 'GET';
	const url = new URL(path, 'http://fake-gemini.local');
	const decoded = decodePath(url.pathname);
	// Vertex AI paths: the project-scoped model calls reuse the Gemini API's handlers (vertex.ts).
	const vertex = isVertexPath(decoded) ? vertexCall(decoded) : undefined;
	const found = isVertexPath(decoded) ? (vertex ? findRoute(method, vertex.path) : findVertexRoute(method, decoded)) : findRoute(method, decoded);
	// Upload routes read (and stream to disk) their own bodies; everything else is small JSON.
	const body = found?.route.rawBody ? undefined : parseBody(await readBody(req));
	const recorded: RecordedRequest = { method, path, headers: req.headers, body, time: Date.now() };
	state.requests.push(recorded);

	if (!found) return sendReply(res, reply(404, `Method not found: ${recorded.method} ${url.pathname}`));
	let cutAfterBytes: number | undefined;
	if (found.route.auth !== false) {
		// A `key=` query parameter is refused outright: clients must send the header.
		if (isVertexPath(decoded)) {
			const refused = state.vertex.check(req.headers.authorization);
			if (refused) return sendReply(res, refused);
		} else if (url.searchParams.has('key') || req.headers['x-goog-api-key'] !== state.apiKey) {
			return sendReply(res, apiKeyInvalid());
		}
		const fault = state.takeFault(recorded);
		cutAfterBytes = fault?.cutAfterBytes;
		if (fault) {
			await state.sleep(fault.delayMs ?? 0, res);
			if (res.destroyed) return;
			if (fault.drop) return void req.socket.destroy();
			if (fault.html) {
				const page = fault.status === undefined ? PROXY_LOGIN_PAGE : proxyErrorPage(fault.status);
				return sendBytes(res, fault.status ?? 200, Buffer.from(page), { 'content-type': HTML_TYPE });
			}
			if (fault.resetMidBody) return resetMidBody(res, 200, genericAnswerBytes(), { 'content-type': JSON_TYPE });
			if (fault.malformedJson) return sendBytes(res, 200, halfBody(genericAnswerBytes()), { 'content-type': JSON_TYPE });
			if (fault.quota) return sendReply(res, quotaReply(fault.quota, 'gemini-2.5-flash', fault.retryDelay));
			if (fault.after !== undefined) replaceAnswer(res, fault.after);
			else if (fault.status !== undefined) {
				return sendReply(res, faultReply(fault.status, { retryDelay: fault.retryDelay, retryAfterSeconds: fault.retryAfterSeconds }));
			}
		}
	}
	if (recorded.method === 'POST' && typeof body === 'string') {
		return sendReply(res, reply(400, `Invalid JSON payload received. Unexpected token.\n${body.slice(0, 40)}\n^`));
	}
	const ctx: RequestContext = { req, res, url, body, recorded, state, cutAfterBytes, vertex: vertex?.target };
	await found.route.handle(ctx, found.params);
}

function checkBatchOptions(options: FakeGeminiOptions): void {
	const prefix = options.batchStatePrefix;
	if (prefix !== undefined && prefix !== 'BATCH_STATE_' && prefix !== 'JOB_STATE_') {
		throw new Error(`batchStatePrefix must be BATCH_STATE_ or JOB_STATE_, got ${String(prefix)}`);
	}
	for (const [name, value] of Object.entries(options.batchTiming ?? {})) {
		if (value !== undefined && !(typeof value === 'number' && value >= 0)) throw new Error(`batchTiming.${name} must be a number >= 0`);
	}
}

export function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
	const host = options.host ?? '127.0.0.1';
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	try {
		checkBatchOptions(options);
	} catch (error) {
		return Promise.reject(error);
	}
	const state = new FakeState(apiKey, options.latencyMs ?? 0, { timing: options.batchTiming, prefix: options.batchStatePrefix });
	const sockets = new Set<Socket>();

	const server = createServer((req, res) => {
		// In flight until both the handler has finished and the response has closed (sent, or its socket gone).
		state.inFlight += 1;
		let pending = 2;
		const settled = (): void => {
			pending -= 1;
			if (pending === 0) state.inFlight -= 1;
		};
		res.once('close', settled);
		dispatch(state, req, res)
			.catch((error: unknown) => {
				const message = error instanceof Error ? error.message : String(error);
				if (!res.headersSent) sendReply(res, reply(500, `fake-gemini internal error: ${message}`));
				else res.destroy();
			})
			.finally(settled);
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	const close = async (): Promise<void> => {
		const closed = new Promise<void>((resolve) => {
			state.cancelTimers();
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
			server.closeAllConnections();
		});
		await Promise.all([closed, state.dispose()]);
	};

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			const address = server.address() as AddressInfo;
			const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
			state.baseUrl = `http://${shownHost}:${address.port}`;
			resolve({
				url: state.baseUrl,
				apiKey,
				requests: state.requests,
				enqueueFault: (fault) => state.enqueueFault(fault),
				reset: () => state.reset(),
				vertex: state.vertex,
				inFlight: () => state.inFlight,
				caches: () =>
					state.caches.list().map((cache) => ({
						name: `cachedContents/${cache.id}`,
						displayName: cache.displayName,
						model: cache.model,
						expireTime: new Date(cache.expireTime).toISOString(),
						totalTokenCount: cache.count.total,
					})),
				openConnections: () =>
					new Promise((done, fail) => server.getConnections((error, count) => (error ? fail(error) : done(count)))),
				get tempDir() {
					return state.files.directory;
				},
				close,
			});
		});
	});
}

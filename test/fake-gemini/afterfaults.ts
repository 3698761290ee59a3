/**
 * Answers lost after the work was done: the route runs in full (a batch job or an upload session
 * is created), then the client gets a reset or an error status instead of the answer. This is the
 * case a client must not answer by sending the same create again.
 */
import type { ServerResponse } from 'node:http';
import { faultReply } from './errors';
import { sendReply } from './http';
import type { AfterFault } from './types';

/** Reads `reset-after-create` / `503-after-create` (any 4xx/5xx); undefined for other tokens. */
export function parseAfterCreate(token: string): AfterFault | undefined {
	if (token === 'reset-after-create') return 'reset';
	const match = /^([45]\d\d)-after-create$/.exec(token);
	return match ? Number(match[1]) : undefined;
}

/** Sends the replacement answer now (for a route that calls this itself). */
export function sendAfterFault(res: ServerResponse, after: AfterFault): void {
	if (after === 'reset') {
		res.socket?.destroy();
		return;
	}
	sendReply(res, faultReply(after, {}));
}

/**
 * Makes the route's own answer disappear: its `writeHead`/`write`/`end` are swallowed, and its
 * `end` sends the replacement instead. For queued faults, where the route does not know.
 */
export function replaceAnswer(res: ServerResponse, after: AfterFault): void {
	const own = res as unknown as Record<string, unknown>;
	const restore = (): void => {
		delete own.writeHead;
		delete own.write;
		delete own.end;
	};
	own.writeHead = () => res;
	own.write = () => true;
	own.end = () => {
		restore();
		sendAfterFault(res, after);
		return res;
	};
	res.once('close', restore);
}

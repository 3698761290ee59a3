import type { Dispatcher } from 'undici';

import { headerValue, protocolError, type CallSettings, type Transport } from './client';
import { GeminiApiError } from './googleError';
import { backoffDelayMs, DEFAULT_RETRY_SETTINGS } from './retryPolicy';

/**
 * `GET /download/v1beta/{files/…}:download?alt=media`, streamed. A body that breaks half-way (a
 * reset, a stall past the timeout) is resumed with `Range: bytes=<received>-` from the bytes
 * already passed on, a bounded number of times, so a results file of hundreds of megabytes is
 * not fetched again from byte 0 and the consumer sees every byte exactly once. Downloads are
 * free and change nothing, so resuming is always safe.
 */

export interface DownloadSettings extends CallSettings {
	/** How many times a broken body is resumed (default 5). */
	maxResumes?: number;
}

export const DEFAULT_DOWNLOAD_RESUMES = 5;

/** `files/abc` → `files/abc:download?alt=media`; a path that already has a query is kept. */
export function downloadPath(path: string): string {
	const trimmed = path.replace(/^\/+/, '');
	if (trimmed.includes('?')) return trimmed;
	return `${trimmed.endsWith(':download') ? trimmed : `${trimmed}:download`}?alt=media`;
}

/** `bytes 100-199/1000` → its start and total (undefined when `*`). */
export function parseContentRange(value: string | undefined): { start: number; total?: number } | undefined {
	const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
	if (!match) return undefined;
	return { start: Number(match[1]), total: match[3] === '*' ? undefined : Number(match[3]) };
}

interface OpenedBody {
	body: Dispatcher.ResponseData['body'];
	/** Bytes at the start of this body that the consumer already has (a server that ignored Range). */
	skip: number;
	/** The whole file's size, when the server said it. */
	total?: number;
}

function numberOrUndefined(value: string | undefined): number | undefined {
	const parsed = value === undefined ? NaN : Number(value);
	return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

/** The body from `offset` on, with the usual retries until the headers arrive. */
async function openAt(t: Transport, url: string, offset: number, total: number | undefined, settings: CallSettings): Promise<OpenedBody> {
	const headers: Record<string, string> = { ...(await t.authHeaders()), accept: '*/*', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) };
	const { result } = await t.withRetries(settings, async () => {
		const response = await t.sendRaw(url, { method: 'GET', headers }, settings);
		const length = numberOrUndefined(headerValue(response.headers, 'content-length'));
		// A 200 to a Range request is the whole file again (Range ignored): skip what was passed on,
		// unless its size shows it is not the same file.
		const sameSize = offset === 0 || total === undefined || length === undefined || length === total;
		if (response.statusCode === 200 && sameSize) return { body: response.body, skip: offset, total: total ?? length };
		const range = response.statusCode === 206 ? parseContentRange(headerValue(response.headers, 'content-range')) : undefined;
		if (offset > 0 && range?.start === offset && (total === undefined || range.total === undefined || range.total === total)) {
			return { body: response.body, skip: 0, total: total ?? range.total };
		}
		await response.body.dump().catch(() => undefined);
		const asked = offset > 0 ? `bytes from ${offset} of ${total ?? 'unknown'}` : 'the file';
		throw protocolError(
			`The download answered HTTP ${response.statusCode} (content-range ${headerValue(response.headers, 'content-range') ?? 'none'}) when asked for ${asked}`,
			response.statusCode,
		);
	});
	return result;
}

/** A broken connection or a stalled body; not a cancellation or an answer the server meant. */
function resumable(error: GeminiApiError): boolean {
	return error.kind === 'network' || error.kind === 'timeout';
}

async function* resumingBytes(t: Transport, url: string, first: OpenedBody, settings: DownloadSettings): AsyncGenerator<Uint8Array, void, undefined> {
	const maxResumes = settings.maxResumes ?? DEFAULT_DOWNLOAD_RESUMES;
	let current = first;
	let received = 0;
	for (let resumes = 0; ; resumes++) {
		let failure: GeminiApiError | undefined;
		let skip = current.skip;
		try {
			for await (const piece of current.body) {
				let bytes = piece as Uint8Array;
				if (skip > 0) {
					const dropped = Math.min(skip, bytes.length);
					skip -= dropped;
					bytes = bytes.subarray(dropped);
					if (bytes.length === 0) continue;
				}
				received += bytes.length;
				yield bytes;
			}
			if (current.total === undefined || received >= current.total) return;
			// A body that ended short of the size the server gave: the connection was cut, resume.
			failure = new GeminiApiError({ kind: 'network', message: `The download ended after ${received} of ${current.total} bytes` });
		} catch (error) {
			failure = t.toGeminiError(error, settings.timeoutMs);
		} finally {
			// Also when the consumer stops early: the rest of the body is not wanted.
			current.body.destroy();
		}
		if (!resumable(failure) || resumes >= maxResumes || settings.signal?.aborted) {
			failure.attempts = resumes + 1;
			throw failure;
		}
		const delayMs = backoffDelayMs(resumes, settings.retry ?? DEFAULT_RETRY_SETTINGS);
		settings.onRetry?.({ attempt: resumes + 1, delayMs, error: failure });
		await t.wait(delayMs, settings.signal);
		current = await openAt(t, url, received, current.total, settings);
	}
}

/** The file's bytes as they arrive, resumed after a break (see above). */
export async function downloadFile(t: Transport, path: string, settings: DownloadSettings): Promise<AsyncIterable<Uint8Array>> {
	const url = t.apiUrl(downloadPath(path), '/download');
	return resumingBytes(t, url, await openAt(t, url, 0, undefined, settings), settings);
}

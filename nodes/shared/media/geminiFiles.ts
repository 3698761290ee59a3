import { createHash } from 'node:crypto';

import { protocolError, type CallSettings } from '../transport/client';
import type { GeminiClient } from '../transport/GeminiClient';
import { uploadedFileSchema, type UploadedFile } from '../transport/upload';

/**
 * Files API uploads that are reused while they live (48 hours,
 * https://ai.google.dev/gemini-api/docs/files): the same bytes on the same project are uploaded
 * once, found again by their SHA-256 (in the display name, in this process's memory, and in the
 * workflow's static data), and always checked to still exist before they are referenced.
 */

export interface StreamedBytes {
	mimeType: string;
	sizeBytes: number;
	/** A fresh read of the bytes each call (the hash pass, then the upload). */
	body: () => AsyncIterable<Uint8Array>;
}

export interface ReusableFile {
	name: string;
	uri: string;
	mimeType: string;
	expirationTime?: string;
}

/** Where a file reference is remembered across executions (the workflow's static data). */
export type FileMemory = Record<string, ReusableFile>;

/** A file is reused only when it outlives the call by this margin. */
const REUSE_MARGIN_MS = 60 * 60 * 1000;
const POLL_FIRST_MS = 250;
const POLL_MAX_MS = 5000;

export const DISPLAY_NAME_PREFIX = 'gemini-meter-sha256-';

export async function sha256Of(bytes: StreamedBytes): Promise<string> {
	const hash = createHash('sha256');
	for await (const piece of bytes.body()) hash.update(piece);
	return hash.digest('hex');
}

/** Uploads of this process by project and content: concurrent items share one upload. */
const uploads = new Map<string, Promise<UploadOutcome>>();

async function projectKey(client: GeminiClient): Promise<string> {
	const key = (await client.authHeaders())['x-goog-api-key'] ?? '';
	// Why hashed: the map key must never hold the API key itself.
	return createHash('sha256').update(`${client.baseUrl}\n${key}`).digest('hex').slice(0, 16);
}

function stillUsable(file: ReusableFile, now = Date.now()): boolean {
	const expires = file.expirationTime ? Date.parse(file.expirationTime) : NaN;
	return Number.isNaN(expires) || expires - now > REUSE_MARGIN_MS;
}

function asReusable(file: UploadedFile, mimeType: string): ReusableFile {
	if (!file.uri) throw protocolError(`The Files API returned ${file.name} without a uri`);
	return { name: file.name, uri: file.uri, mimeType: file.mimeType ?? mimeType, expirationTime: file.expirationTime };
}

/** GET files/{id}: the file, or undefined when it is gone (404/403: expired, deleted, another project). */
export async function getFile(client: GeminiClient, name: string, settings: CallSettings): Promise<UploadedFile | undefined> {
	const answer = await client.json<unknown>('GET', name, undefined, settings).then(
		({ body }) => ({ body }),
		(error: unknown) => ({ error }),
	);
	if ('body' in answer) return uploadedFileSchema.parse(answer.body);
	const status = (answer.error as { httpStatus?: number }).httpStatus;
	if (status === 404 || status === 403) return undefined;
	throw answer.error;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
	});
}

/** Polls files/{id} until ACTIVE (videos are processed first); FAILED or the timeout is an error. */
export async function waitUntilActive(client: GeminiClient, file: UploadedFile, settings: CallSettings & { timeoutMs?: number }): Promise<UploadedFile> {
	const deadline = Date.now() + (settings.timeoutMs ?? 15 * 60_000);
	let current = file;
	let delay = POLL_FIRST_MS;
	while (current.state !== undefined && current.state !== 'ACTIVE') {
		if (current.state === 'FAILED') {
			throw protocolError(`Gemini could not process the uploaded file ${current.name}: ${current.error?.message ?? 'state FAILED'}`);
		}
		if (Date.now() + delay > deadline) {
			throw protocolError(`The uploaded file ${current.name} was still ${current.state} when the timeout ran out`);
		}
		await sleep(delay, settings.signal);
		delay = Math.min(delay * 2, POLL_MAX_MS);
		const next = await getFile(client, current.name, settings);
		if (!next) throw protocolError(`The uploaded file ${current.name} disappeared while it was being processed`);
		current = next;
	}
	return current;
}

/** A remembered file that still exists and is ACTIVE with time to spare; else undefined. */
async function recheck(client: GeminiClient, remembered: ReusableFile | undefined, settings: CallSettings): Promise<ReusableFile | undefined> {
	if (!remembered || !stillUsable(remembered)) return undefined;
	const file = await getFile(client, remembered.name, settings);
	if (!file || file.state === 'FAILED') return undefined;
	const ready = asReusable(await waitUntilActive(client, file, settings), remembered.mimeType);
	return stillUsable(ready) ? ready : undefined;
}

export interface UploadOutcome {
	file: ReusableFile;
	/** True when no bytes were sent: an earlier upload of the same bytes was used. */
	reused: boolean;
	sha256: string;
}

/**
 * The Files API reference for these bytes: an earlier upload of the same content when it still
 * lives, else a new streamed upload, waited on until ACTIVE. `memory` (the workflow's static
 * data) is updated with the file.
 */
export async function uploadOrReuse(
	client: GeminiClient,
	bytes: StreamedBytes,
	memory: FileMemory | undefined,
	settings: CallSettings & { timeoutMs?: number },
): Promise<UploadOutcome> {
	const sha256 = await sha256Of(bytes);
	const key = `${await projectKey(client)}:${sha256}`;
	const inFlight = uploads.get(key);
	if (inFlight) {
		const shared = await recheck(client, await inFlight.then((outcome) => outcome.file).catch(() => undefined), settings);
		if (shared) return remember(memory, sha256, shared, true);
	}
	// Why set before any await: concurrent items with the same bytes must find this attempt.
	const attempt = (async (): Promise<UploadOutcome> => {
		const stored = await recheck(client, memory?.[sha256], settings);
		if (stored) return { file: stored, reused: true, sha256 };
		const file = await client.uploadFile({ displayName: `${DISPLAY_NAME_PREFIX}${sha256}`, mimeType: bytes.mimeType, sizeBytes: bytes.sizeBytes, body: bytes.body }, settings);
		return { file: asReusable(await waitUntilActive(client, file, settings), bytes.mimeType), reused: false, sha256 };
	})();
	uploads.set(key, attempt);
	// A failed attempt is forgotten, so the next item tries again.
	attempt.catch(() => uploads.get(key) === attempt && uploads.delete(key));
	const outcome = await attempt;
	return remember(memory, sha256, outcome.file, outcome.reused);
}

function remember(memory: FileMemory | undefined, sha256: string, file: ReusableFile, reused: boolean): UploadOutcome {
	if (memory) {
		// Why prune here: static data is saved with the workflow; expired files must not pile up in it.
		for (const [hash, kept] of Object.entries(memory)) if (!stillUsable(kept, Date.now() + REUSE_MARGIN_MS)) delete memory[hash];
		memory[sha256] = file;
	}
	return { file, reused, sha256 };
}

/** Forgets this process's uploads (tests). */
export function forgetUploads(): void {
	uploads.clear();
}

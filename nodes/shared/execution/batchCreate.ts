import { randomBytes } from 'node:crypto';

import {
	fileBatchBody,
	INLINE_LIMIT_BYTES,
	inlineBatchBody,
	jsonlChunks,
	measureJsonl,
	normalizeBatchJob,
	type BatchEntry,
	type BatchJob,
} from '../batch';
import { uploadedFileSchema, type CallSettings, type GeminiClient, type UploadedFile } from '../transport/GeminiClient';
import { listBatchJobs } from './batchJobs';
import { createOnce, type Created } from './createOnce';

/**
 * Creating a batch job (https://ai.google.dev/gemini-api/docs/batch-mode): inline under 20 MB, else a JSONL file uploaded in
 * chunks first. Both the upload and the job are created at most once (createOnce): after an
 * answer that may hide a created file or job, it is looked for by its unique name first.
 */

export interface CreateJobInput {
	modelPath: string;
	/** The user's name for the job; a short unique suffix is added (see `uniqueDisplayName`). */
	displayName: string;
	/**
	 * Called once per pass (measure, then send): requests are built lazily, each item's files read
	 * as its request is encoded and dropped after, never all held.
	 */
	entries: () => AsyncIterable<BatchEntry>;
	/**
	 * The requests already encoded once (a RequestSpool): their size needs no measuring pass and
	 * the upload sends their bytes as they are. Without it both come from `entries`.
	 */
	encoded?: { size: { bytes: number; lines: number }; chunks: () => AsyncIterable<Uint8Array> };
	settings: CallSettings;
}

export interface CreatedJob {
	job: BatchJob;
	input: 'inline' | 'file';
	file?: string;
	/** How the create went: creates sent, and one sentence for the item. */
	submission: { attempts: number; foundExisting: boolean; note: string };
}

// A JSON request body repeats each line's content plus a little structure per request.
const INLINE_OVERHEAD_PER_REQUEST = 64;

/** Jobs are looked for in this many pages of 100 after a create whose answer was lost. */
const LOOKUP_PAGES = 10;

/**
 * The user's name plus a random suffix: after a create whose answer was lost, the job is found
 * by this name, so it must be this submission's alone. "Display Name Contains" still matches.
 */
export function uniqueDisplayName(displayName: string, random: () => string = () => randomBytes(4).toString('hex')): string {
	return `${displayName.trim() || 'batch'} (n8n ${random()})`;
}

/** The first item that matches, from the newest `LOOKUP_PAGES` pages of a list. */
export async function findInPages<T>(
	page: (pageToken: string | undefined) => Promise<{ items: T[]; nextPageToken?: string }>,
	matches: (item: T) => boolean,
): Promise<T | undefined> {
	let pageToken: string | undefined;
	for (let pages = 0; pages < LOOKUP_PAGES; pages++) {
		const list = await page(pageToken);
		const found = list.items.find(matches);
		if (found !== undefined || !list.nextPageToken) return found;
		pageToken = list.nextPageToken;
	}
	return undefined;
}

/** The job named exactly `displayName`. */
export async function findBatchJobByName(client: GeminiClient, displayName: string, settings: CallSettings): Promise<BatchJob | undefined> {
	return await findInPages(
		async (pageToken) => {
			const list = await listBatchJobs(client, pageToken, settings);
			return { items: list.jobs, nextPageToken: list.nextPageToken };
		},
		(job) => job.displayName === displayName,
	);
}

/** The file named exactly `displayName` that holds all `sizeBytes` bytes. */
async function findFileByName(client: GeminiClient, displayName: string, sizeBytes: number, settings: CallSettings): Promise<UploadedFile | undefined> {
	return await findInPages(
		async (pageToken) => {
			const query = new URLSearchParams({ pageSize: '100', ...(pageToken ? { pageToken } : {}) });
			const { body } = await client.json<{ files?: unknown[]; nextPageToken?: string }>('GET', `files?${query.toString()}`, undefined, settings);
			const files = (body.files ?? []).flatMap((file) => {
				const parsed = uploadedFileSchema.safeParse(file);
				return parsed.success ? [parsed.data] : [];
			});
			return { items: files, nextPageToken: body.nextPageToken };
		},
		(file) => file.displayName === displayName && file.sizeBytes === sizeBytes && file.state !== 'FAILED',
	);
}

/**
 * The JSONL upload, also at most once: when its last answer was lost the file may exist, so it
 * is looked for by its unique name before the whole upload would be sent again.
 */
async function uploadRequestsFile(client: GeminiClient, displayName: string, sizeBytes: number, input: CreateJobInput): Promise<Created<UploadedFile>> {
	return await createOnce({
		what: 'requests file',
		identity: `named "${displayName}"`,
		settings: input.settings,
		// The upload's own settings: re-sending a chunk is safe (the session is asked first).
		create: async () =>
			await client.uploadFile(
				{ displayName, mimeType: 'application/jsonl', sizeBytes, body: () => input.encoded?.chunks() ?? jsonlChunks(input.entries()) },
				input.settings,
			),
		find: async () => await findFileByName(client, displayName, sizeBytes, input.settings),
	});
}

/**
 * Creates the job at most once (createOnce): the create POST is never re-sent after an answer
 * that may hide a created job; the job list is searched for its unique name first.
 */
export async function createBatchJob(client: GeminiClient, input: CreateJobInput): Promise<CreatedJob> {
	const displayName = uniqueDisplayName(input.displayName);
	const size = input.encoded?.size ?? (await measureJsonl(input.entries()));
	const path = `${input.modelPath}:batchGenerateContent`;
	let body: unknown;
	let file: string | undefined;
	let uploadNote = '';
	if (size.bytes + size.lines * INLINE_OVERHEAD_PER_REQUEST < INLINE_LIMIT_BYTES) {
		// Under the 20 MB inline limit, so holding these requests together is bounded.
		const entries: BatchEntry[] = [];
		for await (const entry of input.entries()) entries.push(entry);
		body = inlineBatchBody(displayName, entries);
	} else {
		const uploaded = await uploadRequestsFile(client, `${displayName}-requests.jsonl`, size.bytes, input);
		file = uploaded.value.name;
		if (uploaded.attempts > 1 || uploaded.found) uploadNote = `${uploaded.note} `;
		body = fileBatchBody(displayName, file);
	}
	const created = await createOnce({
		what: 'batch job',
		identity: `named "${displayName}"`,
		settings: input.settings,
		create: async (settings) => normalizeBatchJob((await client.json<unknown>('POST', path, body, settings)).body),
		find: async () => await findBatchJobByName(client, displayName, input.settings),
	});
	return {
		job: created.value,
		input: file === undefined ? 'inline' : 'file',
		...(file === undefined ? {} : { file }),
		submission: { attempts: created.attempts, foundExisting: created.found, note: `${uploadNote}${created.note}` },
	};
}

/**
 * Files API storage: metadata in memory, bytes on disk in a temp directory that is created on first
 * use and removed by `reset()` / `close()`. Nothing here holds a file's bytes in memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Uploaded files are kept 48 h by the real service. */
export const FILE_TTL_MS = 48 * 60 * 60 * 1000;
/** The real per-file limit: 2 GB. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;

export interface FileRecord {
	/** Without the `files/` prefix. */
	id: string;
	displayName?: string;
	mimeType: string;
	sizeBytes: number;
	createTime: number;
	/** Hex SHA-256 of the bytes. */
	sha256: string;
	path: string;
	/** Metadata reads left before the file is ACTIVE (videos are processed first, like the live API). */
	processingReads?: number;
}

/** How many metadata reads a new video file answers PROCESSING before ACTIVE. */
export const VIDEO_PROCESSING_READS = 2;

export interface UploadSession {
	id: string;
	fileId: string;
	displayName?: string;
	mimeType: string;
	/** `X-Goog-Upload-Header-Content-Length` of the start request. */
	declared: number;
	/** Bytes accepted so far: the offset the next chunk must give. */
	received: number;
	/** Running hash of the accepted bytes (chunks work on a copy until accepted). */
	hash: Hash;
	path: string;
	/** A chunk is being received; a second one at the same time is refused. */
	busy: boolean;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lower-case letters and digits, like the real `files/…` and `batches/…` ids. */
export function randomId(length: number): string {
	let id = '';
	for (const byte of randomBytes(length)) id += ALPHABET[byte % ALPHABET.length];
	return id;
}

export class FileStore {
	private root: string | undefined;
	private readonly files = new Map<string, FileRecord>();
	private readonly uploads = new Map<string, UploadSession>();

	/** A path in the temp directory (created on first use). */
	pathFor(name: string): string {
		this.root ??= mkdtempSync(join(tmpdir(), 'fake-gemini-'));
		return join(this.root, name);
	}

	/** The temp directory, if one has been created (for tests of the tear-down). */
	get directory(): string | undefined {
		return this.root;
	}

	startUpload(input: { displayName?: string; mimeType: string; declared: number }): UploadSession {
		const fileId = randomId(12);
		const path = this.pathFor(`file-${fileId}`);
		writeFileSync(path, '');
		const session: UploadSession = { ...input, id: randomId(24), fileId, received: 0, hash: createHash('sha256'), path, busy: false };
		this.uploads.set(session.id, session);
		return session;
	}

	upload(id: string): UploadSession | undefined {
		return this.uploads.get(id);
	}

	cancelUpload(session: UploadSession): void {
		this.uploads.delete(session.id);
		removeQuietly(session.path);
	}

	finalize(session: UploadSession): FileRecord {
		this.uploads.delete(session.id);
		return this.add({
			id: session.fileId,
			displayName: session.displayName,
			mimeType: session.mimeType,
			sizeBytes: session.received,
			createTime: Date.now(),
			sha256: session.hash.digest('hex'),
			path: session.path,
			processingReads: session.mimeType.startsWith('video/') ? VIDEO_PROCESSING_READS : 0,
		});
	}

	add(record: FileRecord): FileRecord {
		this.files.set(record.id, record);
		return record;
	}

	get(id: string): FileRecord | undefined {
		return this.files.get(id);
	}

	/** Newest first. */
	list(): FileRecord[] {
		return [...this.files.values()].reverse();
	}

	delete(id: string): boolean {
		const record = this.files.get(id);
		if (!record) return false;
		this.files.delete(id);
		removeQuietly(record.path);
		return true;
	}

	/** Forgets every file and upload and removes the temp directory. */
	reset(): void {
		this.files.clear();
		this.uploads.clear();
		if (this.root !== undefined) rmSync(this.root, { recursive: true, force: true });
		this.root = undefined;
	}
}

export function removeQuietly(path: string): void {
	try {
		unlinkSync(path);
	} catch {
		// Already gone (reset, or the directory was removed): nothing to do.
	}
}

/** The `File` resource as the API returns it. `base` is this server's URL, e.g. `http://127.0.0.1:8787`. */
export function wireFile(record: FileRecord, base: string): Record<string, unknown> {
	const created = new Date(record.createTime).toISOString();
	const body: Record<string, unknown> = { name: `files/${record.id}` };
	if (record.displayName !== undefined) body.displayName = record.displayName;
	body.mimeType = record.mimeType;
	// int64 → a JSON string; `bytes` sha256Hash → base64 (of the hex digest, as the live API shows it).
	body.sizeBytes = String(record.sizeBytes);
	body.createTime = created;
	body.updateTime = created;
	body.expirationTime = new Date(record.createTime + FILE_TTL_MS).toISOString();
	body.sha256Hash = Buffer.from(record.sha256).toString('base64');
	body.uri = `${base}/v1beta/files/${record.id}`;
	body.state = record.processingReads ? 'PROCESSING' : 'ACTIVE';
	return body;
}

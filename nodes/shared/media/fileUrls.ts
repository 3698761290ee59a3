import { InvalidParameterError } from '../parameters/settings';
import type { InlinePart } from '../request/buildGenerateRequest';
import type { CallSettings } from '../transport/client';
import type { GeminiClient } from '../transport/GeminiClient';
import { getFile, waitUntilActive } from './geminiFiles';

/**
 * File URLs as `fileData` parts: public or signed http(s) URLs, registered `gs://` objects, and
 * Files API names (`files/…`), looked up for their URI and waited on until ACTIVE
 * (https://ai.google.dev/gemini-api/docs/file-input-methods).
 */

const MIME_BY_EXTENSION: Record<string, string> = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	webm: 'video/webm',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	ogg: 'audio/ogg',
	flac: 'audio/flac',
	txt: 'text/plain',
	html: 'text/html',
	csv: 'text/csv',
};

/** The MIME type a URL's file extension names, when it names a known one. */
export function mimeTypeFromUrl(url: string): string | undefined {
	const path = url.split(/[?#]/)[0];
	const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
	return extension ? MIME_BY_EXTENSION[extension] : undefined;
}

export type FileUrlKind = 'filesApi' | 'url';

/** Classifies an entry of File URLs; throws when it is none of the accepted forms. */
export function classifyFileUrl(url: string, index: number): FileUrlKind {
	if (/^files\/[a-z0-9-]+$/i.test(url)) return 'filesApi';
	if (/^(https?|gs):\/\/[^\s/]+/i.test(url)) return 'url';
	throw new InvalidParameterError(
		'options.fileUrls',
		`File URLs (options.fileUrls) entry ${index + 1} is not an http(s) URL, a gs:// object or a files/… name; got "${url.slice(0, 120)}"`,
	);
}

export async function fileUrlPart(
	url: string,
	index: number,
	client: GeminiClient | undefined,
	settings: CallSettings,
): Promise<InlinePart> {
	if (classifyFileUrl(url, index) === 'url') return { fileUri: url, mimeType: mimeTypeFromUrl(url) };
	const file = client ? await getFile(client, url, settings) : undefined;
	if (!file?.uri) {
		throw new InvalidParameterError('options.fileUrls', `File URLs (options.fileUrls) entry ${index + 1} names ${url}, which the Files API does not have (expired after 48 hours, deleted, or another project's)`);
	}
	const active = await waitUntilActive(client!, file, settings);
	return { fileUri: active.uri!, mimeType: active.mimeType };
}

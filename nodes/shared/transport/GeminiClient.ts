import { flattenHeaders, protocolError, Transport, type CallSettings, type HttpMethod } from './client';
import { downloadFile, type DownloadSettings } from './download';
import { openEventStream, type GeminiEventStream } from './stream';
import { uploadFile, type UploadedFile, type UploadFileInput } from './upload';

/**
 * The only way the nodes talk HTTP to Gemini: JSON calls here, streams (stream.ts), uploads
 * (upload.ts) and downloads (download.ts), all on one request lifecycle (client.ts) and one
 * proxy-aware keep-alive dispatcher (agent.ts).
 */

export { sharedDispatcher, poolStats } from './agent';
export {
	API_VERSION_PATH,
	DEFAULT_BASE_URL,
	DEFAULT_TIMEOUT_MS,
	normalizeBaseUrl,
	type CallSettings,
	type GeminiConnection,
	type RetryEvent,
} from './client';
export { DEFAULT_DOWNLOAD_RESUMES, type DownloadSettings } from './download';
export type { GeminiEventStream } from './stream';
export {
	DEFAULT_UPLOAD_CHUNK_BYTES,
	UPLOAD_CHUNK_GRANULARITY,
	uploadedFileSchema,
	type UploadedFile,
	type UploadFileInput,
} from './upload';

export interface GeminiHttpResponse<T> {
	body: T;
	headers: Record<string, string>;
	statusCode: number;
	attempts: number;
}

/**
 * Calls whose answer is `google.protobuf.Empty` (a delete, a cancel): an empty body there means
 * `{}`. Everywhere else an empty success is an error (a generateContent with no body is no answer).
 */
function answersEmptyMessage(method: HttpMethod, path: string): boolean {
	return method === 'DELETE' || (method === 'POST' && /:cancel(\?|$)/.test(path));
}

export class GeminiClient extends Transport {
	/**
	 * A JSON call; `path` is relative to the API version, e.g. `models/gemini-2.5-flash:generateContent`.
	 * A success must be JSON: an empty body or anything else (a proxy's page, a cut body) is an
	 * error naming what came back, never an empty answer. Not retried: the server did answer, and
	 * a generateContent it answered may already be billed.
	 */
	async json<T>(method: HttpMethod, path: string, body: unknown, settings: CallSettings = {}): Promise<GeminiHttpResponse<T>> {
		const { result, attempts } = await this.withRetries(settings, async () => {
			const response = await this.send(method, path, body, settings);
			const text = await response.body.text();
			const headers = flattenHeaders(response.headers);
			if (text.trim() === '' && (response.statusCode === 204 || answersEmptyMessage(method, path))) {
				return { body: {} as T, headers, statusCode: response.statusCode };
			}
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				const what = text.trim() === '' ? 'an empty body' : 'a body that is not JSON';
				throw protocolError(`Gemini answered with ${what}: ${this.describeAnswer(response, text)}`, response.statusCode);
			}
			return { body: parsed as T, headers, statusCode: response.statusCode };
		});
		return { ...result, attempts };
	}

	/** Opens `…:streamGenerateContent?alt=sse`; see stream.ts. */
	async stream(path: string, body: unknown, settings: CallSettings = {}): Promise<GeminiEventStream> {
		return await openEventStream(this, path, body, settings);
	}

	/** Uploads bytes with the Files API's resumable protocol; see upload.ts. */
	async uploadFile(input: UploadFileInput, settings: CallSettings = {}): Promise<UploadedFile> {
		return await uploadFile(this, input, settings);
	}

	/** Streams a file's bytes, resumed with a Range request after a break; see download.ts. */
	async download(path: string, settings: DownloadSettings = {}): Promise<AsyncIterable<Uint8Array>> {
		return await downloadFile(this, path, settings);
	}
}

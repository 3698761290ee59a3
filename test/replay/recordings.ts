import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The recorded real Gemini API answers in test/fixtures/gemini-recordings (see its README):
 * each file holds one answer and where it was published.
 */

/** Where it was published: a repository file at a commit, or a web page. */
export interface RecordingSource {
	repository?: string;
	path?: string;
	commit?: string;
	/** Always set: the file at its commit, or the page. */
	url: string;
	page?: string;
	notes?: string;
}

/** Which call answered: generateContent, its SSE stream, an error, countTokens, models.get, models.list. */
export type RecordingKind = 'generate' | 'stream' | 'error' | 'countTokens' | 'model' | 'models';

export interface Recording {
	/** File name without `.json`. */
	name: string;
	kind: RecordingKind;
	/** The model to ask for when replaying (the recorded request's model; '' for models.list). */
	model: string;
	status: number;
	headers?: Record<string, string>;
	/** Every kind but stream: the JSON body as received. */
	body?: Record<string, unknown>;
	/** stream: the `alt=sse` response text. */
	sse?: string;
	source: RecordingSource;
}

export const RECORDINGS_DIR = join(__dirname, '..', 'fixtures', 'gemini-recordings');

export function loadRecordings(): Recording[] {
	return readdirSync(RECORDINGS_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ name: file.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(RECORDINGS_DIR, file), 'utf8')) as Omit<Recording, 'name'>) }));
}

/** The JSON events of a recorded SSE text (`data: <json>` blocks). */
export function sseEvents(sse: string): Array<Record<string, unknown>> {
	return sse
		.split(/\r?\n\r?\n/)
		.map((block) => block.replace(/^data: ?/, '').trim())
		.filter((data) => data !== '')
		.map((data) => JSON.parse(data) as Record<string, unknown>);
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The recorded real Gemini API answers in test/fixtures/gemini-recordings (see its README):
 * each file holds one answer and where it was published.
 */

export interface RecordingSource {
	repository: string;
	path: string;
	commit: string;
	url: string;
	notes?: string;
}

export interface Recording {
	/** File name without `.json`. */
	name: string;
	kind: 'generate' | 'stream' | 'error';
	/** The model to ask for when replaying (the recorded request's model). */
	model: string;
	status: number;
	headers?: Record<string, string>;
	/** generate / error: the JSON body as received. */
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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The body of a recorded real answer (test/fixtures/gemini-recordings) and its first candidate. */
export function recorded(name: string): { body: Record<string, unknown>; candidate: Record<string, unknown>; parts: Array<Record<string, unknown>> } {
	const file = join(__dirname, '..', '..', 'fixtures', 'gemini-recordings', `${name}.json`);
	const body = (JSON.parse(readFileSync(file, 'utf8')) as { body: Record<string, unknown> }).body;
	const candidate = (body.candidates as Array<Record<string, unknown>>)[0];
	const parts = ((candidate.content as { parts?: Array<Record<string, unknown>> }).parts ?? []);
	return { body, candidate, parts };
}

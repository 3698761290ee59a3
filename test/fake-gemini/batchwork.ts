/**
 * One batch request, start to finish: read it (inline entry or JSONL line), validate it and read its
 * directives exactly as generateContent does, then answer it with the same generation code, or
 * turn it into a per-request `{error:{code,message,status}}`.
 *
 * Evaluation is a pure function of the request and a per-job `DirectiveCounter`, so counting the
 * failures at create time and generating the results later (a fresh counter each time, same order)
 * agree. `times=N` therefore counts within one job, not across the server.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DirectiveEffects } from './directives';
import { activeEffects, DirectiveCounter, DirectiveError, findDirectives } from './directives';
import type { ErrorReply } from './errors';
import { googleError } from './errors';
import { buildResponse, faultStatus, prepareAnswer, userTexts } from './generate';
import type { CatalogueModel } from './models';
import type { GenerateContentRequest, GenerateContentResponse } from './types';
import { isRecord } from './types';
import { validateGenerate } from './validation';

/** One request of a job, as read from its input. */
export interface WorkItem {
	/** Inline input: the entry's `metadata`, echoed back with the result. */
	metadata?: unknown;
	/** File input: the line's `key`, echoed back with the result. */
	key?: unknown;
	request: unknown;
	/** Why the entry itself is unusable (not an object, a line that is not JSON). */
	invalid?: string;
}

export interface BatchError {
	code: number;
	message: string;
	status: string;
}

export type Outcome = { request: GenerateContentRequest; effects: DirectiveEffects } | { error: BatchError };
export type Result = { response: GenerateContentResponse } | { error: BatchError };

export function batchError(code: number, message?: string): BatchError {
	const { error } = googleError(code, message);
	return { code: error.code, message: error.message, status: error.status };
}

function fromReply(failure: ErrorReply): BatchError {
	return typeof failure.body === 'string' ? batchError(failure.status) : batchError(failure.status, failure.body.error.message);
}

export function evaluate(model: CatalogueModel, item: WorkItem, counter: DirectiveCounter): Outcome {
	if (item.invalid !== undefined) return { error: batchError(400, item.invalid) };
	if (item.request === undefined) return { error: batchError(400, '* BatchGenerateContentRequest: request is required.\n') };
	const checked = validateGenerate(item.request, model);
	if (!checked.ok) return { error: fromReply(checked.error) };
	const { request } = checked.value;
	let effects: DirectiveEffects;
	try {
		effects = activeEffects(model.id, findDirectives(userTexts(request)), counter);
	} catch (error) {
		if (error instanceof DirectiveError) return { error: batchError(400, error.message) };
		throw error;
	}
	// Connection-level directives (drop, delay, streams, flex-overload, downgrade) mean nothing in a batch.
	const status = faultStatus({ ...effects, flexOverload: false });
	if (status !== undefined) return { error: batchError(status) };
	return { request, effects };
}

/** The result of an evaluated request; batch usage has no serviceTier. */
export function resultOf(model: CatalogueModel, outcome: Outcome, responseId: () => string): Result {
	if ('error' in outcome) return { error: outcome.error };
	const prepared = prepareAnswer(model, outcome.request, outcome.effects);
	return { response: buildResponse(model, prepared, outcome.effects, undefined, responseId()) };
}

/** `{metadata, response}` or `{metadata, error}` (metadata only when the entry had some). */
export function inlineEntry(item: WorkItem, result: Result): Record<string, unknown> {
	return item.metadata === undefined ? { ...result } : { metadata: item.metadata, ...result };
}

/** A results-file line: `{key, response}` or `{key, error}`. */
export function fileLine(item: WorkItem, result: Result): Record<string, unknown> {
	return item.key === undefined ? { ...result } : { key: item.key, ...result };
}

export function inlineItem(entry: unknown): WorkItem {
	if (!isRecord(entry)) return { request: undefined, invalid: 'Each inline request must be an object {"request": {…}, "metadata": {…}}.' };
	return { metadata: entry.metadata, request: entry.request };
}

export function lineItem(line: string, lineNumber: number): WorkItem {
	let parsed: unknown;
	try {
		parsed = JSON.parse(line) as unknown;
	} catch {
		return { request: undefined, invalid: `Line ${lineNumber} of the input file is not valid JSON.` };
	}
	if (!isRecord(parsed)) return { request: undefined, invalid: `Line ${lineNumber} of the input file is not a JSON object {"key": …, "request": {…}}.` };
	return { key: parsed.key, request: parsed.request };
}

/** The requests of a JSONL file, one non-blank line at a time. */
export async function* fileItems(path: string): AsyncGenerator<WorkItem> {
	const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
	let lineNumber = 0;
	for await (const line of lines) {
		lineNumber += 1;
		if (line.trim() !== '') yield lineItem(line, lineNumber);
	}
}

/** How many requests there are and which (0-based, ascending) will fail. */
export interface Census {
	count: number;
	failed: number[];
}

export async function census(model: CatalogueModel, items: Iterable<WorkItem> | AsyncIterable<WorkItem>): Promise<Census> {
	const counter = new DirectiveCounter();
	const failed: number[] = [];
	let count = 0;
	for await (const item of items) {
		if ('error' in evaluate(model, item, counter)) failed.push(count);
		count += 1;
	}
	return { count, failed };
}

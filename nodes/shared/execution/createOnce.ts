import { setTimeout as delay } from 'node:timers/promises';

import { GeminiApiError } from '../transport/googleError';
import { DEFAULT_RETRY_SETTINGS, isRetryableError, nextRetryDelayMs } from '../transport/retryPolicy';
import type { CallSettings } from '../transport/GeminiClient';

/**
 * Creates a billable resource (a batch job, later a cache) at most once. A create whose answer
 * was lost (a reset after the request was sent, a 5xx, a timeout) may have created it, so it is
 * never simply sent again: the caller's `find` looks for what that attempt may have created (by
 * a unique name the node chose) and only when nothing is found is the create sent again.
 * Failures that created nothing for sure (4xx, a connection that never opened) are retried by the
 * transport as usual.
 */

/** Network failures raised before the request left this machine: nothing can have been created. */
const NOT_SENT_NETWORK_CODES: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * True when the failed create certainly created nothing: Google refused it (any 4xx, 429
 * included: quota is checked before anything is created) or the connection never opened.
 * A 5xx, a dropped connection, a timeout or an unreadable 200 may hide a created resource.
 */
export function createdNothing(error: GeminiApiError): boolean {
	if (error.kind === 'http') return error.httpStatus !== undefined && error.httpStatus >= 400 && error.httpStatus < 500;
	if (error.kind === 'network') return NOT_SENT_NETWORK_CODES.has(error.networkCode ?? '');
	return false;
}

/** "a 503 UNAVAILABLE", "a dropped connection (UND_ERR_SOCKET)", "a timeout", "no usable answer". */
export function describeFailure(error: GeminiApiError): string {
	if (error.kind === 'timeout') return 'a timeout';
	if (error.kind === 'network') return `a dropped connection (${error.networkCode ?? 'no code'})`;
	if (error.kind === 'aborted') return 'a stop of the execution';
	if (error.httpStatus !== undefined && error.httpStatus >= 400) {
		return `a ${[error.httpStatus, error.googleStatus].filter((s) => s !== undefined).join(' ')}`;
	}
	return 'no usable answer';
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

export function ordinal(n: number): string {
	return ORDINALS[n - 1] ?? `${n}th`;
}

export interface CreateOnceInput<T> {
	/** What is created, for messages, e.g. "batch job". */
	what: string;
	/** How it is recognised, for messages, e.g. `named "x (n8n 1a2b3c4d)"`. */
	identity: string;
	settings: CallSettings;
	/** Sends the create once; the settings given retry only failures that created nothing. */
	create: (settings: CallSettings) => Promise<T>;
	/** Looks for what an earlier attempt created; undefined when there is none. */
	find: () => Promise<T | undefined>;
}

export interface Created<T> {
	value: T;
	/** Creates sent (the transport's retries of failures that created nothing not counted). */
	attempts: number;
	/** True when the value is what a failed-looking attempt had created. */
	found: boolean;
	/** One sentence on what happened, for the item. */
	note: string;
}

function createdNote(what: string, attempts: number, failures: readonly string[]): string {
	if (attempts === 1) return `The ${what} was created on the first try.`;
	const earlier = attempts === 2 ? 'the first attempt' : 'the earlier attempts';
	return `The ${what} was created on the ${ordinal(attempts)} try after ${failures.join(', then ')}; ${earlier} created no ${what}.`;
}

function foundNote(what: string, attempt: number, failures: readonly string[]): string {
	const before = failures.length > 1 ? ` (earlier attempts: ${failures.slice(0, -1).join(', ')}; they created nothing)` : '';
	return `Found the ${what} the ${ordinal(attempt)} attempt created: that attempt got ${failures.at(-1)} after the ${what} was created, so it was not sent again${before}.`;
}

/** The same error (status, Google's details, attempts kept) with what the node did added. */
function withMessage(error: GeminiApiError, message: string): GeminiApiError {
	error.message = message;
	return error;
}

/** Sends `create`; after a failure that may have created something, `find` decides what happens. */
export async function createOnce<T>(input: CreateOnceInput<T>): Promise<Created<T>> {
	const { settings, what, identity } = input;
	const retry = settings.retry ?? DEFAULT_RETRY_SETTINGS;
	const retryable = settings.retryable ?? isRetryableError;
	const safeSettings: CallSettings = { ...settings, retryable: (error) => createdNothing(error) && retryable(error) };
	const failures: string[] = [];
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		const outcome = await input.create(safeSettings).then(
			(value) => ({ ok: true as const, value }),
			(failure: unknown) => ({ ok: false as const, failure }),
		);
		if (outcome.ok) return { value: outcome.value, attempts: attempt, found: false, note: createdNote(what, attempt, failures) };
		// Anything but a failure that may hide a created resource goes to the caller as it is.
		const error = outcome.failure;
		if (!(error instanceof GeminiApiError) || createdNothing(error)) throw error;
		failures.push(describeFailure(error));
		if (error.kind === 'aborted' || settings.signal?.aborted) {
			throw withMessage(error, `${error.message}. The ${what} ${identity} may have been created before the stop: check with List before submitting again`);
		}
		const waitMs = nextRetryDelayMs({ error, retryIndex: attempt - 1, waitedMs, settings: retry, retryable });
		// Why wait first: a proxy's reset can come while Google is still creating it.
		if (waitMs !== undefined) {
			await delay(waitMs, undefined, { signal: settings.signal });
			waitedMs += waitMs;
		}
		let found: T | undefined;
		try {
			found = await input.find();
		} catch (lookup) {
			const why = lookup instanceof Error ? lookup.message : String(lookup);
			throw withMessage(
				error,
				`${error.message}. The ${what} ${identity} may have been created, and looking for it failed (${why}); it was not sent again: check with List before submitting again`,
			);
		}
		if (found !== undefined) return { value: found, attempts: attempt, found: true, note: foundNote(what, attempt, failures) };
		if (waitMs === undefined) {
			const late = error.kind === 'timeout' ? `; a create that timed out may still finish, so check with List before submitting again` : '';
			throw withMessage(
				error,
				`${error.message}. No ${what} ${identity} exists, so none was created; it was not sent again after ${attempt} attempt${attempt > 1 ? 's' : ''}${late}`,
			);
		}
	}
}

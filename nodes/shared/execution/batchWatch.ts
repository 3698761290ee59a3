import type { BatchJob, BatchState } from '../batch';
import { isFinalState } from '../batch';

/**
 * Which finished jobs a Gemini Batch Trigger poll should emit. Pure: the poll keeps `WatchState`
 * in the workflow's static data between polls.
 */

export interface WatchState {
	/** Jobs that ended before this ISO time are never emitted. */
	since?: string;
	/** Jobs already emitted, with when they ended, pruned once older than `since`. */
	emitted?: Record<string, string>;
}

export interface WatchFilter {
	states: BatchState[];
	displayNameContains: string;
}

/** A job finishing just before the first poll after activation still counts. */
export const FIRST_POLL_GRACE_MS = 5 * 60_000;
/** Jobs (and their results) are kept 48 h by Google (https://ai.google.dev/gemini-api/docs/batch-mode); older ones are not watched. */
export const WATCH_WINDOW_MS = 48 * 3_600_000;

function endedAt(job: BatchJob): string {
	return job.endTime ?? job.updateTime ?? job.createTime ?? '';
}

export function matchesFilter(job: BatchJob, filter: WatchFilter): boolean {
	const needle = filter.displayNameContains.trim().toLowerCase();
	return (
		isFinalState(job.state) &&
		filter.states.includes(job.state) &&
		(!needle || (job.displayName ?? '').toLowerCase().includes(needle))
	);
}

/** The jobs to emit now (oldest first) and the state to keep for the next poll. */
export function selectNewlyFinished(
	jobs: BatchJob[],
	filter: WatchFilter,
	state: WatchState,
	now: Date,
): { emit: BatchJob[]; next: WatchState } {
	const firstSince = new Date(now.getTime() - FIRST_POLL_GRACE_MS).toISOString();
	const windowStart = new Date(now.getTime() - WATCH_WINDOW_MS).toISOString();
	const since = [state.since ?? firstSince, windowStart].sort().at(-1)!;
	const emitted = Object.fromEntries(Object.entries(state.emitted ?? {}).filter(([, end]) => end >= since));
	const emit = jobs
		.filter((job) => matchesFilter(job, filter) && endedAt(job) >= since && !(job.name in emitted))
		.sort((a, b) => endedAt(a).localeCompare(endedAt(b)));
	for (const job of emit) emitted[job.name] = endedAt(job);
	return { emit, next: { since, emitted } };
}

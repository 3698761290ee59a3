import type { BatchJob } from '../../../nodes/shared/batch';
import { FIRST_POLL_GRACE_MS, selectNewlyFinished, type WatchFilter } from '../../../nodes/shared/execution/batchWatch';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function job(name: string, state: BatchJob['state'], endedMinutesAgo: number, displayName = 'nightly-run'): BatchJob {
	return {
		name,
		displayName,
		state,
		rawState: `BATCH_STATE_${state}`,
		done: state !== 'RUNNING' && state !== 'PENDING',
		endTime: minutesAgo(endedMinutesAgo),
		counts: { requests: 1, succeeded: 1, failed: 0, pending: 0 },
	};
}

const ALL: WatchFilter = { states: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'], displayNameContains: '' };

describe('selectNewlyFinished', () => {
	it('on the first poll emits jobs that ended within the grace window, not older ones', () => {
		const jobs = [job('batches/old', 'SUCCEEDED', 60), job('batches/recent', 'SUCCEEDED', 2)];
		const { emit, next } = selectNewlyFinished(jobs, ALL, {}, NOW);
		expect(emit.map((j) => j.name)).toEqual(['batches/recent']);
		expect(next.since).toBe(new Date(NOW.getTime() - FIRST_POLL_GRACE_MS).toISOString());
	});

	it('never emits the same job twice, and emits jobs that finish later', () => {
		const first = selectNewlyFinished([job('batches/a', 'SUCCEEDED', 1)], ALL, {}, NOW);
		const later = new Date(NOW.getTime() + 60_000);
		const second = selectNewlyFinished([job('batches/b', 'FAILED', 0), job('batches/a', 'SUCCEEDED', 1)], ALL, first.next, later);
		expect(second.emit.map((j) => j.name)).toEqual(['batches/b']);
	});

	it('skips running jobs, unwanted states and other display names', () => {
		const jobs = [
			job('batches/running', 'RUNNING', 0),
			job('batches/cancelled', 'CANCELLED', 1),
			job('batches/other', 'SUCCEEDED', 1, 'adhoc'),
			job('batches/match', 'SUCCEEDED', 1, 'Nightly-Run-42'),
		];
		const { emit } = selectNewlyFinished(jobs, { states: ['SUCCEEDED'], displayNameContains: 'nightly' }, {}, NOW);
		expect(emit.map((j) => j.name)).toEqual(['batches/match']);
	});

	it('emits oldest first and forgets emitted jobs that fall out of the 48 h window', () => {
		const { emit } = selectNewlyFinished([job('batches/y', 'SUCCEEDED', 1), job('batches/x', 'SUCCEEDED', 3)], ALL, {}, NOW);
		expect(emit.map((j) => j.name)).toEqual(['batches/x', 'batches/y']);
		const state = { since: minutesAgo(60 * 72), emitted: { 'batches/ancient': minutesAgo(60 * 60) } };
		expect(selectNewlyFinished([], ALL, state, NOW).next.emitted).toEqual({});
	});
});

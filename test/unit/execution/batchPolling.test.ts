import { FIRST_POLL_DELAY_MS, nextPollDelayMs } from '../../../nodes/shared/execution/batchJobs';

/** The waits Submit and Wait makes between status checks for a given Poll Interval. */
function schedule(pollIntervalMs: number, checks: number): number[] {
	const waits = [Math.min(FIRST_POLL_DELAY_MS, pollIntervalMs)];
	while (waits.length < checks) waits.push(nextPollDelayMs(waits.at(-1)!, pollIntervalMs));
	return waits;
}

describe('Submit and Wait polling', () => {
	it('checks after 2 s first and grows ×1.5 up to the Poll Interval', () => {
		expect(schedule(30_000, 10)).toEqual([2000, 3000, 4500, 6750, 10125, 15188, 22782, 30000, 30000, 30000]);
	});

	it('never waits longer than a Poll Interval shorter than the first check', () => {
		expect(schedule(100, 3)).toEqual([100, 100, 100]);
	});
});

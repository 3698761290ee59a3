/**
 * Which worker ran which execution, from the line each worker logs at info level when it takes a
 * job: `Worker started execution 42 (job 17)` (n8n 2.41, packages/cli/src/scaling/job-processor.ts).
 */
const STARTED = /Worker started execution (\d+) \(job [^)]+\)/g;

export function executionsStartedIn(log: string): string[] {
	return [...log.matchAll(STARTED)].map((match) => match[1]);
}

/** Index of the worker whose log names the execution, or undefined when none (or several) do. */
export function workerOf(executionId: string, workerLogs: string[]): number | undefined {
	const owners = workerLogs.flatMap((log, index) => (executionsStartedIn(log).includes(executionId) ? [index] : []));
	return owners.length === 1 ? owners[0] : undefined;
}

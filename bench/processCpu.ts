/**
 * CPU time of a process group (a real n8n and its task runners), in µs, from Linux's per-thread
 * scheduler statistics: /proc/<pid>/task/<tid>/schedstat starts with the time spent on the CPU
 * in nanoseconds (https://docs.kernel.org/scheduler/sched-stats.html), finer than the 10 ms
 * ticks of /proc/<pid>/stat. Threads that ended since the last read no longer count, so read it
 * around work in long-lived processes only.
 */
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined; // the process or thread ended meanwhile
	}
}

/** The ids of the processes whose process group is `pgid` (field 5 of /proc/<pid>/stat). */
function groupMembers(pgid: number): number[] {
	const members: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = read(`/proc/${entry}/stat`);
		// The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
		const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (fields && Number(fields[2]) === pgid) members.push(Number(entry));
	}
	return members;
}

function processCpuNs(pid: number): number {
	let total = 0;
	let tasks: string[] = [];
	try {
		tasks = readdirSync(`/proc/${pid}/task`);
	} catch {
		return 0;
	}
	for (const tid of tasks) total += Number(read(`/proc/${pid}/task/${tid}/schedstat`)?.split(' ')[0] ?? 0);
	return total;
}

/** Total CPU time of every thread of every process in the group `pgid` so far, µs. */
export function groupCpuUs(pgid: number): number {
	return groupMembers(pgid).reduce((sum, pid) => sum + processCpuNs(pid), 0) / 1000;
}

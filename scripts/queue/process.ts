/**
 * One long-running server process (PostgreSQL, Redis, an n8n worker) in its own process group,
 * its output in a log file, recorded so that a killed test run's leftovers are stopped by the next
 * run (scripts/n8n/harness.ts `reapLeftovers`), and stopped by its PID.
 */
import { spawn } from 'node:child_process';
import { openSync, rmSync } from 'node:fs';

import { killGroup, record, sleep, tail } from '../n8n/harness';

export interface ServerProcess {
	pid: number;
	logFile: string;
	exited(): boolean;
	/** `signal` first (each server has its own clean-shutdown signal), SIGKILL to the group after `graceMs`. */
	stop(): Promise<void>;
}

export interface SpawnOptions {
	command: string;
	args: string[];
	env?: NodeJS.ProcessEnv;
	logFile: string;
	/** Removed by `reapLeftovers` if this run dies without stopping the process. */
	workDir: string;
	/** Run as this user (PostgreSQL refuses to run as root). */
	user?: { uid: number; gid: number };
	stopSignal?: NodeJS.Signals;
	graceMs?: number;
}

export function spawnServer(options: SpawnOptions): ServerProcess {
	const out = openSync(options.logFile, 'a');
	const child = spawn(options.command, options.args, {
		env: options.env ?? process.env,
		stdio: ['ignore', out, out],
		detached: true,
		...(options.user ?? {}),
	});
	if (child.pid === undefined) throw new Error(`could not start ${options.command}`);
	const pid = child.pid;
	const recordFile = record(pid, options.workDir);
	let exited = false;
	child.once('exit', () => {
		exited = true;
	});
	child.once('error', () => {
		exited = true;
	});
	return {
		pid,
		logFile: options.logFile,
		exited: () => exited,
		stop: async () => {
			if (!exited) {
				killGroup(pid, options.stopSignal ?? 'SIGTERM');
				for (let waited = 0; !exited && waited < (options.graceMs ?? 10_000); waited += 100) await sleep(100);
			}
			killGroup(pid, 'SIGKILL'); // children that outlived their parent
			rmSync(recordFile, { force: true });
		},
	};
}

/** Polls `probe` until it succeeds; fails early with the log's tail when the process exits. */
export async function waitUntil(what: string, server: ServerProcess, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (server.exited()) throw new Error(`${what} exited during start-up:\n${tail(server.logFile)}`);
		if (await probe().catch(() => false)) return;
		await sleep(200);
	}
	throw new Error(`${what} was not ready after ${timeoutMs / 1000} s:\n${tail(server.logFile)}`);
}

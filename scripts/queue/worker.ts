/**
 * One `n8n worker` with the package installed as a community package in its own user folder,
 * its own task-runner broker port and health port, on 127.0.0.1, ready when its readiness
 * endpoint says the database is migrated and Redis connected.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, installPackage } from '../n8n/harness';
import { n8nEnv, type N8nRuntime } from '../n8n/runtime';
import { workerEnv } from './env';
import { spawnServer, waitUntil } from './process';

export interface QueueWorker {
	index: number;
	pid: number;
	userFolder: string;
	logFile: string;
	healthUrl: string;
	logs(): string;
	stop(): Promise<void>;
}

export interface WorkerOptions {
	runtime: N8nRuntime;
	index: number;
	concurrency: number;
	/** The queue environment (scripts/queue/env.ts) and anything the caller adds. */
	env: Record<string, string>;
}

export async function startWorker(options: WorkerOptions): Promise<QueueWorker> {
	const { runtime, index } = options;
	const userFolder = mkdtempSync(join(tmpdir(), `gemini-meter-worker${index}-`));
	installPackage(userFolder);
	const healthPort = await freePort();
	const env = {
		...n8nEnv(runtime, userFolder, { port: await freePort(), brokerPort: await freePort() }),
		...options.env,
		...workerEnv(healthPort),
	};
	const logFile = join(userFolder, 'worker.log');
	const server = spawnServer({
		command: runtime.nodeBin,
		args: [runtime.n8nBin, 'worker', `--concurrency=${options.concurrency}`],
		env,
		logFile,
		workDir: userFolder,
	});
	const stop = async () => {
		await server.stop();
		if (!process.env.GEMINI_METER_KEEP_N8N) rmSync(userFolder, { recursive: true, force: true });
	};
	const healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
	try {
		const isReady = async () => (await fetch(`${healthUrl}/readiness`)).status === 200;
		await waitUntil(`n8n worker ${index}`, server, isReady, 120_000);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		index,
		pid: server.pid,
		userFolder,
		logFile,
		healthUrl,
		logs: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
		stop,
	};
}

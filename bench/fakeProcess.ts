/**
 * The fake Gemini server in a child process of its own, so the process being measured pays for
 * none of the server's work (CPU, memory, event-loop turns).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TS_NODE = require.resolve('ts-node/dist/bin.js');

export interface FakeProcessOptions {
	apiKey: string;
	/** Fixed time before every answer, ms. */
	latencyMs?: number;
	batchPendingMs?: number;
	batchRunningMs?: number;
}

export interface FakeProcess {
	url: string;
	child: ChildProcess;
	stop(): Promise<void>;
}

export async function startFakeProcess(options: FakeProcessOptions): Promise<FakeProcess> {
	const args = ['--port', '0', '--api-key', options.apiKey, '--latency-ms', String(options.latencyMs ?? 0)];
	if (options.batchPendingMs !== undefined) args.push('--batch-pending-ms', String(options.batchPendingMs));
	if (options.batchRunningMs !== undefined) args.push('--batch-running-ms', String(options.batchRunningMs));
	const child = spawn(process.execPath, [TS_NODE, '--transpile-only', '--prefer-ts-exts', 'test/fake-gemini/cli.ts', ...args], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timeout);
		}
	};
	try {
		const url = await new Promise<string>((found, failed) => {
			let stdout = '';
			const timeout = setTimeout(() => failed(new Error(`fake server did not start in 60 s: ${stderr}`)), 60_000);
			child.stdout!.on('data', (chunk: Buffer) => {
				stdout += chunk.toString();
				const match = /listening on (http:\/\/\S+)/.exec(stdout);
				if (match) {
					clearTimeout(timeout);
					found(match[1]);
				}
			});
			child.once('exit', (code) => {
				clearTimeout(timeout);
				failed(new Error(`fake server exited (${code}) before listening: ${stderr}`));
			});
		});
		child.stdout!.resume();
		return { url, child, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * A throwaway Redis for n8n's queue (Bull): Debian's `redis-server` (7.0 on Debian 12) on
 * 127.0.0.1 at a free port, working folder in a temporary directory, no persistence, stopped by
 * PID (SIGTERM is a clean shutdown: https://redis.io/docs/latest/operate/oss_and_stack/management/signals/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../n8n/harness';
import { ensureDebianPackage } from './debian';
import { spawnServer, waitUntil } from './process';

export interface Redis {
	host: string;
	port: number;
	version: string;
	pid: number;
	stop(): Promise<void>;
}

function locateRedis(): string | undefined {
	const result = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout : undefined;
}

/** "Redis server v=7.0.15 sha=…" → "7.0.15" */
export function redisVersion(versionOutput: string): string {
	return /v=(\d+(?:\.\d+)*)/.exec(versionOutput)?.[1] ?? 'unknown';
}

/** Sends PING in the inline protocol and expects +PONG. */
async function ping(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (bytes) => {
			answer += bytes.toString();
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

export async function startRedis(log: (line: string) => void = () => {}): Promise<Redis> {
	const version = redisVersion(ensureDebianPackage('redis-server', locateRedis, log));
	const dir = mkdtempSync(join(tmpdir(), 'gemini-meter-redis-'));
	const port = await freePort();
	log(`Starting Redis ${version} on 127.0.0.1:${port}…`);
	const server = spawnServer({
		command: 'redis-server',
		args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		logFile: join(dir, 'redis.log'),
		workDir: dir,
	});
	const stop = async () => {
		await server.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil('Redis', server, async () => await ping(port));
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, version, pid: server.pid, stop };
}

/**
 * A throwaway PostgreSQL for n8n's queue mode: Debian's server binaries (package `postgresql`;
 * Debian 12 ships 15), a new cluster in a temporary folder owned by an unprivileged user (the
 * server refuses to run as root), listening on 127.0.0.1 at a free port with trust authentication,
 * durability off (a test database), stopped by PID with a fast shutdown (SIGINT) and removed.
 * https://www.postgresql.org/docs/15/server-shutdown.html
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../n8n/harness';
import { ensureDebianPackage } from './debian';
import { spawnServer, waitUntil } from './process';

const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';
export const DATABASE = 'n8n';
export const DATABASE_USER = 'n8n';

export interface Postgres {
	host: string;
	port: number;
	/** The server's major version, e.g. "15". */
	version: string;
	pid: number;
	stop(): Promise<void>;
}

/** The newest major version among Debian's `/usr/lib/postgresql/<major>` folders. */
export function newestMajor(folders: string[]): string | undefined {
	return folders.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))[0];
}

/** uid and gid of a user in /etc/passwd's format. */
export function passwdUser(passwd: string, name: string): { uid: number; gid: number } | undefined {
	const line = passwd.split('\n').find((entry) => entry.split(':')[0] === name);
	if (!line) return undefined;
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

function locatePostgres(): { binDir: string; version: string } | undefined {
	if (!existsSync(DEBIAN_POSTGRES_ROOT)) return undefined;
	const version = newestMajor(readdirSync(DEBIAN_POSTGRES_ROOT));
	const binDir = version && join(DEBIAN_POSTGRES_ROOT, version, 'bin');
	return binDir && existsSync(join(binDir, 'postgres')) ? { binDir, version: version! } : undefined;
}

/** Root runs the server as `nobody`; anyone else runs it as themselves. */
function serverUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const nobody = passwdUser(readFileSync('/etc/passwd', 'utf8'), 'nobody');
	if (!nobody) throw new Error('PostgreSQL cannot run as root and this machine has no "nobody" user');
	return nobody;
}

function runAs(user: { uid: number; gid: number } | undefined, command: string, args: string[]): void {
	const result = spawnSync(command, args, { encoding: 'utf8', ...(user ?? {}) });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
}

export async function startPostgres(log: (line: string) => void = () => {}): Promise<Postgres> {
	const { binDir, version } = ensureDebianPackage('postgresql', locatePostgres, log);
	const user = serverUser();
	const dir = mkdtempSync(join(tmpdir(), 'gemini-meter-pg-'));
	if (user) chownSync(dir, user.uid, user.gid);
	const data = join(dir, 'data');
	runAs(user, join(binDir, 'initdb'), ['-D', data, '-U', DATABASE_USER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);

	const port = await freePort();
	log(`Starting PostgreSQL ${version} on 127.0.0.1:${port}…`);
	const server = spawnServer({
		command: join(binDir, 'postgres'),
		args: ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		logFile: join(dir, 'postgres.log'),
		workDir: dir,
		user,
		stopSignal: 'SIGINT',
	});
	const stop = async () => {
		await server.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const isReady = async () => spawnSync(join(binDir, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0;
		await waitUntil('PostgreSQL', server, isReady);
		runAs(user, join(binDir, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', DATABASE_USER, DATABASE]);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, version, pid: server.pid, stop };
}

import { newestMajor, passwdUser } from '../../scripts/queue/postgres';
import { queueEnv, workerEnv } from '../../scripts/queue/env';
import { redisVersion } from '../../scripts/queue/redis';
import { executionsStartedIn, workerOf } from '../../scripts/queue/workerLog';
import { attemptsByTag, gaps } from '../queue/attempts';
import type { RecordedRequest } from '../fake-gemini/types';
import { cpuMsFromStat } from '../../bench/queue';

describe('queue-mode helpers', () => {
	it('picks the newest PostgreSQL major among Debian folders, ignoring other names', () => {
		expect(newestMajor(['9', '15', '13', 'README', '16'])).toBe('16');
		expect(newestMajor(['lib'])).toBeUndefined();
	});

	it('reads a user from /etc/passwd', () => {
		const passwd = 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
		expect(passwdUser(passwd, 'nobody')).toEqual({ uid: 65534, gid: 65534 });
		expect(passwdUser(passwd, 'postgres')).toBeUndefined();
	});

	it('reads the version from redis-server --version', () => {
		expect(redisVersion('Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=c7e6b5ef4ef4fb8a')).toBe('7.0.15');
		expect(redisVersion('something else')).toBe('unknown');
	});

	it('builds the queue environment shared by main and workers, and a worker on 127.0.0.1 at its own health port', () => {
		expect(queueEnv({ host: '127.0.0.1', port: 5433 }, { host: '127.0.0.1', port: 6380 })).toEqual({
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: '5433',
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: '6380',
		});
		expect(workerEnv(40001)).toEqual({ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: '40001', N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
	});

	it('tells which worker started an execution from the workers\' logs', () => {
		const first = 'Worker started execution 12 (job 3)\nWorker finished execution 12 (job 3)\nWorker started execution 14 (job 5)';
		const second = 'n8n worker server listening on port 4000\nWorker started execution 13 (job 4)';
		expect(executionsStartedIn(first)).toEqual(['12', '14']);
		expect(workerOf('13', [first, second])).toBe(1);
		expect(workerOf('14', [first, second])).toBe(0);
		expect(workerOf('1', [first, second])).toBeUndefined(); // not "12"
		expect(workerOf('12', [first, first])).toBeUndefined(); // claimed twice
	});

	it('groups the fake\'s generateContent requests by prompt tag and measures the waits between them', () => {
		const request = (time: number, text: string, path = '/v1beta/models/gemini-2.5-flash:generateContent'): RecordedRequest => ({
			method: 'POST',
			path,
			headers: {},
			body: { contents: [{ role: 'user', parts: [{ text }] }] },
			time,
		});
		const attempts = attemptsByTag(
			[request(2100, 'storm-1-2 again'), request(1000, 'storm-1-2'), request(1005, 'storm-1-3'), request(1, 'storm-9-9', '/v1beta/cachedContents')],
			/storm-\d+-\d+/,
		);
		expect([...attempts.entries()]).toEqual([
			['storm-1-2', [1000, 2100]],
			['storm-1-3', [1005]],
		]);
		expect(gaps([1000, 2100, 3300])).toEqual([1100, 1200]);
	});

	it('reads a process\'s user + system CPU time from /proc/<pid>/stat, whatever its name holds', () => {
		// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
		const stat = '4242 (node (n8n) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0';
		expect(cpuMsFromStat(stat)).toBe(3250);
	});
});

/**
 * Helpers for large-input runs against a real n8n (the media e2e test and `npm run bench:media`):
 * a large file written fast, and a process's peak resident memory while some work runs.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const MB = 1024 * 1024;

/**
 * `megabytes` MB written 1 MB at a time, each MB its own fill. Why a fill, not a per-byte
 * generator: a slow loop blocks the event loop past n8n's keep-alive timeout, and the next
 * request meets a socket n8n has closed. `onBlock` sees every block (e.g. to hash the file).
 */
export function writeLargeFile(path: string, megabytes: number, onBlock: (block: Buffer) => void = () => {}): void {
	const fd = openSync(path, 'w');
	const block = Buffer.alloc(MB);
	try {
		for (let i = 0; i < megabytes; i++) {
			block.fill(i % 251);
			block.writeUInt32LE(i, 0);
			writeSync(fd, block);
			onBlock(block);
		}
	} finally {
		closeSync(fd);
	}
}

/** A process's resident memory (/proc VmRSS) sampled every 20 ms while `work` runs: the peak over the start. */
export async function peakRssGrowth<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; growthBytes: number; seconds: number }> {
	const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
	const before = rss();
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
	const started = performance.now();
	try {
		const result = await work();
		return { result, growthBytes: Math.max(peak, rss()) - before, seconds: (performance.now() - started) / 1000 };
	} finally {
		clearInterval(timer);
	}
}

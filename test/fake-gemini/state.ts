/** Mutable server state: recorded requests, queued faults, directive counters, timers. */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { BatchStore, DEFAULT_BATCH_TIMING } from './batchstore';
import { CacheStore } from './cachestore';
import { DirectiveCounter } from './directives';
import { FileStore } from './filestore';
import { FakeVertexAuth } from './vertexauth';
import type { BatchStatePrefix, BatchTiming, Fault, RecordedRequest } from './types';

interface QueuedFault {
	fault: Fault;
	remaining: number;
}

export class FakeState {
	readonly requests: RecordedRequest[] = [];
	readonly counter = new DirectiveCounter();
	private faults: QueuedFault[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private responseCount = 0;
	private readonly seed = randomBytes(8).toString('hex');
	readonly files = new FileStore();
	readonly caches = new CacheStore();
	readonly batches: BatchStore;
	/** Vertex AI's token endpoint and bearer tokens (vertexauth.ts). */
	readonly vertex = new FakeVertexAuth();
	/** This server's URL, for absolute URLs when a request has no Host header (set once listening). */
	baseUrl = '';

	constructor(
		readonly apiKey: string,
		readonly latencyMs: number,
		batch: { timing?: Partial<BatchTiming>; prefix?: BatchStatePrefix } = {},
	) {
		this.batches = new BatchStore({
			files: this.files,
			timing: { ...DEFAULT_BATCH_TIMING, ...batch.timing },
			prefix: batch.prefix ?? 'BATCH_STATE_',
			nextResponseId: () => this.nextResponseId(),
		});
	}

	enqueueFault(fault: Fault): void {
		const times = fault.times ?? 1;
		if (times > 0) this.faults.push({ fault, remaining: times });
	}

	/** The first queued fault matching this request, counted as used. */
	takeFault(request: RecordedRequest): Fault | undefined {
		const queued = this.faults.find((entry) => !entry.fault.match || entry.fault.match(request));
		if (!queued) return undefined;
		queued.remaining -= 1;
		if (queued.remaining <= 0) this.faults = this.faults.filter((entry) => entry !== queued);
		return queued.fault;
	}

	/**
	 * A timer that `close()` can cancel, so jest never waits on a pending delay. With `res`, it also
	 * ends as soon as that response closes (the client gave up or the socket was destroyed), so a
	 * request nobody waits for any more does not stay in flight.
	 */
	sleep(ms: number, res?: ServerResponse): Promise<void> {
		if (!(ms > 0) || res?.destroyed) return Promise.resolve();
		return new Promise((resolve) => {
			const done = (): void => {
				clearTimeout(timer);
				this.timers.delete(timer);
				res?.off('close', done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.timers.add(timer);
			res?.once('close', done);
		});
	}

	/** Requests received whose handler has not finished or whose response has not closed yet. */
	inFlight = 0;

	/** Looks like the real ids (base64url, 23 characters); unique per server instance. */
	nextResponseId(): string {
		this.responseCount += 1;
		return createHash('sha256').update(`${this.seed}:${this.responseCount}`).digest('base64url').slice(0, 23);
	}

	/** Also forgets every batch job and file (and their bytes on disk). */
	reset(): void {
		this.requests.length = 0;
		this.faults = [];
		this.counter.reset();
		this.batches.reset();
		this.files.reset();
		this.vertex.reset();
		this.caches.reset();
	}

	/** For `close()`: stops background work and removes the temp directory. */
	async dispose(): Promise<void> {
		this.cancelTimers();
		await this.batches.dispose();
		this.files.reset();
	}

	cancelTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

/**
 * One SSE bench contender in a worker thread of its own (bench/sse.ts starts one per contender):
 * V8 optimises each contender for the objects it sees, so one contender's shapes (zod's copies,
 * the SDK's classes) cannot slow down another's shared code (the parser, the accumulator), as
 * they would in a single isolate. Each message runs the contender once over the named slicing
 * and answers with its wall time, the thread's CPU time and what it read.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

import { buildSseBody, networkSlices, tinySlices } from './sseBody';
import { CONTENDERS, type ContenderName } from './sseContenders';

const { name, events } = workerData as { name: ContenderName; events: number };
const { bytes } = buildSseBody(events);
const slices = { tiny: tinySlices(bytes), network: networkSlices(bytes) };

// process.threadCpuUsage: Node 23.9 and later (https://nodejs.org/api/process.html#processthreadcpuusagepreviousvalue).
const threadCpuUs = () => {
	const used = (process as unknown as { threadCpuUsage(): NodeJS.CpuUsage }).threadCpuUsage();
	return used.user + used.system;
};

parentPort!.on('message', (slicing: keyof typeof slices) => {
	const cpu = threadCpuUs();
	const started = performance.now();
	void CONTENDERS[name](slices[slicing]).then((outcome) => {
		parentPort!.postMessage({ wallMs: performance.now() - started, cpuMs: (threadCpuUs() - cpu) / 1e3, outcome });
	});
});

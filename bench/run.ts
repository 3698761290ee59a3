/**
 * `npm run bench`: every benchmark in one run, each figure next to its reference, printed and
 * written to docs/benchmarks.md with the machine's facts and the date.
 *
 * 1. Gemini Generate in n8n's engine vs a bare undici loop and @google/genai, concurrency 1/5/20
 *    (throughput.ts).
 * 2. Gemini Generate in a real n8n next to a No-Op, a Set node with the same expression and the
 *    HTTP Request node, n8n CPU per item included (realN8n.ts).
 * 3. SSE: our stream path and parser vs @google/genai (sse.ts), and streaming latency at the
 *    caller through a real n8n next to n8n's own minimal streaming workflow (streamLatency.ts).
 * 4. Cost engine calls per second vs a bare float formula (cost.ts).
 * 5. Batch: a 100,000-request job submitted and collected, time and peak memory (batch.ts).
 * 6. Large inputs: a 500 MB Files API upload and a 90 MB inline file in a real n8n with
 *    filesystem binary data, and upload throughput vs bare undici (media.ts; alone: npm run bench:media).
 * 7. Queue mode: 2,000 requests through one worker and through two, next to a single process
 *    (queue.ts; alone: npm run bench:queue).
 * 8. Batch Submit in a real n8n next to n8n's Set node and No-Op (batchRealN8n.ts; alone: npm run bench:batch-n8n).
 *
 * Sections 1 and 2 share one fake Gemini server in a child process that answers after
 * BENCH_LATENCY_MS (default 20 ms); BENCH_BATCH_REQUESTS changes the batch size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

import { batchRequestsFromEnv, batchSummary, benchBatch } from './batch';
import { batchRealN8nSection, benchBatchRealN8n } from './batchRealN8n';
import { benchCost } from './cost';
import { startFakeProcess } from './fakeProcess';
import { benchMedia, mediaSection } from './media';
import { benchRealN8n, type RealN8nResult } from './realN8n';
import { queueSection, benchQueue } from './queue';
import { machineFacts, renderReport } from './report';
import { benchSse } from './sse';
import { benchStreamLatency } from './streamLatency';
import { benchThroughput, type ThroughputResult } from './throughput';

const API_KEY = 'bench-key-5d1f';
const REPORT_FILE = resolve(__dirname, '..', 'docs', 'benchmarks.md');
const CONCURRENCIES = [1, 5, 20];
const REQUESTS = 200;
/** The real-n8n section's items per webhook call (issue 21's shape: 400 items, concurrency 20). */
const REAL_N8N_ITEMS = 400;

function latencyFromEnv(): number {
	const raw = process.env.BENCH_LATENCY_MS ?? '20';
	const latency = Number(raw);
	if (!Number.isInteger(latency) || latency < 1) throw new Error(`BENCH_LATENCY_MS must be a whole number of ms ≥ 1, got "${raw}"`);
	return latency;
}

const progress = (line: string) => console.error(`[bench] ${line}`);

async function main(): Promise<void> {
	const started = performance.now();
	const latencyMs = latencyFromEnv();
	const batchRequests = batchRequestsFromEnv();
	const fake = await startFakeProcess({ apiKey: API_KEY, latencyMs });
	let throughput: ThroughputResult;
	let realN8n: RealN8nResult;
	try {
		progress(`1/8 Gemini Generate vs bare undici vs @google/genai (${REQUESTS} requests, ${latencyMs} ms latency)…`);
		throughput = await benchThroughput({ url: fake.url, apiKey: API_KEY, latencyMs, requests: REQUESTS, concurrencies: CONCURRENCIES, rounds: 5 });
		progress('2/8 real n8n: No-Op, Set, HTTP Request and Gemini Generate…');
		realN8n = await benchRealN8n({
			fakeUrl: fake.url,
			apiKey: API_KEY,
			latencyMs,
			items: REAL_N8N_ITEMS,
			concurrencies: CONCURRENCIES,
			runs: 3,
			log: (line) => progress(`   ${line}`),
		});
	} finally {
		await fake.stop();
	}
	progress('3/8 SSE parsing and streaming latency…');
	const sse = { ...(await benchSse()), latency: await benchStreamLatency((line) => progress(`   ${line}`)) };
	progress('4/8 cost engine…');
	const cost = benchCost();
	progress(`5/8 batch of ${batchRequests.toLocaleString('en-US')} requests…`);
	const batch = await benchBatch(batchRequests);
	progress('6/8 large inputs (Files API, inline)…');
	const media = await benchMedia((line) => progress(`   ${line}`));
	progress('7/8 queue mode: one worker vs two…');
	const queue = await benchQueue((line) => progress(`   ${line}`));
	progress('8/8 Batch Submit in a real n8n next to its Set node and No-Op…');
	const batchRealN8n = await benchBatchRealN8n({ log: (line) => progress(`   ${line}`) });

	const report = { machine: machineFacts(), latencyMs, throughput, realN8n, sse, cost, batch, totalSeconds: (performance.now() - started) / 1000 };
	const runItYourself = `Run it yourself: \`npm install && npm run bench\` (this run took ${Math.round(report.totalSeconds / 60)} minutes; \`BENCH_BATCH_REQUESTS=10000\` for a quicker section 5).`;
	const markdown = `${renderReport(report)}\n${[...mediaSection(media), '', ...queueSection(queue), '', ...batchRealN8nSection(batchRealN8n), '', runItYourself].join('\n')}\n`;
	mkdirSync(resolve(REPORT_FILE, '..'), { recursive: true });
	writeFileSync(REPORT_FILE, markdown);
	console.log(markdown);
	console.log(`Written to ${REPORT_FILE}`);
	console.log(JSON.stringify({ ...report, batch: batchSummary(batch), media, queue, batchRealN8n }));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

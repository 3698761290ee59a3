/**
 * `npm run bench`: Gemini Generate run by n8n's execution engine against the fake Gemini server.
 *
 * 1. Concurrency: 50 items at concurrency 5 against a server that answers in 200 ms. Serial would
 *    take 50 × 200 ms = 10 s; bounded concurrency should take about 10 × 200 ms.
 * 2. Overhead: the node's time per request (engine, parameter parsing, request building, response
 *    mapping, cost) next to a bare undici loop posting the same request to the same server.
 * 3. SSE parsing: our parser's throughput and time per event next to `@google/genai`'s own stream
 *    parsing on the same bytes (see sse.ts).
 * 4. Batch: Gemini Batch submits and collects a 100,000-request job (`BENCH_BATCH_REQUESTS` to
 *    change it), with the time and peak memory of each phase (see batch.ts).
 */
import { performance } from 'node:perf_hooks';

import type { INodeExecutionData } from 'n8n-workflow';
import { Agent, request } from 'undici';

import { GeminiGenerate } from '../nodes/GeminiGenerate/GeminiGenerate.node';
import { startFakeGemini } from '../test/fake-gemini/server';
import { runNode } from '../test/n8n/engine';
import { batchRequestsFromEnv, batchSummary, benchBatch, printBatch } from './batch';
import type { ParserNumbers, SseBenchResult } from './sse';
import { benchSse } from './sse';

const API_KEY = 'bench-key-5d1f';

function items(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { prompt: `Say something about item ${i}` } }));
}

async function runGenerate(url: string, count: number, concurrency: number): Promise<number> {
	const started = performance.now();
	const result = await runNode({
		nodeType: new GeminiGenerate(),
		parameters: {
			model: { __rl: true, mode: 'id', value: 'gemini-2.5-flash' },
			prompt: '={{ $json.prompt }}',
			options: { concurrency },
		},
		items: items(count),
		credentials: { apiKey: API_KEY, baseUrl: url },
	});
	const elapsed = performance.now() - started;
	if (result.error || result.items.length !== count) throw new Error(`run failed: ${result.error?.message}`);
	return elapsed;
}

async function bareUndiciLoop(url: string, count: number): Promise<number> {
	const agent = new Agent({ keepAliveTimeout: 30_000 });
	const started = performance.now();
	for (let i = 0; i < count; i++) {
		const response = await request(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, {
			method: 'POST',
			dispatcher: agent,
			headers: { 'x-goog-api-key': API_KEY, 'content-type': 'application/json' },
			body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `Say something about item ${i}` }] }] }),
		});
		await response.body.json();
	}
	const elapsed = performance.now() - started;
	await agent.close();
	return elapsed;
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 3 : 0)} ms`;

const sseLine = (label: string, numbers: ParserNumbers) =>
	`   ${label.padEnd(36)}: ${numbers.mbPerSecond.toFixed(1).padStart(7)} MB/s  ${numbers.usPerEvent.toFixed(2).padStart(7)} µs/event  (median ${numbers.medianMs} ms)`;

function printSse(sse: SseBenchResult): void {
	console.log(`\n3. SSE parsing, ${sse.events} events, ${(sse.bytes / 1e6).toFixed(2)} MB, @google/genai ${sse.sdkVersion}`);
	for (const profile of sse.profiles) {
		console.log(`   -- ${profile.slicing} slices (${profile.slices})`);
		console.log(sseLine('reading the stream only', profile.drain));
		console.log(sseLine('ours (parseSseStream)', profile.ours));
		console.log(sseLine('@google/genai SSE layer + .json()', profile.sdkParse));
		console.log(sseLine('@google/genai generateContentStream', profile.sdk));
		console.log(`   SDK time / ours                     : ${profile.sdkOverOurs}× (SSE layer only: ${profile.sdkParseOverOurs}×)`);
	}
}

/** The SSE numbers for the final JSON line, without the per-run times. */
function sseSummary(sse: SseBenchResult) {
	const brief = ({ mbPerSecond, usPerEvent, medianMs }: ParserNumbers) => ({ mbPerSecond, usPerEvent, medianMs });
	return {
		events: sse.events,
		bytes: sse.bytes,
		sdkVersion: sse.sdkVersion,
		...Object.fromEntries(
			sse.profiles.map((profile) => [
				profile.slicing,
				{
					slices: profile.slices,
					ours: brief(profile.ours),
					sdkParse: brief(profile.sdkParse),
					sdk: brief(profile.sdk),
					sdkOverOurs: profile.sdkOverOurs,
					sdkParseOverOurs: profile.sdkParseOverOurs,
				},
			]),
		),
	};
}

async function main() {
	const slow = await startFakeGemini({ apiKey: API_KEY, latencyMs: 200 });
	const fast = await startFakeGemini({ apiKey: API_KEY, latencyMs: 0 });
	try {
		await runGenerate(slow.url, 5, 5); // warm-up: module loading, first connections
		const concurrent = await runGenerate(slow.url, 50, 5);
		const serialFloor = 50 * 200;
		console.log('\n1. 50 items, concurrency 5, server latency 200 ms');
		console.log(`   Gemini Generate in n8n's engine : ${fmt(concurrent)}`);
		console.log(`   serial floor (50 × 200 ms)        : ${fmt(serialFloor)}`);
		console.log(`   fraction of serial                : ${(concurrent / serialFloor).toFixed(3)}`);

		const n = 500;
		await runGenerate(fast.url, 50, 1);
		await bareUndiciLoop(fast.url, 50);
		const node = await runGenerate(fast.url, n, 1);
		const bare = await bareUndiciLoop(fast.url, n);
		console.log(`\n2. ${n} sequential requests, server latency 0 ms (per request)`);
		console.log(`   bare undici loop                  : ${fmt(bare / n)}`);
		console.log(`   Gemini Generate in n8n's engine   : ${fmt(node / n)}`);
		console.log(`   node overhead per request         : ${fmt((node - bare) / n)}`);

		const sse = await benchSse();
		printSse(sse);

		const batch = await benchBatch(batchRequestsFromEnv());
		printBatch(batch);
		console.log(
			JSON.stringify({
				concurrency: { items: 50, concurrency: 5, latencyMs: 200, elapsedMs: Math.round(concurrent), fractionOfSerial: +(concurrent / serialFloor).toFixed(3) },
				overhead: { requests: n, bareMsPerRequest: +(bare / n).toFixed(3), nodeMsPerRequest: +(node / n).toFixed(3), overheadMsPerRequest: +((node - bare) / n).toFixed(3) },
				sse: sseSummary(sse),
				batch: batchSummary(batch),
			}),
		);
	} finally {
		await slow.close();
		await fast.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});

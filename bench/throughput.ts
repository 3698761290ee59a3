/**
 * Throughput and overhead per request of Gemini Generate at concurrency 1, 5 and 20, next to the
 * same requests sent by a bare undici loop (the floor: nothing but the wire) and by Google's
 * `@google/genai` SDK, all against one fake Gemini server with a fixed latency.
 *
 * - The fake server runs in a child process (fakeProcess.ts), so this process only pays for its
 *   own side of each request.
 * - Every contender sends the same request: `generateContent` for gemini-2.5-flash with one user
 *   text part, and reads the whole JSON answer. The loops keep `concurrency` requests in flight
 *   (a pool of workers over a shared counter), as the node does.
 * - Gemini Generate runs inside n8n's own execution engine (test/n8n/engine.ts): parameters and
 *   the `{{ $json.prompt }}` expression resolved by n8n per item, credentials, request building,
 *   response validation, usage, cost and the output item: everything a user's run pays for.
 * - Rounds: every contender runs once per round, in turn, `rounds` times; the median round is
 *   reported, so drift on the machine hits every contender alike.
 *
 * With a fixed latency L, the wire's own limit for N requests at concurrency c is ⌈N/c⌉ × L.
 * "Overhead per request" is (elapsed − that limit) / N.
 */
import { performance } from 'node:perf_hooks';

import { GoogleGenAI } from '@google/genai';
import type { INodeExecutionData } from 'n8n-workflow';
import { Agent, request } from 'undici';

import { GeminiGenerate } from '../nodes/GeminiGenerate/GeminiGenerate.node';
import { runNode } from '../test/n8n/engine';
import { runAlone } from './alone';
import { throughputSection } from './report';
import { medianBy } from './stats';

const MODEL = 'gemini-2.5-flash';

export interface ContenderNumbers {
	/** Median elapsed time of the rounds, ms. */
	medianMs: number;
	msPerRequest: number;
	requestsPerSecond: number;
	/** (elapsed − ⌈N/c⌉ × latency) / N, ms. */
	overheadMsPerRequest: number;
	/** CPU time of this process per request in the median round, µs. */
	cpuUsPerRequest: number;
	roundsMs: number[];
}

export interface ThroughputRow {
	concurrency: number;
	/** ⌈N/c⌉ × latency, ms. */
	wireLimitMs: number;
	bareUndici: ContenderNumbers;
	sdk: ContenderNumbers;
	geminiGenerate: ContenderNumbers;
	/** Gemini Generate's elapsed time over the bare loop's, minus 1 (0.02 = 2 % slower). */
	generateOverBare: number;
	/** Gemini Generate's elapsed time over the SDK's, minus 1 (negative = faster). */
	generateOverSdk: number;
}

export interface ThroughputResult {
	requests: number;
	latencyMs: number;
	rounds: number;
	/** Every contender sends on keep-alive connections opened by the warm-up round. */
	pools: 'warm';
	rows: ThroughputRow[];
}

export interface ThroughputOptions {
	url: string;
	apiKey: string;
	latencyMs: number;
	requests: number;
	concurrencies: number[];
	rounds: number;
}

type Contender = (url: string, apiKey: string, requests: number, concurrency: number) => Promise<void>;

const promptFor = (i: number) => `Say something about item ${i}`;

/** Runs `work(i)` for i in [0, count) with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) await work(next++);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * One keep-alive pool for every round, as the others have: the SDK's fetch keeps Node's global
 * dispatcher and our node its module-level pools (nodes/shared/transport/agent.ts) for the whole
 * process, so all three send on connections warmed by the warm-up round.
 */
let bareAgent: Agent | undefined;

const bareUndici: Contender = async (url, apiKey, requests, concurrency) => {
	const agent = (bareAgent ??= new Agent({ keepAliveTimeout: 30_000 }));
	await pool(requests, concurrency, async (i) => {
		const response = await request(`${url}/v1beta/models/${MODEL}:generateContent`, {
			method: 'POST',
			dispatcher: agent,
			headers: { 'x-goog-api-key': apiKey, 'content-type': 'application/json' },
			body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: promptFor(i) }] }] }),
		});
		const answer = (await response.body.json()) as { candidates?: unknown[] };
		if (response.statusCode !== 200 || !answer.candidates) throw new Error(`bare undici: status ${response.statusCode}`);
	});
};

const sdk: Contender = async (url, apiKey, requests, concurrency) => {
	const ai = new GoogleGenAI({ apiKey, vertexai: false, httpOptions: { baseUrl: url } });
	await pool(requests, concurrency, async (i) => {
		const response = await ai.models.generateContent({ model: MODEL, contents: promptFor(i) });
		if (typeof response.text !== 'string') throw new Error('@google/genai: no text');
	});
};

const geminiGenerate: Contender = async (url, apiKey, requests, concurrency) => {
	const items: INodeExecutionData[] = Array.from({ length: requests }, (_, i) => ({ json: { prompt: promptFor(i) } }));
	const result = await runNode({
		nodeType: new GeminiGenerate(),
		parameters: {
			model: { __rl: true, mode: 'id', value: MODEL },
			prompt: '={{ $json.prompt }}',
			requestOptions: { concurrency },
		},
		items,
		credentials: { apiKey, baseUrl: url },
	});
	if (result.error) throw new Error(`Gemini Generate: ${result.error.message}`);
	const withText = result.items.filter((item) => typeof item.json.text === 'string').length;
	if (withText !== requests) throw new Error(`Gemini Generate: ${withText} of ${requests} items have a text`);
};

const CONTENDERS = { bareUndici, sdk, geminiGenerate } as const;
type ContenderName = keyof typeof CONTENDERS;

interface Round {
	ms: number;
	cpuUs: number;
}

async function timed(contender: Contender, options: ThroughputOptions, concurrency: number): Promise<Round> {
	const cpu = process.cpuUsage();
	const started = performance.now();
	await contender(options.url, options.apiKey, options.requests, concurrency);
	const ms = performance.now() - started;
	const used = process.cpuUsage(cpu);
	return { ms, cpuUs: used.user + used.system };
}

function summarize(rounds: Round[], requests: number, wireLimitMs: number): ContenderNumbers {
	const median = medianBy(rounds, (round) => round.ms);
	return {
		medianMs: +median.ms.toFixed(1),
		msPerRequest: +(median.ms / requests).toFixed(3),
		requestsPerSecond: +((requests * 1000) / median.ms).toFixed(1),
		overheadMsPerRequest: +((median.ms - wireLimitMs) / requests).toFixed(3),
		cpuUsPerRequest: Math.round(median.cpuUs / requests),
		roundsMs: rounds.map((round) => +round.ms.toFixed(1)),
	};
}

export async function benchThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
	const names = Object.keys(CONTENDERS) as ContenderName[];
	// Warm-up: modules, JIT, and as many connections per client as the highest concurrency uses.
	const widest = Math.max(...options.concurrencies);
	for (const name of names) await CONTENDERS[name](options.url, options.apiKey, 2 * widest, widest);

	const rows: ThroughputRow[] = [];
	try {
		for (const concurrency of options.concurrencies) rows.push(await benchConcurrency(names, options, concurrency));
	} finally {
		await bareAgent?.close();
		bareAgent = undefined;
	}
	return { requests: options.requests, latencyMs: options.latencyMs, rounds: options.rounds, pools: 'warm', rows };
}

async function benchConcurrency(names: ContenderName[], options: ThroughputOptions, concurrency: number): Promise<ThroughputRow> {
	const rounds: Record<ContenderName, Round[]> = { bareUndici: [], sdk: [], geminiGenerate: [] };
	for (let round = 0; round < options.rounds; round++) {
		// A different order each round, so no contender always runs right after another.
		const order = names.map((_, i) => names[(i + round) % names.length]);
		for (const name of order) rounds[name].push(await timed(CONTENDERS[name], options, concurrency));
	}
	const wireLimitMs = Math.ceil(options.requests / concurrency) * options.latencyMs;
	const numbers = Object.fromEntries(names.map((name) => [name, summarize(rounds[name], options.requests, wireLimitMs)])) as Record<ContenderName, ContenderNumbers>;
	return {
		concurrency,
		wireLimitMs,
		...numbers,
		generateOverBare: +(numbers.geminiGenerate.medianMs / numbers.bareUndici.medianMs - 1).toFixed(4),
		generateOverSdk: +(numbers.geminiGenerate.medianMs / numbers.sdk.medianMs - 1).toFixed(4),
	};
}

if (require.main === module) {
	const apiKey = 'bench-key-throughput-3c9e';
	runAlone({
		name: 'throughput',
		apiKey,
		latencyMs: 20,
		run: async (url) => await benchThroughput({ url, apiKey, latencyMs: 20, requests: 200, concurrencies: [1, 5, 20], rounds: 5 }),
		render: throughputSection,
	});
}

/**
 * Streaming latency at the webhook caller through a real n8n 2.41 (scripts/n8n/harness.ts), with
 * the fake server in a process of its own pacing its events `CHUNK_INTERVAL_MS` apart:
 *
 * - fake: the bench calls the fake server directly: its first event and its spacing (the wire);
 * - n8n alone: Webhook (Streaming) → Respond to Webhook (text) → Wait → Respond to Webhook …,
 *   n8n's own minimal streaming path: each Respond to Webhook sends one chunk when the trigger
 *   streams (n8n-nodes-base RespondToWebhook, `sendChunk`), the Wait nodes space them alike; the
 *   first one evaluates the example's two expressions (`{{ $json.body.prompt }}` in its text,
 *   `{{ $json.body.tier || 'standard' }}` in its response code), so n8n's cost of evaluating them
 *   is counted as n8n's;
 * - ours: the stream example (examples/stream-webhook.json): Webhook (Streaming) → Gemini Stream.
 *
 * The first chunk's floor is the two-node workflow (Webhook → one Respond to Webhook): a longer
 * workflow takes longer to start. Rounds take the four in turns. Per round, what our node adds before the first text reaches the
 * caller = ours − n8n alone − fake (each from the request to its first text chunk), and what it
 * adds per chunk = our median gap between chunks − the fake's. Medians over rounds.
 *
 * Alone: `npm run build && node scripts/node24.js ts-node --transpile-only --prefer-ts-exts bench/streamLatency.ts`
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { demoCredentials, EXAMPLE_IDS, loadExamples } from '../scripts/n8n/examples';
import { startN8n, type N8nInstance, type WorkflowRecord } from '../scripts/n8n/harness';
import { setTimeout as delay } from 'node:timers/promises';
import { startFakeProcess } from './fakeProcess';
import { median } from './stats';
import { callFake, callWebhook, closeCallers, type StreamTiming } from './streamCallers';

const API_KEY = 'bench-stream-key-8e31';
const MODEL = 'gemini-2.5-flash';
const CHUNK_INTERVAL_MS = 50;
const WORDS = 8;
const ROUNDS = 25;
const OUR_PATH = 'gemini-meter/stream';
const FLOOR_FIRST_PATH = 'bench/stream-floor-first';
const FLOOR_CHAIN_PATH = 'bench/stream-floor-chain';
const OUR_NODE = 'Gemini Stream';

export interface LatencyPath {
	/** Request sent → first text chunk received, median over rounds, ms. */
	firstChunkMs: number;
	/** Median gap between consecutive text chunks, over every gap of every round, ms (null: one chunk). */
	gapMs: number | null;
	/** 90th percentile of those gaps, ms. */
	gapP90Ms: number | null;
	chunks: number;
}

export interface StreamLatencyResult {
	n8nVersion: string;
	rounds: number;
	intervalMs: number;
	fake: LatencyPath;
	/** Webhook (Streaming) → one Respond to Webhook. */
	n8nFirst: LatencyPath;
	/** Webhook (Streaming) → Respond to Webhook, then Wait → Respond to Webhook per further chunk. */
	n8nChain: LatencyPath;
	ours: LatencyPath;
	/** Median over rounds of ours − n8n alone − fake (first text chunk), ms. */
	addedFirstChunkMs: number;
	/**
	 * Inside n8n, from n8n's records (ms resolution): node started → its first text chunk sent,
	 * medians over rounds, for Respond to Webhook and Gemini Stream, and the median per round of
	 * ours − Respond to Webhook − the fake's first event. Free of the webhook's and the engine's
	 * start-up, which vary by tens of ms on a busy machine.
	 */
	inNode: { n8nFirstMs: number; oursMs: number; addedMs: number };
	/** ours.gapMs − fake.gapMs. */
	addedPerChunkMs: number;
	/** n8nChain.gapMs − the interval: n8n's share per chunk (two node runs: Wait, Respond to Webhook). */
	n8nPerChunkMs: number;
}

const words = Array.from({ length: WORDS }, (_, i) => `word${i}`).join(' ');
const PROMPT = `${words} [[fake:chunk-interval=${CHUNK_INTERVAL_MS}]]`;

type Node = Record<string, unknown> & { name: string };

const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra = {}): Node => ({ id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra });

/** n8n's minimal streaming workflow: Webhook (Streaming) → `chunks` Respond to Webhook nodes with a Wait of the fake's spacing between them. */
function floorWorkflow(id: string, path: string, chunks: number): WorkflowRecord {
	const nodes = [node('Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path, responseMode: 'streaming', options: {} }, { webhookId: randomUUID() })];
	for (let i = 0; i < chunks; i++) {
		if (i > 0) nodes.push(node(`Wait ${i}`, 'n8n-nodes-base.wait', 1.1, { amount: CHUNK_INTERVAL_MS / 1000, unit: 'seconds' }, { webhookId: randomUUID() }));
		// The first evaluates the example's two expressions (prompt, service tier), each in a
		// parameter of its own as in Gemini Stream: n8n's expression cost is n8n's share, and its
		// first expression in an execution is its costliest (several ms).
		const responseBody = i === 0 ? "=chunk0{{ $json.body.prompt ? ' ' : '?' }}" : `chunk${i} `;
		const options = i === 0 ? { responseCode: "={{ ($json.body.tier || 'standard') ? 200 : 500 }}" } : {};
		nodes.push(node(`Respond ${i}`, 'n8n-nodes-base.respondToWebhook', 1.5, { respondWith: 'text', responseBody, options }));
	}
	const connections = Object.fromEntries(nodes.slice(0, -1).map((from, i) => [from.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]));
	return { id, name: `Bench: n8n alone, ${chunks} streamed chunks`, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
}

/** When `nodeName` started in the workflow's newest execution after `previousId` (epoch ms), and that execution's id. */
async function nodeStart(n8n: N8nInstance, workflowId: string, nodeName: string, previousId: string | undefined): Promise<{ id: string; startedAt: number }> {
	for (const deadline = performance.now() + 30_000; performance.now() < deadline; await delay(100)) {
		const [latest] = await n8n.executions(workflowId);
		const run = latest?.data?.resultData.runData[nodeName]?.[0] as { startTime?: number } | undefined;
		if (latest && latest.id !== previousId && latest.stoppedAt && run?.startTime !== undefined) return { id: latest.id, startedAt: run.startTime };
	}
	throw new Error(`no new execution of ${workflowId} after 30 s`);
}

const gaps = (timing: StreamTiming) => timing.chunkAt.slice(1).map((at, i) => at - timing.chunkAt[i]);
const firstChunk = (timing: StreamTiming) => timing.chunkAt[0] - timing.startedAt;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function summary(timings: StreamTiming[]): LatencyPath {
	const allGaps = timings.flatMap(gaps);
	return {
		firstChunkMs: +median(timings.map(firstChunk)).toFixed(2),
		gapMs: allGaps.length ? +median(allGaps).toFixed(2) : null,
		gapP90Ms: allGaps.length ? +percentile(allGaps, 0.9).toFixed(2) : null,
		chunks: timings[0].chunkAt.length,
	};
}

function check(name: string, timing: StreamTiming, expectedText: string): void {
	const text = timing.texts.join('');
	if (text !== expectedText) throw new Error(`${name} streamed ${JSON.stringify(text)}, expected ${JSON.stringify(expectedText)}`);
}

export async function benchStreamLatency(log: (line: string) => void = () => {}): Promise<StreamLatencyResult> {
	const fake = await startFakeProcess({ apiKey: API_KEY, latencyMs: 0 });
	const chunks = WORDS + 1;
	const ours = loadExamples().find((workflow) => workflow.id === EXAMPLE_IDS['stream-webhook'])!;
	const workflows = [ours, floorWorkflow('benchStreamFloor1', FLOOR_FIRST_PATH, 1), floorWorkflow('benchStreamFloorN', FLOOR_CHAIN_PATH, chunks)];
	const n8n = await startN8n({ credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })], workflows, log });
	try {
		const contenders = {
			fake: async () => await callFake(fake.url, API_KEY, MODEL, PROMPT),
			n8nFirst: async () => await callWebhook(n8n.baseUrl, FLOOR_FIRST_PATH, { prompt: PROMPT }, 'Respond'),
			n8nChain: async () => await callWebhook(n8n.baseUrl, FLOOR_CHAIN_PATH, { prompt: PROMPT }, 'Respond'),
			ours: async () => await callWebhook(n8n.baseUrl, OUR_PATH, { prompt: PROMPT }, OUR_NODE),
		};
		const expected = { fake: `Echo: ${words}`, ours: `Echo: ${words}`, n8nFirst: 'chunk0 ', n8nChain: Array.from({ length: chunks }, (_, i) => `chunk${i} `).join('') };
		const names = Object.keys(contenders) as Array<keyof typeof contenders>;
		const timings = Object.fromEntries(names.map((name) => [name, [] as StreamTiming[]])) as Record<keyof typeof contenders, StreamTiming[]>;
		const inNode = { n8nFirst: [] as number[], ours: [] as number[] };
		const timed = { n8nFirst: { workflowId: 'benchStreamFloor1', node: 'Respond 0' }, ours: { workflowId: ours.id, node: OUR_NODE } };
		const lastIds: Record<string, string | undefined> = {};
		for (let round = -1; round < ROUNDS; round++) {
			// Rotate the order so that no contender always runs first after a pause.
			for (const name of names.map((_, i) => names[(i + Math.max(round, 0)) % names.length])) {
				const timing = await contenders[name]();
				check(name, timing, expected[name]);
				if (name === 'n8nFirst' || name === 'ours') {
					const started = await nodeStart(n8n, timed[name].workflowId, timed[name].node, lastIds[name]);
					lastIds[name] = started.id;
					if (round >= 0) inNode[name].push(timing.firstSentAt! - started.startedAt);
				}
				if (round >= 0) timings[name].push(timing);
			}
		}
		const addedInNode = inNode.ours.map((ms, round) => ms - inNode.n8nFirst[round] - firstChunk(timings.fake[round]));
		const added = timings.ours.map((timing, round) => firstChunk(timing) - firstChunk(timings.n8nFirst[round]) - firstChunk(timings.fake[round]));
		const result = { fake: summary(timings.fake), n8nFirst: summary(timings.n8nFirst), n8nChain: summary(timings.n8nChain), ours: summary(timings.ours) };
		return {
			n8nVersion: (JSON.parse(readFileSync(join(n8n.runtime.dir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version: string }).version,
			rounds: ROUNDS,
			intervalMs: CHUNK_INTERVAL_MS,
			...result,
			addedFirstChunkMs: +median(added).toFixed(2),
			inNode: { n8nFirstMs: median(inNode.n8nFirst), oursMs: median(inNode.ours), addedMs: +median(addedInNode).toFixed(2) },
			addedPerChunkMs: +(result.ours.gapMs! - result.fake.gapMs!).toFixed(2),
			n8nPerChunkMs: +(result.n8nChain.gapMs! - CHUNK_INTERVAL_MS).toFixed(2),
		};
	} finally {
		await closeCallers();
		await n8n.stop();
		await fake.stop();
	}
}

export function streamLatencySection(r: StreamLatencyResult): string[] {
	const ms = (value: number) => `${value.toFixed(1)} ms`;
	const gap = (p: LatencyPath) => (p.gapMs === null || p.gapP90Ms === null ? '–' : `${ms(p.gapMs)} · ${ms(p.gapP90Ms)}`);
	const row = (label: string, p: LatencyPath) => `| ${label} | ${ms(p.firstChunkMs)} | ${gap(p)} | ${p.chunks} |`;
	return [
		`**Latency at the caller** through a real n8n ${r.n8nVersion}: the fake server paces its events ${r.intervalMs} ms apart; ${r.rounds} rounds, the paths taking turns, medians (bench/streamLatency.ts).`,
		'',
		'| Path | Request → first text chunk | Gap between chunks (median · p90) | Text chunks |',
		'| --- | ---: | ---: | ---: |',
		row('Fake server, called directly (the wire)', r.fake),
		row('n8n alone: Webhook (Streaming) → Respond to Webhook', r.n8nFirst),
		row('n8n alone, spaced: … → Respond to Webhook → Wait → Respond to Webhook …', r.n8nChain),
		row('Webhook (Streaming) → Gemini Stream', r.ours),
		'',
		`**Gemini Stream adds ${ms(r.addedFirstChunkMs)} before the first text chunk** at the caller (per round: ours − n8n alone with one Respond to Webhook − the fake's first event), **${ms(r.inNode.addedMs)} measured inside n8n** (node start → first text chunk sent, from n8n's execution records and chunk timestamps: ${ms(r.inNode.oursMs)} for Gemini Stream, ${ms(r.inNode.n8nFirstMs)} for Respond to Webhook, less the fake's first event; free of the webhook's and the engine's start-up, which swing by tens of ms on a busy machine), **and ${ms(r.addedPerChunkMs)} per chunk** (its median gap − the fake's); n8n's own share per chunk in its minimal path (a Wait and a Respond to Webhook run) is ${ms(r.n8nPerChunkMs)}.`,
	];
}

if (require.main === module) {
	benchStreamLatency((line) => console.error(`[stream] ${line}`))
		.then((result) => {
			console.log(streamLatencySection(result).join('\n'));
			console.log(JSON.stringify(result));
		})
		.catch((error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		});
}

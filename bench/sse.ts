/**
 * SSE throughput without a network: our stream path next to `@google/genai`'s on the same bytes
 * cut into the same slices, as whole paths (bytes in → validated events accumulated into the
 * answer) and as parsers alone. Contenders: sseContenders.ts; the body: sseBody.ts.
 *
 * Alone: `npm run build && node scripts/node24.js ts-node --transpile-only --prefer-ts-exts bench/sse.ts`
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { buildSseBody, networkSlices, tinySlices } from './sseBody';
import { CONTENDERS, newSdkClient, type ContenderName, type Outcome } from './sseContenders';
import { median } from './stats';

const EVENTS = 2_000;
const WARMUP_RUNS = 3;
/** Runs per slicing: a tiny-slice run takes about 10× as long as a network-slice one. */
const MEASURED_RUNS = { tiny: 9, network: 25 };

/** Throughput from the median CPU time of the contender's thread per run (steadier than wall time on a shared machine). */
export interface ParserNumbers {
	cpuMedianMs: number;
	wallMedianMs: number;
	/** null when the median CPU time is under the thread clock's resolution (reading the stream alone, network slices). */
	mbPerSecond: number | null;
	usPerEvent: number;
	cpuRunsMs: number[];
}

export interface SseProfileResult {
	slicing: 'tiny' | 'network';
	slices: number;
	numbers: Record<ContenderName, ParserNumbers>;
	runs: number;
	/** SDK public path / our whole path (median CPU times): above 1 means ours is faster. */
	sdkOverPath: number;
	/** The same with zod on every event (the path before the hand-written check). */
	sdkOverPathZod: number;
	/** SDK SSE layer / our parser. */
	sdkParseOverParser: number;
	/** The same three ratios from median wall times. */
	wall: { sdkOverPath: number; sdkOverPathZod: number; sdkParseOverParser: number };
}

export interface SseBenchResult {
	sdkVersion: string;
	events: number;
	bytes: number;
	profiles: SseProfileResult[];
}

interface Run {
	wallMs: number;
	cpuMs: number;
}

type Contenders = Record<ContenderName, Worker>;

function startContenders(): Contenders {
	// Workers load TypeScript the way the bench itself runs (ts-node, transpile only).
	const execArgv = ['--require', 'ts-node/register/transpile-only'];
	const names = Object.keys(CONTENDERS) as ContenderName[];
	return Object.fromEntries(names.map((name) => [name, new Worker(join(__dirname, 'sseWorker.ts'), { workerData: { name, events: EVENTS }, execArgv })])) as Contenders;
}

async function timed(workers: Contenders, name: ContenderName, slicing: SseProfileResult['slicing'], expected: Outcome): Promise<Run> {
	const worker = workers[name];
	const answer = new Promise<Run & { outcome: Outcome }>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	worker.postMessage(slicing);
	const { wallMs, cpuMs, outcome } = await answer;
	worker.removeAllListeners('error');
	// A contender that silently skipped events would look fast: check every run.
	const answerRead = outcome.answerChars === 0 || outcome.answerChars === expected.answerChars;
	if (name !== 'drain' && (outcome.events !== expected.events || outcome.lastTotal !== expected.lastTotal || !answerRead)) {
		throw new Error(`${name} read ${JSON.stringify(outcome)}, expected ${JSON.stringify(expected)}`);
	}
	return { wallMs, cpuMs };
}

function numbers(runs: Run[], bytes: number, events: number): ParserNumbers {
	const cpuMs = runs.map((run) => run.cpuMs);
	const cpuMedianMs = median(cpuMs);
	return {
		cpuMedianMs: +cpuMedianMs.toFixed(2),
		wallMedianMs: +median(runs.map((run) => run.wallMs)).toFixed(2),
		mbPerSecond: cpuMedianMs > 0 ? +(bytes / 1e6 / (cpuMedianMs / 1e3)).toFixed(1) : null,
		usPerEvent: +((cpuMedianMs * 1e3) / events).toFixed(2),
		cpuRunsMs: cpuMs.map((ms) => +ms.toFixed(1)),
	};
}

/** Warm-up runs for all, then measured runs interleaved so that drift hits everyone alike. */
async function measureProfile(workers: Contenders, slicing: SseProfileResult['slicing'], slices: number, bytes: number, expected: Outcome): Promise<SseProfileResult> {
	const names = Object.keys(CONTENDERS) as ContenderName[];
	const runs = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<ContenderName, Run[]>;
	for (let round = 0; round < WARMUP_RUNS + MEASURED_RUNS[slicing]; round++) {
		for (const name of names) {
			const elapsed = await timed(workers, name, slicing, expected);
			if (round >= WARMUP_RUNS) runs[name].push(elapsed);
		}
	}
	const ratios = (of: keyof Run) => {
		const ratio = (slower: ContenderName, ours: ContenderName) => +(median(runs[slower].map((run) => run[of])) / median(runs[ours].map((run) => run[of]))).toFixed(2);
		return { sdkOverPath: ratio('sdk', 'path'), sdkOverPathZod: ratio('sdk', 'pathZod'), sdkParseOverParser: ratio('sdkParse', 'parser') };
	};
	return {
		slicing,
		slices,
		runs: MEASURED_RUNS[slicing],
		numbers: Object.fromEntries(names.map((name) => [name, numbers(runs[name], bytes, expected.events)])) as Record<ContenderName, ParserNumbers>,
		...ratios('cpuMs'),
		wall: ratios('wallMs'),
	};
}

function sdkVersion(): string {
	// The package's exports hide package.json; its user agent carries the version.
	const headers = (newSdkClient() as unknown as { apiClient: { getDefaultHeaders(): Record<string, string> } }).apiClient.getDefaultHeaders();
	return /google-genai-sdk\/(\S+)/.exec(headers['x-goog-api-client'] ?? headers['User-Agent'] ?? '')?.[1] ?? 'unknown';
}

export async function benchSse(): Promise<SseBenchResult> {
	const { bytes, lastTotal, answerChars } = buildSseBody(EVENTS);
	const expected: Outcome = { events: EVENTS, lastTotal, answerChars };
	const workers = startContenders();
	const profiles: SseProfileResult[] = [];
	try {
		profiles.push(await measureProfile(workers, 'tiny', tinySlices(bytes).length, bytes.length, expected));
		profiles.push(await measureProfile(workers, 'network', networkSlices(bytes).length, bytes.length, expected));
	} finally {
		await Promise.all(Object.values(workers).map(async (worker) => await worker.terminate()));
	}
	return { sdkVersion: sdkVersion(), events: EVENTS, bytes: bytes.length, profiles };
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const mbs = (n: ParserNumbers) => (n.mbPerSecond === null ? 'under the clock’s resolution' : `${n.mbPerSecond.toFixed(1)} MB/s · ${n.usPerEvent.toFixed(2)} µs/event`);

/** Section 3's throughput part: whole paths, then parsers alone. */
export function sseSection(s: SseBenchResult): string[] {
	const header = ['Slicing of the body', 'Reading the stream only', 'Ours', '@google/genai', 'SDK time / ours'];
	const pathRows = [['Whole path', ...header.slice(1, 3), 'Ours, zod on every event', ...header.slice(3)]];
	const parserRows = [['Parser alone', ...header.slice(1)]];
	for (const p of s.profiles) {
		const n = p.numbers;
		const slicing = `${p.slicing} (${int(p.slices)} slices)`;
		pathRows.push([slicing, mbs(n.drain), mbs(n.path), mbs(n.pathZod), mbs(n.sdk), `${p.sdkOverPath}× (zod on every event: ${p.sdkOverPathZod}×)`]);
		parserRows.push([slicing, mbs(n.drain), mbs(n.parser), mbs(n.sdkParse), `${p.sdkParseOverParser}×`]);
	}
	const table = (rows: string[][]) => [`| ${rows[0].join(' | ')} |`, `| --- |${' ---: |'.repeat(rows[0].length - 1)}`, ...rows.slice(1).map((row) => `| ${row.join(' | ')} |`)];
	const path = s.profiles.map((p) => p.sdkOverPath);
	const wall = s.profiles.map((p) => `${p.slicing}: whole path ${p.wall.sdkOverPath}× (zod on every event ${p.wall.sdkOverPathZod}×), parser ${p.wall.sdkParseOverParser}×`);
	return [
		`One streamed answer of ${int(s.events)} events (${(s.bytes / 1e6).toFixed(2)} MB, CRLF framing, multi-byte text) fed from memory in tiny (1–64 byte, the fake server's) and network-sized (1–16 KiB) slices; contenders take turns, ${s.profiles.map((p) => `${p.runs} ${p.slicing} runs`).join(' and ')} after ${WARMUP_RUNS} warm-ups each, each contender in a worker thread of its own (no JIT state shared between them). Throughput is from the median CPU time of its thread per run (process.threadCpuUsage), steadier than wall time on a shared machine; the ratios from median wall times: ${wall.join('; ')} (bench/sse.ts).`,
		'',
		`**Whole path**, bytes in → validated events accumulated into the answer: ours is what Gemini Stream does per event (parser, error-event check, chunk validation, accumulation); the SDK is @google/genai ${s.sdkVersion}'s public \`generateContentStream\` with each chunk's \`.text\` collected.`,
		'',
		...table(pathRows),
		'',
		`**Parser alone**: our \`parseSseStream\` vs the SDK's SSE layer (\`processStreamResponse\` + \`.json()\` per event).`,
		'',
		...table(parserRows),
		'',
		`**Our whole stream path is ${Math.min(...path).toFixed(1)}× to ${Math.max(...path).toFixed(1)}× as fast as the SDK's public streaming path** on the same bytes.`,
	];
}

if (require.main === module) {
	benchSse()
		.then((result) => {
			console.log(sseSection(result).join('\n'));
			console.log(JSON.stringify(result));
		})
		.catch((error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		});
}

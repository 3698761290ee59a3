/**
 * A real n8n with this package loaded, for the demo and the end-to-end tests: install the package
 * into a fresh user folder the way n8n's community-package install lays it out, import credentials
 * and workflows with n8n's CLI, start `n8n start`, create an owner and a public-API key, activate
 * workflows, call their webhooks, read executions back from n8n's own records, and stop
 * everything by process group. Nothing is left running, even after a crash: every start is
 * recorded in the cache folder, and the next start stops what a killed run left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { cacheRoot, ensureN8nRuntime, n8nEnv, type N8nRuntime } from './runtime';

export const PACKAGE_NAME = 'n8n-nodes-gemini-meter';
const REPO_ROOT = resolve(__dirname, '..', '..');
/** The owner the harness creates; the browser test signs in with it. */
export const OWNER = { email: 'owner@gemini-meter.test', firstName: 'Demo', lastName: 'Owner', password: 'GeminiMeter1!' };

export interface CredentialRecord {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowRecord {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface StartOptions {
	credentials: CredentialRecord[];
	workflows: WorkflowRecord[];
	/** Workflow ids to activate (their webhooks go live). Default: all. */
	activate?: string[];
	log?: (line: string) => void;
	/** Extra environment for the n8n server (e.g. N8N_DEFAULT_BINARY_DATA_MODE=filesystem). */
	env?: Record<string, string>;
}

export interface WebhookAnswer {
	status: number;
	headers: Headers;
	body: unknown;
	text: string;
	durationMs: number;
}

/** One NDJSON line of a streamed webhook response, with when it arrived. */
export interface StreamedLine {
	at: number;
	chunk: { type: string; content?: string; metadata?: { itemIndex?: number; nodeName?: string } };
}

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt: string;
	data?: { resultData: { runData: Record<string, Array<RunDataEntry>>; error?: unknown } };
}

export interface RunDataEntry {
	executionTime: number;
	data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> };
	error?: { message?: string };
}

export interface N8nInstance {
	baseUrl: string;
	userFolder: string;
	/** The only folder n8n's file nodes may read and write (N8N_RESTRICT_FILE_ACCESS_TO); removed with the user folder. */
	filesDir: string;
	logFile: string;
	runtime: N8nRuntime;
	/** The n8n server's process id (for memory measurements). */
	pid: number;
	/** Public API (`/api/v1/…`) with the instance's API key. */
	api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** Any path of the instance (e.g. `/types/nodes.json`) fetched as the logged-in owner. */
	asOwner(path: string): Promise<Response>;
	/** The editor's REST API (`/rest/…`) as the owner. */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
	callWebhook(path: string, body: unknown, init?: { method?: string }): Promise<WebhookAnswer>;
	/** POSTs to a webhook in "Streaming" mode and reads its NDJSON chunks as they arrive. */
	streamWebhook(path: string, body: unknown): Promise<{ status: number; startedAt: number; endedAt: number; lines: StreamedLine[] }>;
	/** Executions of a workflow with their full data, newest first. */
	executions(workflowId: string): Promise<Execution[]>;
	logs(): string;
	stop(): Promise<void>;
}

/* ---------- processes: start, record, stop, and clean up after killed runs ---------- */

function registryDir(): string {
	const dir = join(cacheRoot(), 'running');
	mkdirSync(dir, { recursive: true });
	return dir;
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/** Stops n8n processes a killed demo or test run left behind (recorded by process group). */
export function reapLeftovers(log: (line: string) => void = () => {}): void {
	for (const file of readdirSync(registryDir())) {
		const path = join(registryDir(), file);
		const record = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; parentPid?: number; userFolder: string };
		if (record.pid !== process.pid && isAlive(record.pid) && !isOwnedByLiveParent(record)) {
			log(`Stopping n8n (pid ${record.pid}) left running by an earlier, interrupted run`);
			killGroup(record.pid, 'SIGKILL');
		}
		if (!isAlive(record.pid) || !isOwnedByLiveParent(record)) {
			rmSync(record.userFolder, { recursive: true, force: true });
			rmSync(path, { force: true });
		}
	}
}

/**
 * A record whose parent (the demo or test process) still runs belongs to a concurrent run, or to
 * this one (queue mode starts PostgreSQL and Redis before n8n).
 */
function isOwnedByLiveParent(record: { parentPid?: number }): boolean {
	return record.parentPid !== undefined && (record.parentPid === process.pid || isAlive(record.parentPid));
}

/** Records a started process group, so `reapLeftovers` stops it if this run is killed; returns the record's path. */
export function record(pid: number, userFolder: string): string {
	const path = join(registryDir(), `${pid}.json`);
	writeFileSync(path, JSON.stringify({ pid, parentPid: process.pid, userFolder, startedAt: new Date().toISOString() }));
	return path;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

async function runCli(runtime: N8nRuntime, env: NodeJS.ProcessEnv, args: string[], logFile: string): Promise<void> {
	const out = openSync(logFile, 'a');
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], { env, stdio: ['ignore', out, out] });
	const code = await new Promise<number | null>((done) => child.once('exit', done));
	if (code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited with ${code}; see ${logFile}:\n${tail(logFile)}`);
	}
}

export function tail(file: string, lines = 30): string {
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
}

export const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

/* ---------- the package, laid out as n8n's community install does ---------- */

/**
 * `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-gemini-meter` with package.json, dist/ and the
 * runtime dependencies (undici, zod) in its own node_modules, as `npm install` would put them.
 */
export function installPackage(userFolder: string): void {
	const dist = join(REPO_ROOT, 'dist');
	if (!existsSync(join(dist, 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	mkdirSync(join(target, 'node_modules'), { recursive: true });
	cpSync(join(REPO_ROOT, 'package.json'), join(target, 'package.json'));
	cpSync(dist, join(target, 'dist'), { recursive: true });
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
	for (const dependency of Object.keys(pkg.dependencies ?? {})) {
		symlinkSync(join(REPO_ROOT, 'node_modules', dependency), join(target, 'node_modules', dependency), 'dir');
	}
}

/* ---------- start ---------- */

export async function startN8n(options: StartOptions): Promise<N8nInstance> {
	const log = options.log ?? (() => {});
	reapLeftovers(log);
	const runtime = await ensureN8nRuntime({ log });
	const userFolder = mkdtempSync(join(tmpdir(), 'gemini-meter-n8n-'));
	const logFile = join(userFolder, 'n8n.log');
	installPackage(userFolder);

	const port = await freePort();
	// options.env too: in queue mode the CLI must import into the same PostgreSQL as the server.
	const cliEnv = { ...n8nEnv(runtime, userFolder, { port: await freePort(), brokerPort: await freePort() }), ...options.env };
	writeFileSync(join(userFolder, 'credentials.json'), JSON.stringify(options.credentials));
	writeFileSync(join(userFolder, 'workflows.json'), JSON.stringify(options.workflows));
	log('Importing credentials and workflows into n8n…');
	await runCli(runtime, cliEnv, ['import:credentials', `--input=${join(userFolder, 'credentials.json')}`], logFile);
	await runCli(runtime, cliEnv, ['import:workflow', `--input=${join(userFolder, 'workflows.json')}`], logFile);

	log('Starting n8n…');
	const out = openSync(logFile, 'a');
	const filesDir = join(userFolder, 'files');
	mkdirSync(filesDir);
	const env = { ...n8nEnv(runtime, userFolder, { port, brokerPort: await freePort() }), N8N_RESTRICT_FILE_ACCESS_TO: filesDir, ...options.env };
	// Its own process group, so stop() also ends n8n's task-runner children.
	const child: ChildProcess = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], { env, stdio: ['ignore', out, out], detached: true });
	if (child.pid === undefined) throw new Error('could not start n8n');
	const pid = child.pid;
	const recordFile = record(pid, userFolder);
	let exited = false;
	child.once('exit', () => {
		exited = true;
	});

	const baseUrl = `http://127.0.0.1:${port}`;
	let cookie = '';
	let apiKey = '';

	const stop = async (): Promise<void> => {
		if (!exited) {
			killGroup(pid, 'SIGTERM');
			for (let waited = 0; !exited && waited < 10_000; waited += 100) await sleep(100);
			if (!exited) killGroup(pid, 'SIGKILL');
		}
		killGroup(pid, 'SIGKILL'); // runner children that outlived their parent
		rmSync(recordFile, { force: true });
		if (!process.env.GEMINI_METER_KEEP_N8N) rmSync(userFolder, { recursive: true, force: true });
	};

	const rest = async <T>(method: string, path: string, body?: unknown) => {
		const response = await fetch(`${baseUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': 'gemini-meter', cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await response.text();
		const parsed = (text ? JSON.parse(text) : {}) as { data?: T };
		return { status: response.status, body: (parsed.data ?? parsed) as T };
	};

	const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n API ${method} ${path}: ${response.status} ${text}`);
		return JSON.parse(text) as T;
	};

	try {
		await waitForReadiness(baseUrl, () => exited, logFile);
		const owner = await rest('POST', '/owner/setup', OWNER);
		if (owner.status !== 200) throw new Error(`owner setup failed: ${owner.status} ${JSON.stringify(owner.body)}`);
		const scopes = await rest<string[]>('GET', '/api-keys/scopes');
		const key = await rest<{ rawApiKey: string }>('POST', '/api-keys', { label: 'gemini-meter', scopes: scopes.body, expiresAt: null });
		apiKey = key.body.rawApiKey;
		for (const id of options.activate ?? options.workflows.map((w) => w.id)) {
			await api('POST', `/workflows/${id}/activate`);
		}
	} catch (error) {
		await stop();
		throw error;
	}

	return {
		baseUrl,
		pid,
		userFolder,
		filesDir,
		logFile,
		runtime,
		api,
		rest,
		asOwner: async (path) => await fetch(`${baseUrl}${path}`, { headers: { cookie, 'browser-id': 'gemini-meter' } }),
		logs: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
		stop,
		callWebhook: async (path, body, init = {}) => await callWebhook(baseUrl, path, body, init.method ?? 'POST'),
		streamWebhook: async (path, body) => await streamWebhook(baseUrl, path, body),
		executions: async (workflowId) => {
			const list = await api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=250`);
			return list.data;
		},
	};
}

async function waitForReadiness(baseUrl: string, exited: () => boolean, logFile: string): Promise<void> {
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (exited()) throw new Error(`n8n exited during start-up:\n${tail(logFile)}`);
		const status = await fetch(`${baseUrl}/healthz/readiness`).then((r) => r.status, () => 0);
		if (status === 200) return;
		await sleep(250);
	}
	throw new Error(`n8n was not ready after 120 s:\n${tail(logFile)}`);
}

/** POSTs to a production webhook; waits while n8n is still registering it (404 right after activation). */
async function callWebhook(baseUrl: string, path: string, body: unknown, method: string): Promise<WebhookAnswer> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const started = performance.now();
		const response = await fetch(`${baseUrl}/webhook/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: method === 'GET' ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		const durationMs = Math.round(performance.now() - started);
		const notYet = response.status === 404 && text.includes('not registered');
		if (!notYet || Date.now() > deadline) {
			let parsed: unknown = text;
			try {
				parsed = JSON.parse(text);
			} catch {
				// Not JSON (e.g. a streamed NDJSON body): keep the text.
			}
			return { status: response.status, headers: response.headers, body: parsed, text, durationMs };
		}
		await sleep(200);
	}
}

async function streamWebhook(baseUrl: string, path: string, body: unknown) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const startedAt = Date.now();
		const response = await fetch(`${baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (response.status === 404 && Date.now() < deadline) {
			// Registration may lag activation by a moment.
			await response.text();
			await sleep(200);
			continue;
		}
		const lines: StreamedLine[] = [];
		const decoder = new TextDecoder();
		let buffer = '';
		for await (const bytes of response.body ?? []) {
			buffer += decoder.decode(bytes, { stream: true });
			let newline: number;
			while ((newline = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, newline).trim();
				buffer = buffer.slice(newline + 1);
				if (line) lines.push({ at: Date.now(), chunk: JSON.parse(line) as StreamedLine['chunk'] });
			}
		}
		return { status: response.status, startedAt, endedAt: Date.now(), lines };
	}
}

/** The output items of a node in an execution, as n8n recorded them. */
/** The newest execution of a workflow once it has finished (polled for up to 10 s). */
export function nodeOutput(execution: Execution, nodeName: string): Array<{ json: Record<string, unknown>; pairedItem?: unknown }> {
	const run = execution.data?.resultData.runData[nodeName]?.[0];
	return run?.data?.main?.[0] ?? [];
}

/** A chat-model sub-node's log entries, one run per model call (usage, cost, tier as logged). */
export function modelCallEntries(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = (execution.data?.resultData.runData[nodeName] ?? []) as unknown as Array<{
		data?: { ai_languageModel?: Array<Array<{ json: Record<string, unknown> }>> };
	}>;
	return runs.flatMap((run) => run.data?.ai_languageModel?.[0]?.map((entry) => entry.json) ?? []);
}

/** The newest finished execution of a workflow (n8n records it just after the webhook answers). */
export async function latestExecution(n8n: N8nInstance, workflowId: string): Promise<Execution> {
	for (let tries = 0; tries < 100; tries++) {
		const [latest] = await n8n.executions(workflowId);
		if (latest?.stoppedAt) return latest;
		await sleep(100);
	}
	throw new Error(`no finished execution of ${workflowId}`);
}

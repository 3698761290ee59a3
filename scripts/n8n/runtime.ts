/**
 * A real n8n 2.41.1, installed once from the npm registry alone and cached outside the repository
 * (recipe: n8n-offline.md). n8n 2.x needs Node >= 24, which scripts/node24.js provides (the running
 * Node if it is 24, else the npm registry's build for this platform); npm is the machine's own, run on that Node. Install scripts stay
 * off (several download from outside the registry); the one native module n8n needs that ships no
 * binary, sqlite3, is compiled once with node-gyp against Node 24's headers and cached.
 *
 * Cache layout (root: $GEMINI_METER_CACHE_DIR or ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-gemini-meter):
 *   node-24.21.0-linux-x64/              Node 24 from the registry, when the running Node is older (node24.js)
 *   install.lock                         PID of the process installing right now
 *   sqlite3-5.1.7-node_sqlite3.node      compiled binding (N-API, so not tied to a Node ABI)
 *   tools/node_modules/node-gyp          node-gyp 12.4.0, only when the binding had to be compiled
 *   n8n-2.41.1/                          package.json, .npmrc, package-lock.json, node_modules/
 *   n8n-2.41.1/.ready                    written last: versions + lockfile hash of a checked install
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	accessSync,
	constants,
	copyFileSync,
	existsSync,
	linkSync,
	mkdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

import { cacheRoot as sharedCacheRoot, ensureNode24, envWithNode, type Node24 } from '../node24';

export const N8N_VERSION = '2.41.1';
const NODE_GYP_VERSION = '12.4.0';
const LOCKFILE = join(__dirname, `n8n-${N8N_VERSION}.package-lock.json`);
const BUILD_TOOLS = ['python3', 'make', 'g++'];
const LOCK_WAIT_MS = 30 * 60_000;

export interface N8nRuntime {
	/** The install folder (`<cache root>/n8n-2.41.1`). */
	dir: string;
	/** Node 24 (see scripts/node24.js). */
	nodeBin: string;
	nodeBinDir: string;
	/** `<dir>/node_modules/n8n/bin/n8n`: run it as `nodeBin n8nBin <command>`. */
	n8nBin: string;
	version: string;
	/** The current environment with Node 24 first on PATH and npm_config_nodedir set to its headers. */
	env: NodeJS.ProcessEnv;
}

export interface EnsureOptions {
	log?: (line: string) => void;
}

type PrivateNode = Node24;

/** The cross-process install lock this process holds. */
interface InstallLock {
	path: string;
	/** Records the running npm / node-gyp too, so a waiter never takes over while it still writes. */
	setChild(pid: number | undefined): void;
	release(): void;
}

type Log = (line: string) => void;

interface ReadyStamp {
	n8n: string;
	node: string;
	lockfileSha256: string;
	installedAt?: string;
}

/* ---------- locations ---------- */

export function cacheRoot(): string {
	return sharedCacheRoot();
}

function sqliteCachePath(root: string, sqliteVersion: string): string {
	return join(root, `sqlite3-${sqliteVersion}-node_sqlite3.node`);
}

function sqliteBindingPath(dir: string): string {
	return join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
}

function locatePrivateNode(log: Log): PrivateNode {
	return ensureNode24({ log });
}

/** Node 24 first on PATH, so the machine's npm, node-gyp and n8n's children all run on it. */
function privateNodeEnv(node: PrivateNode): NodeJS.ProcessEnv {
	// The user npmrc here may set nodedir to another Node's headers; node-gyp must use Node 24's.
	return { ...envWithNode(node), ...(node.headers ? { npm_config_nodedir: node.dir } : {}) };
}

function toRuntime(dir: string, node: PrivateNode): N8nRuntime {
	return {
		dir,
		nodeBin: node.bin,
		nodeBinDir: node.binDir,
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		version: N8N_VERSION,
		env: privateNodeEnv(node),
	};
}

/* ---------- the ready stamp ---------- */

function lockfileHash(): string {
	return createHash('sha256').update(readFileSync(LOCKFILE)).digest('hex');
}

function expectedStamp(node: PrivateNode): ReadyStamp {
	return { n8n: N8N_VERSION, node: node.version, lockfileSha256: lockfileHash() };
}

function readJson<T>(path: string): T | undefined {
	try {
		return JSON.parse(readFileSync(path, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

/** `.ready` matches and the files a run needs are still there (someone may have pruned the cache). */
function isReady(runtime: N8nRuntime, expected: ReadyStamp): boolean {
	const stamp = readJson<ReadyStamp>(join(runtime.dir, '.ready'));
	if (!stamp || stamp.n8n !== expected.n8n || stamp.node !== expected.node || stamp.lockfileSha256 !== expected.lockfileSha256) {
		return false;
	}
	const n8nPackage = readJson<{ version: string }>(join(runtime.dir, 'node_modules', 'n8n', 'package.json'));
	return n8nPackage?.version === N8N_VERSION && existsSync(runtime.n8nBin) && existsSync(sqliteBindingPath(runtime.dir));
}

/* ---------- entry point ---------- */

/**
 * Returns the cached n8n runtime, installing it first if needed (3–5 minutes the first time).
 * Concurrent callers in other processes wait for one install instead of racing it.
 */
export async function ensureN8nRuntime(options: EnsureOptions = {}): Promise<N8nRuntime> {
	const log = options.log ?? (() => {});
	const node = locatePrivateNode(log);
	const root = cacheRoot();
	const runtime = toRuntime(join(root, `n8n-${N8N_VERSION}`), node);
	const expected = expectedStamp(node);
	if (isReady(runtime, expected)) return runtime;

	mkdirSync(root, { recursive: true });
	const lock = await acquireLock(join(root, 'install.lock'), log);
	try {
		// Another process may have finished the install while this one waited.
		if (isReady(runtime, expected)) return runtime;
		await install(runtime, node, root, expected, { log, lock });
		return runtime;
	} finally {
		lock.release();
	}
}

interface Context {
	log: Log;
	lock: InstallLock;
}

async function install(runtime: N8nRuntime, node: PrivateNode, root: string, expected: ReadyStamp, context: Context): Promise<void> {
	const { dir } = runtime;
	const { log } = context;
	const started = Date.now();
	log(`Installing n8n ${N8N_VERSION} on Node ${node.version} into ${dir} (once; takes 3–5 minutes)`);
	rmSync(join(dir, '.ready'), { force: true });
	prepareInstallDir(dir, log);

	await runLogged('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env: runtime.env }, context);
	log(`npm install done after ${seconds(started)}`);

	await provideSqliteBinding(runtime, node, root, context);
	await loadCheck(runtime, context);

	writeFileAtomic(join(dir, '.ready'), JSON.stringify({ ...expected, installedAt: new Date().toISOString() }, null, '\t') + '\n');
	log(`n8n ${N8N_VERSION} is ready in ${dir} (${seconds(started)})`);
}

/**
 * An interrupted install leaves no `.ready`. If npm had finished (it writes
 * node_modules/.package-lock.json at the very end), its tree is complete and `npm install` only
 * checks it again. Otherwise npm was killed while extracting, and a half-extracted package that
 * has its package.json looks installed to npm: start that node_modules over (the npm cache keeps
 * the second attempt fast).
 */
function prepareInstallDir(dir: string, log: Log): void {
	const nodeModules = join(dir, 'node_modules');
	if (existsSync(nodeModules) && !existsSync(join(nodeModules, '.package-lock.json'))) {
		log('Removing the node_modules an interrupted npm install left behind');
		rmSync(nodeModules, { recursive: true, force: true });
	}
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { n8n: N8N_VERSION } }) + '\n');
	writeFileSync(
		join(dir, '.npmrc'),
		['ignore-scripts=true', 'audit=false', 'fund=false', 'omit-lockfile-registry-resolved=true', 'update-notifier=false', ''].join('\n'),
	);
	// A fresh resolution differs from run to run; this lockfile is that of a verified install.
	copyFileSync(LOCKFILE, join(dir, 'package-lock.json'));
}

/* ---------- sqlite3: the one native module to compile ---------- */

async function provideSqliteBinding(runtime: N8nRuntime, node: PrivateNode, root: string, context: Context): Promise<void> {
	const { log } = context;
	const sqliteDir = join(runtime.dir, 'node_modules', 'sqlite3');
	const sqlitePackage = readJson<{ version: string }>(join(sqliteDir, 'package.json'));
	if (!sqlitePackage) throw new Error(`npm install left no ${sqliteDir}`);
	const cached = sqliteCachePath(root, sqlitePackage.version);
	const binding = sqliteBindingPath(runtime.dir);

	if (existsSync(cached)) {
		log(`Using the cached sqlite3 binding ${cached}`);
		mkdirSync(dirname(binding), { recursive: true });
		copyFileSync(cached, binding);
		return;
	}

	requireBuildTools(runtime.env);
	const nodeGyp = await ensureNodeGyp(join(root, 'tools'), runtime.env, context);
	log(`Compiling sqlite3 ${sqlitePackage.version} for Node ${node.version} (about a minute)`);
	const started = Date.now();
	// node-gyp directly: sqlite3's own install script would first try to download a prebuilt binary.
	await runLogged(node.bin, [nodeGyp, 'rebuild', '--release', ...(node.headers ? [`--nodedir=${node.dir}`] : []), '-j', 'max'], { cwd: sqliteDir, env: runtime.env }, context);
	if (!existsSync(binding)) throw new Error(`node-gyp finished but ${binding} is missing`);
	log(`sqlite3 compiled in ${seconds(started)}; caching it as ${cached}`);
	copyFileAtomic(binding, cached);
}

function requireBuildTools(env: NodeJS.ProcessEnv): void {
	const missing = BUILD_TOOLS.filter((tool) => !onPath(tool, env.PATH ?? ''));
	if (missing.length > 0) {
		throw new Error(
			`Compiling sqlite3 for n8n needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not on PATH. ` +
				'Install them with: apt-get install -y python3 make g++ (then run this again)',
		);
	}
}

function onPath(command: string, path: string): boolean {
	return path.split(delimiter).some((dir) => {
		try {
			accessSync(join(dir, command), constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}

/** node-gyp from the registry, pinned: the copy inside n8n's tree is an optional peer, not a given. */
async function ensureNodeGyp(toolsDir: string, env: NodeJS.ProcessEnv, context: Context): Promise<string> {
	const script = join(toolsDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	const installed = readJson<{ version: string }>(join(toolsDir, 'node_modules', 'node-gyp', 'package.json'));
	if (installed?.version === NODE_GYP_VERSION && existsSync(script)) return script;
	context.log(`Installing node-gyp@${NODE_GYP_VERSION} into ${toolsDir}`);
	mkdirSync(toolsDir, { recursive: true });
	await runLogged(
		'npm',
		['install', '--prefix', toolsDir, '--ignore-scripts', '--no-audit', '--no-fund', `node-gyp@${NODE_GYP_VERSION}`],
		{ cwd: toolsDir, env },
		context,
	);
	return script;
}

/** Both native modules n8n needs at run time must load on Node 24 before the install counts. */
async function loadCheck(runtime: N8nRuntime, context: Context): Promise<void> {
	context.log('Checking that sqlite3 and isolated-vm load on Node 24');
	const script = "new (require('sqlite3').Database)(':memory:'); const ivm=require('isolated-vm'); new ivm.Isolate({memoryLimit:8})";
	await runLogged(runtime.nodeBin, ['-e', script], { cwd: runtime.dir, env: runtime.env }, context);
}

/* ---------- one installer at a time across processes ---------- */

/**
 * `install.lock` holds the installer's PID and, while one runs, its npm / node-gyp child's PID. It
 * is created atomically with its content (link of a temp file), so a reader never sees it empty. A
 * lock whose PIDs are all dead (a killed install) is taken over; a live one is waited for.
 */
async function acquireLock(lockPath: string, log: Log): Promise<InstallLock> {
	const deadline = Date.now() + LOCK_WAIT_MS;
	let announced: string | undefined;
	for (;;) {
		if (tryCreateLock(lockPath)) return heldLock(lockPath);
		const holders = readPids(lockPath);
		if (holders.length > 0 && !holders.some(isAlive)) {
			log(`Taking over ${lockPath} from pid ${holders.join(', ')}, no longer running`);
			removeStaleLock(lockPath, holders);
			continue;
		}
		if (holders.length > 0 && announced !== String(holders[0])) {
			log(`Waiting for another n8n install (pid ${holders[0]}) to finish…`);
			announced = String(holders[0]);
		}
		if (Date.now() > deadline) throw new Error(`Gave up waiting for ${lockPath} (pid ${holders.join(', ')}) after ${LOCK_WAIT_MS / 60_000} minutes`);
		await sleep(1000);
	}
}

function tryCreateLock(lockPath: string): boolean {
	const temp = `${lockPath}.${process.pid}.tmp`;
	writeFileSync(temp, `${process.pid}\n`);
	try {
		linkSync(temp, lockPath); // fails with EEXIST if another process holds the lock
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	} finally {
		rmSync(temp, { force: true });
	}
}

function heldLock(path: string): InstallLock {
	const isOurs = () => readPids(path)[0] === process.pid;
	return {
		path,
		setChild: (pid) => {
			if (isOurs()) writeFileAtomic(path, `${[process.pid, pid].filter((p) => p !== undefined).join('\n')}\n`);
		},
		release: () => {
			if (isOurs()) rmSync(path, { force: true });
		},
	};
}

/**
 * Moves the stale lock aside rather than deleting it by name: if another waiter replaced it
 * meanwhile, the moved file holds live PIDs and is put back.
 */
function removeStaleLock(lockPath: string, stale: number[]): void {
	const aside = `${lockPath}.${process.pid}.stale`;
	try {
		renameSync(lockPath, aside);
	} catch {
		return; // already removed by another waiter
	}
	const moved = readPids(aside);
	if (moved.join() !== stale.join() && moved.some(isAlive)) {
		try {
			linkSync(aside, lockPath);
		} catch {
			// Someone took the lock in between; they hold it now.
		}
	}
	rmSync(aside, { force: true });
}

function readPids(path: string): number[] {
	try {
		return readFileSync(path, 'utf8')
			.split(/\s+/)
			.map((word) => Number.parseInt(word, 10))
			.filter((pid) => Number.isInteger(pid) && pid > 0);
	} catch {
		return [];
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
	}
}

/* ---------- the n8n environment ---------- */

/** Fixed, so credentials imported by one command decrypt in the next; only ever used locally. */
const TEST_ENCRYPTION_KEY = 'gemini-meter-local-test-encryption-key';

/**
 * The environment of a quiet, local, single-user n8n (n8n-offline.md §4): its own user folder and
 * SQLite DB, bound to 127.0.0.1, nothing calling n8n's servers. Inherited N8N_* and DB_* variables
 * are dropped so a developer's own n8n settings cannot leak into the demo or the tests.
 */
export function n8nEnv(runtime: N8nRuntime, userFolder: string, ports: { port: number; brokerPort: number }): NodeJS.ProcessEnv {
	// Also NODE_ENV and JEST_*: under jest NODE_ENV=test, and n8n started that way exits at once.
	const inherited = Object.fromEntries(
		Object.entries(runtime.env).filter(([name]) => !/^(N8N_|DB_|JEST_)/.test(name) && name !== 'NODE_ENV'),
	);
	return {
		...inherited,
		NODE_ENV: 'production',
		PATH: [runtime.nodeBinDir, runtime.env.PATH ?? ''].join(delimiter),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(ports.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// `n8n start` and `n8n execute` each open a task broker; two on one port fail.
		N8N_RUNNERS_BROKER_PORT: String(ports.brokerPort),
		// Otherwise a start-up task fetches an MCP registry from n8n's servers.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Everything that calls n8n's servers, most of it on by default in 2.41 (@n8n/config):
		// telemetry, the survey, version and "what's new" checks, templates, banners, the verified
		// community-node list, the AI assistant and gateway, licence renewal. Off, so the editor and
		// the server stay on 127.0.0.1 (the browser test checks what the editor asks for).
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_AI_GATEWAY_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// The owner-setup cookie must work over plain http.
		N8N_SECURE_COOKIE: 'false',
		// `n8n execute` prints its result through the logger: below info it prints nothing.
		N8N_LOG_LEVEL: 'info',
		// The rest only silence start-up deprecation notices.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: '2147483648',
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
	};
}

/* ---------- helpers ---------- */

/**
 * Runs a command with its stdout and stderr passed line by line to `log`; rejects on failure. The
 * child's PID goes into the install lock while it runs.
 */
async function runLogged(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, context: Context): Promise<void> {
	const recent: string[] = [];
	const onLine = (line: string) => {
		recent.push(line);
		if (recent.length > 30) recent.shift();
		context.log(line);
	};
	const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
	context.lock.setChild(child.pid);
	const stopForwarding = forwardSignals(child);
	const flushStdout = forwardLines(child.stdout, onLine);
	const flushStderr = forwardLines(child.stderr, onLine);
	try {
		const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
			child.once('error', (error) => reject(new Error(`Could not run ${command}: ${error.message}`)));
			child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
		});
		flushStdout();
		flushStderr();
		if (code !== 0) {
			const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
			throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) ${how}. Last output:\n${recent.join('\n')}`);
		}
	} finally {
		stopForwarding();
		context.lock.setChild(undefined);
	}
}

/**
 * Passes SIGINT/SIGTERM/SIGHUP on to the child: a signal sent to this process alone would
 * otherwise leave npm or node-gyp writing into the cache after it is gone. Where this handler is
 * the only one, the signal is raised again afterwards so the process still ends as it would have.
 */
function forwardSignals(child: ChildProcess): () => void {
	const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
		const handler = () => {
			child.kill(signal);
			if (process.listenerCount(signal) === 1) {
				stop();
				process.kill(process.pid, signal);
			}
		};
		process.on(signal, handler);
		return { signal, handler };
	});
	const stop = () => {
		for (const { signal, handler } of handlers) process.off(signal, handler);
	};
	return stop;
}

function forwardLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): () => void {
	let pending = '';
	stream.setEncoding('utf8');
	stream.on('data', (chunk: string) => {
		const lines = (pending + chunk).split(/\r?\n/);
		pending = lines.pop() ?? '';
		for (const line of lines) if (line.trim() !== '') onLine(line);
	});
	return () => {
		if (pending.trim() !== '') onLine(pending);
		pending = '';
	};
}

/** Written under a temp name and renamed, so an interrupted write never leaves a half file. */
function writeFileAtomic(path: string, content: string): void {
	const temp = `${path}.${process.pid}.tmp`;
	writeFileSync(temp, content);
	renameSync(temp, path);
}

function copyFileAtomic(from: string, to: string): void {
	const temp = `${to}.${process.pid}.tmp`;
	copyFileSync(from, temp);
	renameSync(temp, to);
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

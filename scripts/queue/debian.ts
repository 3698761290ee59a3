/**
 * Server binaries from Debian packages, installed with apt-get when missing (CI runs as root on a
 * fresh Debian 12; a developer machine without root gets the command to run instead).
 */
import { spawnSync } from 'node:child_process';

export function ensureDebianPackage<T>(aptPackage: string, locate: () => T | undefined, log: (line: string) => void): T {
	const found = locate();
	if (found !== undefined) return found;
	const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
	if (!canInstall) throw new Error(`${aptPackage} is not installed. Install it with: sudo apt-get install -y ${aptPackage}`);
	log(`Installing ${aptPackage} with apt-get…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', aptPackage]]) {
		const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
	}
	const installed = locate();
	if (installed === undefined) throw new Error(`apt-get installed ${aptPackage} but its binaries were not found`);
	return installed;
}

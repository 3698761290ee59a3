/**
 * Installs (once) the cached n8n runtime the demo and the end-to-end tests use, and prints its
 * folder on stdout. Progress goes to stderr.
 *
 *   node_modules/.bin/ts-node --transpile-only --prefer-ts-exts scripts/n8n/setup.ts
 */
import { ensureN8nRuntime } from './runtime';

async function main(): Promise<void> {
	const started = performance.now();
	const runtime = await ensureN8nRuntime({ log: (line) => process.stderr.write(`${line}\n`) });
	const elapsed = ((performance.now() - started) / 1000).toFixed(2);
	process.stderr.write(`n8n ${runtime.version} runtime ready in ${elapsed} s (node: ${runtime.nodeBin})\n`);
	process.stdout.write(`${runtime.dir}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});

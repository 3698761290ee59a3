/**
 * Runs the fake Gemini server standalone:
 *   ts-node --transpile-only test/fake-gemini/cli.ts [--port 8787] [--host 127.0.0.1] [--api-key KEY] [--latency-ms 0]
 *     [--batch-pending-ms 100] [--batch-running-ms 300] [--batch-state-prefix BATCH_STATE_|JOB_STATE_]
 * Env fallbacks: FAKE_GEMINI_PORT, FAKE_GEMINI_HOST, FAKE_GEMINI_API_KEY, FAKE_GEMINI_LATENCY_MS,
 * FAKE_GEMINI_BATCH_PENDING_MS, FAKE_GEMINI_BATCH_RUNNING_MS, FAKE_GEMINI_BATCH_STATE_PREFIX.
 */
import { DEFAULT_BATCH_TIMING } from './batchstore';
import { DEFAULT_API_KEY, startFakeGemini } from './server';
import type { BatchStatePrefix } from './server';

function flag(args: string[], name: string): string | undefined {
	const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
	if (index < 0) return undefined;
	const arg = args[index];
	return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

function numberOption(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
	return parsed;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(
			'Usage: fake-gemini [--port 8787] [--host 127.0.0.1] [--api-key fake-gemini-key] [--latency-ms 0]\n' +
				'                   [--batch-pending-ms 100] [--batch-running-ms 300] [--batch-state-prefix BATCH_STATE_|JOB_STATE_]\n',
		);
		return;
	}
	const env = process.env;
	const fake = await startFakeGemini({
		port: numberOption(flag(args, 'port') ?? env.FAKE_GEMINI_PORT, 'port', 8787),
		host: flag(args, 'host') ?? env.FAKE_GEMINI_HOST ?? '127.0.0.1',
		apiKey: flag(args, 'api-key') ?? env.FAKE_GEMINI_API_KEY ?? DEFAULT_API_KEY,
		latencyMs: numberOption(flag(args, 'latency-ms') ?? env.FAKE_GEMINI_LATENCY_MS, 'latency-ms', 0),
		batchTiming: {
			pendingMs: numberOption(flag(args, 'batch-pending-ms') ?? env.FAKE_GEMINI_BATCH_PENDING_MS, 'batch-pending-ms', DEFAULT_BATCH_TIMING.pendingMs),
			runningMs: numberOption(flag(args, 'batch-running-ms') ?? env.FAKE_GEMINI_BATCH_RUNNING_MS, 'batch-running-ms', DEFAULT_BATCH_TIMING.runningMs),
		},
		batchStatePrefix: (flag(args, 'batch-state-prefix') ?? env.FAKE_GEMINI_BATCH_STATE_PREFIX ?? 'BATCH_STATE_') as BatchStatePrefix,
	});
	process.stdout.write(`Fake Gemini listening on ${fake.url} (API key: ${fake.apiKey})\n`);
	const stop = (): void => {
		void fake.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`fake-gemini: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});

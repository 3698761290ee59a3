/**
 * n8n in queue mode, as an operator deploys it (https://docs.n8n.io/hosting/scaling/queue-mode/):
 * PostgreSQL and Redis, one main instance (webhooks, triggers, the API) that puts executions on
 * the queue, and N workers that run them. Everything on 127.0.0.1 at free ports, in temporary
 * folders, stopped by PID in reverse order by stop(), also when start-up fails half-way.
 */
import { startN8n, type N8nInstance, type StartOptions } from '../n8n/harness';
import { queueEnv } from './env';
import { startPostgres, type Postgres } from './postgres';
import { startRedis, type Redis } from './redis';
import { startWorker, type QueueWorker } from './worker';
import { workerOf } from './workerLog';

export interface QueueClusterOptions extends StartOptions {
	workers: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`; n8n warns below 5). */
	workerConcurrency: number;
	/**
	 * A webhook call that must answer 200 before the cluster counts as up: the main instance's
	 * readiness comes before its published webhooks are registered.
	 */
	readyWebhook: { path: string; body: unknown };
}

export interface QueueCluster {
	main: N8nInstance;
	workers: QueueWorker[];
	postgres: Postgres;
	redis: Redis;
	/** Index of the worker that ran an execution (from the workers' logs). */
	workerOf(executionId: string): number | undefined;
	/** Starts one more worker (the bench scales from one worker to two). */
	addWorker(): Promise<QueueWorker>;
	stop(): Promise<void>;
}

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const log = options.log ?? (() => {});
	const running: Array<{ stop(): Promise<void> }> = [];
	const stop = async () => {
		// Reverse order: workers and main before the queue and the database they use.
		for (const part of running.reverse().splice(0)) await part.stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
	};
	try {
		const postgres = await startPostgres(log);
		running.push(postgres);
		const redis = await startRedis(log);
		running.push(redis);
		const env = { ...queueEnv(postgres, redis), ...options.env };
		const main = await startN8n({ ...options, env });
		running.push(main);
		const workers: QueueWorker[] = [];
		const addWorker = async () => {
			log(`Starting n8n worker ${workers.length}…`);
			const worker = await startWorker({ runtime: main.runtime, index: workers.length, concurrency: options.workerConcurrency, env });
			workers.push(worker);
			running.push(worker);
			return worker;
		};
		for (let index = 0; index < options.workers; index++) await addWorker();
		await waitForWebhook(main, options.readyWebhook);
		return {
			main,
			workers,
			postgres,
			redis,
			workerOf: (executionId) => workerOf(executionId, workers.map((worker) => worker.logs())),
			addWorker,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

async function waitForWebhook(main: N8nInstance, webhook: { path: string; body: unknown }): Promise<void> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const answer = await main.callWebhook(webhook.path, webhook.body);
		if (answer.status === 200) return;
		if (Date.now() > deadline) throw new Error(`webhook ${webhook.path} answered ${answer.status} after 120 s: ${answer.text.slice(0, 500)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

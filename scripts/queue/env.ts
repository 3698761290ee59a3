/**
 * The environment of n8n's queue mode ("scaling mode") shared by the main instance and every
 * worker, and the extra variables of one worker. Names as n8n 2.41 reads them (@n8n/config:
 * executions, database, scaling-mode configs); docs:
 * https://docs.n8n.io/hosting/scaling/queue-mode/ and
 * https://docs.n8n.io/hosting/configuration/environment-variables/queue-mode/
 */
import { DATABASE, DATABASE_USER } from './postgres';

export interface Endpoint {
	host: string;
	port: number;
}

export function queueEnv(postgres: Endpoint, redis: Endpoint): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: DATABASE,
		DB_POSTGRESDB_USER: DATABASE_USER,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}

/**
 * One worker: its health server (`/healthz`, `/healthz/readiness`) on 127.0.0.1 at its own port
 * (n8n's default address is `::`, every interface). Its task-runner broker port and user folder
 * come from n8nEnv (scripts/n8n/runtime.ts), like any n8n process of the tests.
 */
export function workerEnv(healthPort: number): Record<string, string> {
	return {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
}

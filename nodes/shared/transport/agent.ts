import { EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';

/**
 * The one undici dispatcher every request goes through: a keep-alive pool per origin, and the
 * proxy settings n8n's own nodes honour, read from the environment (`HTTP_PROXY`, `HTTPS_PROXY`,
 * `NO_PROXY`, and their lower-case forms) by undici's EnvHttpProxyAgent
 * (https://undici.nodejs.org/#/docs/api/EnvHttpProxyAgent). Through a proxy, an https origin
 * (Google) is tunnelled with CONNECT, so the proxy sees only the host; a plain http origin (a
 * local gateway) is sent as an absolute-URI request, which is what proxies that refuse CONNECT to
 * ports other than 443 accept.
 */

/** Per-pool settings; timeouts are per request (CallSettings.timeoutMs), not per pool. */
const POOL_OPTIONS = {
	keepAliveTimeout: 30_000,
	keepAliveMaxTimeout: 600_000,
	connections: 64,
	headersTimeout: 0,
	bodyTimeout: 0,
} as const;

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** The proxy environment a dispatcher was built for. */
function proxyEnvironment(): string {
	return PROXY_VARIABLES.map((name) => `${name}=${process.env[name] ?? ''}`).join('\n');
}

/** Pools the dispatchers created, by origin (direct pools, and pools to a proxy), for `poolStats`. */
const pools = new Map<string, Pool>();

function createPool(origin: string | URL, options: object): Pool {
	const pool = new Pool(origin, { ...options, ...POOL_OPTIONS });
	pools.set(new URL(String(origin)).origin, pool);
	return pool;
}

const dispatchers = new Map<string, Dispatcher>();

/**
 * The dispatcher for the proxy variables as they are now: read each time a client is created,
 * so a process whose environment changed (or a test that sets them) gets the right one. One
 * dispatcher per set of values, so every client shares its keep-alive pools. Lazily created so
 * that merely loading the node does not open anything.
 */
export function sharedDispatcher(): Dispatcher {
	const key = proxyEnvironment();
	let dispatcher = dispatchers.get(key);
	if (!dispatcher) {
		dispatcher = new EnvHttpProxyAgent({
			...POOL_OPTIONS,
			factory: createPool,
			// Why: an http origin goes to the proxy as an absolute URI instead of a CONNECT tunnel.
			proxyTunnel: false,
		} as EnvHttpProxyAgent.Options);
		dispatchers.set(key, dispatcher);
	}
	return dispatcher;
}

export interface PoolStats {
	connected: number;
	free: number;
	pending: number;
	queued: number;
	running: number;
	size: number;
}

/** The keep-alive pool for an origin (`http://host:port`), or undefined before the first request. */
export function poolStats(origin: string): PoolStats | undefined {
	const pool = pools.get(new URL(origin).origin);
	if (!pool || pool.closed || pool.destroyed) return undefined;
	const { connected, free, pending, queued, running, size } = pool.stats;
	return { connected, free, pending, queued, running, size };
}

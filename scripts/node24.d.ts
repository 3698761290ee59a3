/** Types of node24.js (plain CommonJS so that any Node can start it). */
export interface Node24 {
	/** The install folder (headers under include/node when `headers`). */
	dir: string;
	bin: string;
	binDir: string;
	version: string;
	headers: boolean;
}

export type Node24Plan =
	| { kind: 'running' }
	| { kind: 'registry'; name: string; version: string }
	| { kind: 'missing'; message: string };

export const REQUIRED_MAJOR: number;
export const REGISTRY_NODE: Record<string, { name: string; version: string }>;
export function cacheRoot(env?: NodeJS.ProcessEnv): string;
export function planNode24(input: { version: string; platform: string; arch: string }): Node24Plan;
export function ensureNode24(options?: { log?: (line: string) => void }): Node24;
export function envWithNode(node: Node24, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

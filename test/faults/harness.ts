/**
 * Shared by the fault suite: runs a node over several items against the fake server, and checks
 * afterwards that nothing was left open (see `expectNothingLeftOpen`).
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { poolStats } from '../../nodes/shared/transport/GeminiClient';
import type { FakeGemini, RecordedRequest } from '../fake-gemini/server';
import { runNode, type NodeRunResult, type RunNodeOptions } from '../n8n/engine';

/** An error item under Continue On Fail. */
export interface ErrorItem {
	error: string;
	details: IDataObject & { itemIndex: number; httpCode?: string; googleStatus?: string; description?: string; partial?: IDataObject };
}

/** An answered item (the fields the suite reads). */
export interface AnswerItem extends IDataObject {
	text: string;
	finishReason: string | null;
	usage: IDataObject & { promptTokens: number; outputTokens: number; thoughtsTokens: number; totalTokens: number };
	cost: IDataObject & { total: number | null; output: number | null };
	serviceTier: IDataObject;
	warnings: string[];
	chunks?: number;
}

export const asError = (item: INodeExecutionData | undefined): ErrorItem => item?.json as unknown as ErrorItem;
export const asAnswer = (item: INodeExecutionData | undefined): AnswerItem => item?.json as AnswerItem;

export interface RunInput {
	fake: FakeGemini;
	apiKey: string;
	nodeType: INodeType;
	prompts: string[];
	parameters?: IDataObject;
	requestOptions?: IDataObject;
	extra?: Partial<RunNodeOptions>;
}

/** Runs the node with Continue On Fail over one item per prompt; returns the result and its wall time. */
export async function runItems(input: RunInput): Promise<NodeRunResult & { ms: number }> {
	const started = Date.now();
	const result = await runNode({
		nodeType: input.nodeType,
		parameters: {
			model: 'gemini-2.5-flash',
			prompt: '={{ $json.prompt }}',
			...input.parameters,
			requestOptions: { ...input.requestOptions },
		},
		items: input.prompts.map((prompt): INodeExecutionData => ({ json: { prompt } })),
		credentials: { apiKey: input.apiKey, baseUrl: input.fake.url },
		continueOnFail: true,
		...input.extra,
	});
	return { ...result, ms: Date.now() - started };
}

/** The requests whose body carries `marker` (a directive or a prompt word). */
export function requestsCarrying(fake: FakeGemini, marker: string): RecordedRequest[] {
	return fake.requests.filter((request) => JSON.stringify(request.body ?? '').includes(marker));
}

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
	const until = Date.now() + ms;
	while (!(await check()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}

export interface OpenState {
	/** Requests the fake received whose handler or response has not finished. */
	serverInFlight: number;
	/** TCP connections the fake has open. */
	serverConnections: number;
	/** undici's pool for the fake's origin: requests running, pending or queued, and sockets connected. */
	poolBusy: number;
	poolConnected: number;
}

export async function openState(fake: FakeGemini): Promise<OpenState> {
	// The shared dispatcher keeps one Pool per origin (connections: 64).
	const stats = poolStats(fake.url);
	return {
		serverInFlight: fake.inFlight(),
		serverConnections: await fake.openConnections(),
		poolBusy: (stats?.running ?? 0) + (stats?.pending ?? 0) + (stats?.queued ?? 0),
		poolConnected: Number(stats?.connected ?? 0),
	};
}

/**
 * "Nothing left open" after a node has finished, asserted fairly: keep-alive sockets idle in
 * undici's pool are meant to stay open (the next item reuses them), so the check is that no
 * request is still in flight on either side, and that the server has exactly as many connections
 * open as the pool holds (a socket the client dropped but did not close, or one the server kept
 * after a reset, would show up as a difference). A short settle lets FIN packets arrive.
 */
export async function expectNothingLeftOpen(fake: FakeGemini): Promise<void> {
	const idle = (state: OpenState): boolean =>
		state.serverInFlight === 0 && state.poolBusy === 0 && state.serverConnections === state.poolConnected;
	await waitUntil(async () => idle(await openState(fake)), 1500);
	const state = await openState(fake);
	expect({ serverInFlight: state.serverInFlight, poolBusy: state.poolBusy, serverConnections: state.serverConnections }).toEqual({
		serverInFlight: 0,
		poolBusy: 0,
		serverConnections: state.poolConnected,
	});
}

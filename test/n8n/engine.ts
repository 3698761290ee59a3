import 'reflect-metadata';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	LoggerProxy,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type NodeConnectionType,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/**
 * Runs one of our nodes inside n8n's own execution engine (n8n-core's WorkflowExecute), the way
 * n8n runs it for a user: parameters resolved by n8n (expressions included), credentials fetched
 * through the credentials helper, "Continue On Fail" applied by the engine. Nothing of ours is
 * called directly. Recipe: ../shared/reference/n8n-nodes.md §5.3.
 */

export interface RunNodeOptions {
	nodeType: INodeType;
	typeName?: string;
	parameters: IDataObject;
	items: INodeExecutionData[];
	credentials?: ICredentialDataDecryptedObject;
	/** "Continue On Fail" (onError: continueRegularOutput). */
	continueOnFail?: boolean;
	onError?: INode['onError'];
	mode?: WorkflowExecuteMode;
	/** Cancel the execution this many ms after it starts. */
	cancelAfterMs?: number;
	/** Run as a webhook execution whose caller asked for a streamed response (Webhook "Streaming"). */
	streaming?: boolean;
	/** The node's version as saved in a workflow; by default the one n8n gives a new node. */
	typeVersion?: number;
	/** Sub-nodes connected to the node under test (e.g. tools on its `ai_tool` input). */
	subNodes?: SubNode[];
}

/** A sub-node (a node type with `supplyData`) connected to the node under test by `connection`. */
export interface SubNode {
	name: string;
	nodeType: INodeType;
	connection: NodeConnectionType;
	parameters?: IDataObject;
}

/** The version n8n gives a node dragged onto the canvas today. */
export function newNodeVersion(nodeType: INodeType): number {
	const { version, defaultVersion } = nodeType.description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

/** A chunk the node sent through n8n's streaming hook, with when it arrived. */
export interface ReceivedChunk {
	type: string;
	content?: string;
	itemIndex: number;
	at: number;
}

export interface NodeRunResult {
	run: IRun;
	/** The node's main output items, or [] if it failed. */
	items: INodeExecutionData[];
	/** All outputs (for "Continue (using error output)"). */
	outputs: INodeExecutionData[][];
	/** Chunks sent to the (streaming) webhook caller, in order. */
	chunks: ReceivedChunk[];
	/** The error the engine recorded for the node, if it failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

const NODE_NAME = 'Gemini';

/** n8n's logger, captured instead of printed, so tests can read what a node logged. */
export const logged: Array<{ level: string; message: string }> = [];
const capture = (level: string) => (message: string) => void logged.push({ level, message });
const captureLogger = { error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') };
LoggerProxy.init(captureLogger);
// Node contexts log through the DI container's Logger (n8n-core NodeExecutionContext.logger): take
// the copies n8n-core itself resolves, since npm may nest its own versions under it.
const fromCore = <T>(name: string): T => require(require.resolve(name, { paths: [require.resolve('n8n-core')] })) as T;
const { Container } = fromCore<{ Container: { set(token: unknown, value: unknown): void } }>('@n8n/di');
const { Logger } = fromCore<{ Logger: unknown }>('@n8n/backend-common');
Container.set(Logger, { ...captureLogger, scoped: () => captureLogger });

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject | undefined) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(): Promise<never> {
		throw new Error('not used: the nodes authenticate their own requests');
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		if (!this.data) throw new Error('Node does not have any credentials set');
		return this.data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): [] {
		return [];
	}
}

export function nodeTypesWith(typeName: string, nodeType: INodeType, others: Record<string, INodeType> = {}): INodeTypes {
	const byName = (name: string) => others[name] ?? nodeType;
	return {
		getByName: byName,
		getByNameAndVersion: byName,
		getKnownTypes: () => ({ [typeName]: { className: nodeType.constructor.name, sourcePath: '' } }),
	};
}

function additionalDataFor(
	hooks: ExecutionLifecycleHooks,
	credentials: ICredentialDataDecryptedObject | undefined,
	streamingEnabled: boolean,
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	const partial: Partial<IWorkflowExecuteAdditionalData> = {
		hooks,
		executionId: 'test-execution',
		credentialsHelper: new TestCredentialsHelper(credentials),
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		currentNodeExecutionIndex: 0,
		userId: 'test-user',
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		streamingEnabled,
	};
	return partial as IWorkflowExecuteAdditionalData;
}

export async function runNode(options: RunNodeOptions): Promise<NodeRunResult> {
	const typeName = options.typeName ?? `n8n-nodes-gemini-meter.${options.nodeType.description.name}`;
	const mode = options.mode ?? (options.streaming ? 'webhook' : 'manual');
	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: typeName,
		typeVersion: options.typeVersion ?? newNodeVersion(options.nodeType),
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: options.credentials ? { geminiApi: { id: 'cred-1', name: 'Gemini account' } } : undefined,
		onError: options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined),
	};
	const subNodes = (options.subNodes ?? []).map((sub, index) => ({
		node: {
			id: `sub-node-${index}`,
			name: sub.name,
			type: `test.${sub.name}`,
			typeVersion: 1,
			position: [0, 200],
			parameters: (sub.parameters ?? {}) as INode['parameters'],
		} satisfies INode,
		sub,
	}));
	const nodes = [node, ...subNodes.map((s) => s.node)];
	const connections = Object.fromEntries(
		subNodes.map(({ sub }) => [sub.name, { [sub.connection]: [[{ node: NODE_NAME, type: sub.connection, index: 0 }]] }]),
	);
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'Test',
		active: false,
		isArchived: false,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes: nodeTypesWith(typeName, options.nodeType, Object.fromEntries(subNodes.map(({ node: n, sub }) => [n.type, sub.nodeType]))),
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolve(run));
	});
	const chunks: ReceivedChunk[] = [];
	if (options.streaming) {
		hooks.addHandler('sendChunk', (chunk) => {
			chunks.push({ type: chunk.type, content: chunk.content, itemIndex: chunk.metadata.itemIndex, at: Date.now() });
		});
	}
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [options.items] }, source: null }],
			waitingExecutionSource: null,
		},
	} as Parameters<typeof createRunExecutionData>[0]);
	const execution = new WorkflowExecute(
		additionalDataFor(hooks, options.credentials, options.streaming ?? false),
		mode,
		runExecutionData,
	);
	const running = execution.processRunExecutionData(workflow);
	if (options.cancelAfterMs !== undefined) setTimeout(() => running.cancel(), options.cancelAfterMs);
	const run = await Promise.race([running.catch(() => undefined), finished]).then(async (r) => r ?? (await finished));

	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	const outputs = (taskData?.data?.main ?? []).map((o) => o ?? []);
	return {
		run,
		items: outputs[0] ?? [],
		outputs,
		chunks,
		error: (taskData?.error ?? run.data.resultData.error) as NodeRunResult['error'],
	};
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { demoCredentials, EXAMPLE_CREDENTIAL_ID } from '../../scripts/n8n/examples';
import { latestExecution, OWNER, startN8n, type N8nInstance, type WorkflowRecord } from '../../scripts/n8n/harness';
import { MODELS } from '../fake-gemini/models';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';
import { packageNodes } from '../nodePanel/packageNodes';
import { ARTIFACTS_DIR, openBrowser, type EditorBrowser } from './browser';
import {
	addFromPanel,
	closeNodeDetails,
	modelPickerEntries,
	nodeDetailsHeader,
	openNodeDetails,
	openNodePanel,
	openPanelSubcategory,
	openWorkflow,
	outputJson,
	parameterNames,
	searchNodePanel,
	signIn,
	type PanelEntry,
} from './editorPage';

/**
 * The package as a user meets it: n8n 2.41's editor in Chromium, signed in as the owner, against
 * the real n8n the harness starts and the fake Gemini server. Every node of package.json
 * `n8n.nodes` is looked for, so a node added later is covered. Screenshots go to
 * test-artifacts/editor/.
 */

const API_KEY = 'editor-e2e-key-7f3a';
const RUN_WORKFLOW_ID = 'geminiMeterEdt01';
const nodes = packageNodes();
const actionNodes = nodes.filter((node) => !node.isTrigger);
const triggers = nodes.filter((node) => node.isTrigger);
const generate = nodes.find((node) => node.description.name === 'geminiGenerate')!;

const runWorkflow: WorkflowRecord = {
	id: RUN_WORKFLOW_ID,
	name: 'Gemini Meter: run from the editor',
	nodes: [
		{ id: 'e2e-manual', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'e2e-generate',
			name: 'Gemini Generate',
			type: generate.type,
			typeVersion: 1,
			position: [240, 0],
			credentials: { geminiApi: { id: EXAMPLE_CREDENTIAL_ID, name: 'Gemini API' } },
			parameters: {
				model: { __rl: true, mode: 'list', value: 'gemini-2.5-flash' },
				prompt: 'Name one planet. [[fake:usage prompt=1000 output=200 thoughts=0]]',
			},
		},
	],
	connections: { 'Manual Trigger': { main: [[{ node: 'Gemini Generate', type: 'main', index: 0 }]] } },
	settings: {},
};

/** An AI Agent without a model: the user opens its Chat Model slot and searches "Gemini". */
const agentWorkflow: WorkflowRecord = {
	id: 'geminiMeterSlot1',
	name: 'An AI Agent without a model',
	nodes: [{ id: 'e2e-agent', name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1, position: [0, 0], parameters: { options: {} } }],
	connections: {},
	settings: {},
};
const chatModels = nodes.filter((node) => (node.description.outputs as unknown[]).includes('ai_languageModel'));

let fake: FakeGemini;
let n8n: N8nInstance;
let browser: EditorBrowser;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	n8n = await startN8n({
		credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })],
		workflows: [runWorkflow, agentWorkflow],
		activate: [],
	});
	browser = await openBrowser();
}, 20 * 60_000);

afterAll(async () => {
	if (browser) {
		// The last screen, for when a step failed; and what the editor tried to reach outside.
		await browser.screenshot('99-last-screen').catch(() => {});
		writeFileSync(join(ARTIFACTS_DIR, 'requests-beyond-127.0.0.1.txt'), browser.external.join('\n') + '\n');
	}
	await browser?.close();
	await n8n?.stop();
	await fake?.close();
}, 60_000);

const entryOf = (entries: PanelEntry[], type: string) => entries.find((entry) => entry.key === type);
const own = (node: (typeof nodes)[number]) => ({ name: node.description.displayName, description: node.description.description });

describe('the package in n8n\'s editor, in a browser', () => {
	it('signs the owner in', async () => {
		await signIn(browser.page, n8n.baseUrl, OWNER);
		expect(new URL(browser.page.url()).pathname).not.toBe('/signin');
		await browser.screenshot('01-signed-in');
	}, 120_000);

	it('finds every action node by searching "Gemini" after a trigger, and each by its own name', async () => {
		const { page } = browser;
		await openWorkflow(page, n8n.baseUrl, RUN_WORKFLOW_ID);
		expect(await openNodePanel(page)).toBe('regular');
		const found = await searchNodePanel(page, 'Gemini');
		await browser.screenshot('02-search-gemini-after-trigger');
		for (const node of actionNodes) expect(entryOf(found, node.type)).toMatchObject(own(node));
		for (const node of actionNodes) {
			expect(entryOf(await searchNodePanel(page, node.description.displayName), node.type)).toMatchObject(own(node));
		}
	}, 120_000);

	it('finds each trigger on an empty canvas, by "Gemini", by its name and under "On app event", as its own entry', async () => {
		const { page } = browser;
		await openWorkflow(page, n8n.baseUrl);
		expect(await openNodePanel(page)).toBe('trigger');
		const found = await searchNodePanel(page, 'Gemini');
		await browser.screenshot('03-empty-canvas-search-gemini');
		for (const node of triggers) {
			expect(entryOf(found, node.type)).toMatchObject(own(node));
			expect(entryOf(await searchNodePanel(page, node.description.displayName), node.type)).toMatchObject(own(node));
		}
		// Not folded into the node of the same name (Gemini Batch): that one keeps its own entry too.
		for (const node of triggers) {
			const namesake = actionNodes.find((action) => action.description.name === node.description.name.replace('Trigger', ''));
			if (namesake) expect(entryOf(found, namesake.type)).toMatchObject(own(namesake));
		}

		await searchNodePanel(page, '');
		const appEvents = await openPanelSubcategory(page, '*');
		for (const node of triggers) expect(entryOf(appEvents, node.type)).toMatchObject(own(node));
		await searchNodePanel(page, 'Gemini');
		await browser.screenshot('04-on-app-event-gemini');
	}, 120_000);

	it('opens the parameter panel of every node, with the models of the credential\'s server in the model picker', async () => {
		const { page } = browser;
		const errorsBefore = browser.pageErrors.length;
		await openWorkflow(page, n8n.baseUrl);
		// Triggers first: on an empty canvas the panel offers triggers.
		for (const node of [...triggers, ...actionNodes]) {
			await openNodePanel(page);
			await searchNodePanel(page, node.description.displayName);
			await addFromPanel(page, node.type);
			expect((await parameterNames(page)).length).toBeGreaterThan(0);
			// Named after the node, and "Docs" opens its page (n8n appends tracking parameters).
			const header = await nodeDetailsHeader(page);
			expect(header.title).toBe(node.description.displayName);
			const docsPage = node.codex.resources?.primaryDocumentation?.[0]?.url;
			expect(header.docs).toHaveLength(1);
			expect(header.docs[0] === docsPage || header.docs[0].startsWith(`${docsPage}?`)).toBe(true);
			if (node.description.properties.some((property) => property.name === 'model')) {
				const listed = fake.requests.length;
				const models = await modelPickerEntries(page, async () => await browser.screenshot(`05-panel-${node.file}`));
				expect(fake.requests.slice(listed).some((r) => r.path.startsWith('/v1beta/models') && r.headers['x-goog-api-key'] === API_KEY)).toBe(true);
				const ids = models.map((entry) => /\(([^)]+)\)$/.exec(entry)?.[1]);
				expect(ids).toContain('gemini-2.5-flash');
				for (const id of ids) expect(MODELS.find((model) => model.id === id)?.wire.supportedGenerationMethods).toContain('generateContent');
			}
			else await browser.screenshot(`05-panel-${node.file}`);
			await closeNodeDetails(page);
		}
		expect(browser.pageErrors.slice(errorsBefore)).toEqual([]);
	}, 180_000);

	it('runs Manual Trigger → Gemini Generate from the editor and shows usage and cost in the output panel', async () => {
		const { page } = browser;
		await openWorkflow(page, n8n.baseUrl, RUN_WORKFLOW_ID);
		await page.click('[data-test-id=execute-workflow-button]');
		const execution = await latestExecution(n8n, RUN_WORKFLOW_ID);
		expect(execution).toMatchObject({ status: 'success', mode: 'manual' });
		await openNodeDetails(page, 'Gemini Generate');
		const json = await outputJson(page);
		await browser.screenshot('06-run-output');
		// standard 2.5 Flash: 1000 × 0.30 / 1e6 = 0.0003 input; 200 × 2.50 / 1e6 = 0.0005 output
		expect(json).toMatch(/"usage": \{ "promptTokens": 1000, .*"outputTokens": 200,/);
		expect(json).toMatch(/"cost": \{ "currency": "USD", "input": 0\.0003, .*"output": 0\.0005, "tools": 0, "total": 0\.0008,/);
	}, 120_000);

	it('offers the chat model in the AI Agent\'s Chat Model slot when searching "Gemini"', async () => {
		const { page } = browser;
		expect(chatModels.length).toBeGreaterThan(0);
		await openWorkflow(page, n8n.baseUrl, agentWorkflow.id);
		await page.click('[data-id$="inputs/ai_languageModel/0-target"] [data-test-id="canvas-handle-plus"]');
		await page.waitForSelector('[data-test-id=node-creator] input', { visible: true });
		const found = await searchNodePanel(page, 'Gemini');
		await browser.screenshot('07-agent-model-slot-gemini');
		for (const node of chatModels) expect(found.map((entry) => entry.name)).toContain(node.description.displayName);
	}, 120_000);

	it('sends nothing beyond 127.0.0.1: the only requests the editor tries (and the test aborts) look the package up on npm', () => {
		// n8n's node panel shows the author and downloads of a community package it does not know
		// from its verified list, read from registry.npmjs.org by the browser; nothing disables that.
		const npmLookup = /^GET https:\/\/(registry|api)\.npmjs\.org\/.*n8n-nodes-gemini-meter$/;
		expect(browser.external.filter((request) => !npmLookup.test(request))).toEqual([]);
	});
});


import { chromium, type Browser } from 'playwright-core';

import { OWNER, startN8n, type N8nInstance, type WorkflowRecord } from '../../scripts/n8n/harness';

/**
 * The n8n editor in a real browser (Chromium; CHROMIUM_PATH, default /usr/bin/chromium): the
 * AI Agent's Chat Model slot offers our node when the user searches "Gemini".
 */

const AGENT_ONLY: WorkflowRecord = {
	id: 'geminiMeterSlot1',
	name: 'An AI Agent without a model',
	nodes: [{ id: '1f6b3c2a-0d4e-4f5a-8b6c-7d8e9f0a1b01', name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1, position: [0, 0], parameters: { options: {} } }],
	connections: {},
	settings: { executionOrder: 'v1' },
};

let n8n: N8nInstance;
let browser: Browser;

beforeAll(async () => {
	n8n = await startN8n({ credentials: [], workflows: [AGENT_ONLY], activate: [] });
	browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 20 * 60_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
}, 60_000);

it('shows Gemini Chat Model (Metered) in the AI Agent model slot when searching "Gemini"', async () => {
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	await page.goto(`${n8n.baseUrl}/signin`);
	await page.locator('input[name=emailOrLdapLoginId]').fill(OWNER.email);
	await page.locator('input[name=password]').fill(OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

	await page.goto(`${n8n.baseUrl}/workflow/${AGENT_ONLY.id}`);
	await page.locator('[data-id$="inputs/ai_languageModel/0-target"] [data-test-id="canvas-handle-plus"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').fill('Gemini');
	const names = page.locator('[data-test-id="node-creator-item-name"]');
	await names.filter({ hasText: 'Gemini Chat Model (Metered)' }).first().waitFor();
	expect(await names.allInnerTexts()).toContain('Gemini Chat Model (Metered)');
}, 120_000);

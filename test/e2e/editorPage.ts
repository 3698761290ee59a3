import type { Page } from 'puppeteer-core';

/**
 * The steps of the browser test in n8n 2.41's editor, by the `data-test-id` attributes n8n's own
 * end-to-end tests select on. The node panel marks each entry with `data-keyboard-nav-id`,
 * `<node type>-<uuid>`, which tells entries apart whatever their wording or order.
 */

const CREATOR = '[data-test-id=node-creator]';
const ENTRY = `${CREATOR} [data-test-id=item-iterator-item]`;
const NDV = '[data-test-id=ndv]';

export interface PanelEntry {
	kind: string;
	/** The node type (`n8n-nodes-gemini-meter.geminiBatch`) or subcategory key (`*`). */
	key: string;
	name: string;
	description: string;
}

/** The little of the DOM the in-page callbacks use (this project compiles without lib "dom"). */
interface InPage {
	document: { querySelector(selector: string): { value?: string; innerText?: string } | null };
	location: { pathname: string };
	requestAnimationFrame(callback: () => void): void;
}

const entrySelector = (key: string) => `${ENTRY}[data-keyboard-nav-id^="${key}-"]`;
const nextFrame = async (page: Page) =>
	await page.evaluate(async () => await new Promise<void>((done) => (globalThis as unknown as InPage).requestAnimationFrame(done)));

export async function signIn(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'networkidle2' });
	await page.type('input[name=emailOrLdapLoginId]', owner.email);
	await page.type('input[name=password]', owner.password);
	await page.click('[data-test-id=form-submit-button]');
	await page.waitForFunction(() => (globalThis as unknown as InPage).location.pathname !== '/signin');
	await page.waitForNetworkIdle({ idleTime: 500, concurrency: 2 }); // the push connection stays open
}

export async function openWorkflow(page: Page, baseUrl: string, id = 'new'): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${id}`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('[data-test-id=canvas]', { visible: true });
}

/**
 * Opens the node panel as a user does: from "Add first step" on an empty canvas, where it offers
 * triggers ("What triggers this workflow?"), else from the canvas's + button. Returns the mode.
 */
export async function openNodePanel(page: Page): Promise<'trigger' | 'regular'> {
	const emptyCanvas = await page.$('[data-test-id=canvas-plus-button]');
	await page.click(emptyCanvas ? '[data-test-id=canvas-plus-button]' : '[data-test-id=node-creator-plus-button]');
	await page.waitForSelector(`${CREATOR} input`, { visible: true });
	return emptyCanvas ? 'trigger' : 'regular';
}

export async function panelEntries(page: Page): Promise<PanelEntry[]> {
	return await page.$$eval(ENTRY, (elements) =>
		elements.map((element) => ({
			kind: element.getAttribute('data-keyboard-nav-type') ?? '',
			key: (element.getAttribute('data-keyboard-nav-id') ?? '').replace(/-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/, ''),
			name: element.querySelector('[data-test-id=node-creator-item-name]')?.textContent?.trim() ?? '',
			description: element.querySelector('[data-test-id=node-creator-item-description]')?.textContent?.trim() ?? '',
		})),
	);
}

export async function searchNodePanel(page: Page, text: string): Promise<PanelEntry[]> {
	const input = `${CREATOR} input`;
	// Focus, not click: the panel may still be sliding in, and n8n focuses the field itself.
	await page.focus(input);
	await page.keyboard.down('Control');
	await page.keyboard.press('KeyA');
	await page.keyboard.up('Control');
	await page.keyboard.press('Backspace');
	await page.type(input, text);
	await page.waitForFunction(
		(selector, value) => (globalThis as unknown as InPage).document.querySelector(selector)?.value === value,
		{},
		input,
		text,
	);
	return await settledEntries(page);
}

/** The entries once two readings a moment apart agree (the list re-renders as the search changes). */
async function settledEntries(page: Page): Promise<PanelEntry[]> {
	let last = '';
	for (let reading = 0; reading < 30; reading++) {
		await nextFrame(page);
		await new Promise((done) => setTimeout(done, 150));
		const entries = await panelEntries(page);
		const now = JSON.stringify(entries);
		if (now === last) return entries;
		last = now;
	}
	throw new Error('the node panel list did not settle');
}

/** Opens a subcategory of the panel, e.g. `*` ("On app event" in trigger mode). */
export async function openPanelSubcategory(page: Page, key: string): Promise<PanelEntry[]> {
	await page.click(entrySelector(key));
	await page.waitForSelector('[data-test-id=nodes-list-header] button', { visible: true }); // the back arrow
	return await settledEntries(page);
}

/**
 * Adds a node from the panel and waits for its parameter panel. A community node first shows
 * its details with an "Add to workflow" entry; a node with actions would list them instead.
 */
export async function addFromPanel(page: Page, type: string): Promise<void> {
	await page.click(entrySelector(type));
	for (let step = 0; step < 3; step++) {
		const opened = await page
			.waitForSelector(`${NDV} [data-test-id=node-parameters]`, { visible: true, timeout: 3_000 })
			.then(() => true, () => false);
		if (opened) return;
		await page.click(entrySelector(type));
	}
	throw new Error(`adding ${type} from the node panel did not open its parameter panel`);
}

/** The node's name in the panel's title, and where the panel's "Docs" link goes. */
export async function nodeDetailsHeader(page: Page): Promise<{ title: string; docs: string[] }> {
	const title = await page.$eval(`${NDV} [data-test-id=node-title-container] [data-test-id=inline-edit-preview]`, (element) =>
		(element.textContent ?? '').trim(),
	);
	const docs = await page.$$eval(`${NDV} a`, (links) =>
		links.filter((link) => link.textContent?.trim() === 'Docs').map((link) => link.getAttribute('href') ?? ''),
	);
	return { title, docs };
}

export async function parameterNames(page: Page): Promise<string[]> {
	return await page.$$eval(`${NDV} [data-test-id^=parameter-input-]`, (elements) =>
		elements.map((element) => (element.getAttribute('data-test-id') ?? '').replace('parameter-input-', '')),
	);
}

/** Opens the Model picker and returns the entries it lists (`whileOpen` runs before it closes). */
export async function modelPickerEntries(page: Page, whileOpen: () => Promise<void> = async () => {}): Promise<string[]> {
	await page.click(`${NDV} [data-test-id=resource-locator-model] [data-test-id=rlc-input]`);
	await page.waitForSelector('[data-test-id=rlc-item]', { visible: true });
	const entries = await page.$$eval('[data-test-id=rlc-item]', (items) => items.map((item) => item.textContent?.trim() ?? ''));
	await whileOpen();
	await page.keyboard.press('Escape');
	return entries;
}

export async function closeNodeDetails(page: Page): Promise<void> {
	await page.click(`${NDV} [data-test-id=ndv-close-button]`);
	await page.waitForSelector(`${NDV} [data-test-id=node-parameters]`, { hidden: true });
}

export async function openNodeDetails(page: Page, nodeName: string): Promise<void> {
	const node = await page.waitForSelector(`[data-test-id=canvas-node][data-node-name="${nodeName}"]`, { visible: true });
	await node!.click({ count: 2 });
	await page.waitForSelector(`${NDV} [data-test-id=node-parameters]`, { visible: true });
}

/** The output panel's JSON view as text, whitespace collapsed. */
export async function outputJson(page: Page): Promise<string> {
	await page.click(`${NDV} [data-test-id=output-panel] [data-test-id=radio-button-json]`);
	const container = `${NDV} [data-test-id=output-panel] [data-test-id=ndv-data-container]`;
	await page.waitForFunction(
		(selector) => ((globalThis as unknown as InPage).document.querySelector(selector)?.innerText ?? '').includes('{'),
		{},
		container,
	);
	const text = await page.$eval(container, (element) => (element as unknown as { innerText: string }).innerText);
	return text.replace(/\s+/g, ' ');
}

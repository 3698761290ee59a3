import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';

/**
 * Debian's Chromium driven by puppeteer-core, kept on 127.0.0.1: every request the page makes
 * to another host is aborted and recorded, and Chromium's own background traffic is switched off.
 */

export const ARTIFACTS_DIR = resolve(__dirname, '..', '..', 'test-artifacts', 'editor');

function executable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** CHROMIUM_PATH, else `chromium` on PATH; a clear error (never a skipped test) when neither exists. */
export function chromiumPath(): string {
	const configured = process.env.CHROMIUM_PATH;
	if (configured) {
		if (!executable(configured)) throw new Error(`CHROMIUM_PATH is set to ${configured}, which is not an executable file`);
		return configured;
	}
	const found = (process.env.PATH ?? '')
		.split(delimiter)
		.map((dir) => join(dir, 'chromium'))
		.find(executable);
	if (!found) {
		throw new Error(
			'The editor browser test needs Chromium: install it (Debian: apt-get install -y chromium; .ci/run does this) ' +
				'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
		);
	}
	return found;
}

export interface EditorBrowser {
	page: Page;
	/** Requests the page tried to send beyond 127.0.0.1 (all aborted). */
	external: string[];
	/** Uncaught errors in the page. */
	pageErrors: string[];
	screenshot(name: string): Promise<void>;
	close(): Promise<void>;
}

function leavesLocalhost(request: HTTPRequest): boolean {
	const url = new URL(request.url());
	return /^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1';
}

export async function openBrowser(): Promise<EditorBrowser> {
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const profile = mkdtempSync(join(tmpdir(), 'gemini-meter-chromium-'));
	let browser: Browser | undefined;
	try {
		browser = await puppeteer.launch({
			executablePath: chromiumPath(),
			headless: true,
			defaultViewport: { width: 1440, height: 900 },
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				`--user-data-dir=${profile}`,
			],
		});
		const page = await browser.newPage();
		const external: string[] = [];
		const pageErrors: string[] = [];
		await page.setRequestInterception(true);
		page.on('request', (request) => {
			if (leavesLocalhost(request)) {
				external.push(`${request.method()} ${request.url()}`);
				void request.abort();
			} else {
				void request.continue();
			}
		});
		page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));
		// Leaving a workflow with unsaved changes asks first; the test always leaves.
		page.on('dialog', (dialog) => void dialog.accept());
		const opened = browser;
		return {
			page,
			external,
			pageErrors,
			screenshot: async (name) => {
				await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
			},
			close: async () => {
				await opened.close();
				rmSync(profile, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await browser?.close();
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
}

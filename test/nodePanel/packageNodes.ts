import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

/** Every node the package registers (package.json `n8n.nodes`), with its description and codex. */

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-gemini-meter';

export interface Codex {
	node: string;
	categories?: string[];
	subcategories?: Record<string, string[]>;
	alias?: string[];
	resources?: { primaryDocumentation?: Array<{ url: string }>; credentialDocumentation?: Array<{ url: string }> };
}

export interface PackageNode {
	/** Folder and file stem, e.g. `GeminiBatch`. */
	file: string;
	/** The node type in saved workflows, e.g. `n8n-nodes-gemini-meter.geminiBatch`. */
	type: string;
	description: INodeTypeDescription;
	codex: Codex;
	isTrigger: boolean;
}

function registeredFiles(): string[] {
	const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	return pkg.n8n.nodes.map((path) => {
		const match = /^dist\/nodes\/([^/]+)\/\1\.node\.js$/.exec(path);
		if (!match) throw new Error(`unexpected node path in package.json n8n.nodes: ${path}`);
		return match[1];
	});
}

/** Read from the sources, so the list needs no build; n8n loads the same classes from dist/. */
export function packageNodes(): PackageNode[] {
	return registeredFiles().map((file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(resolve(REPO_ROOT, 'nodes', file, `${file}.node`)) as Record<string, new () => INodeType>;
		const description = new module[file]().description;
		const codex = JSON.parse(readFileSync(resolve(REPO_ROOT, 'nodes', file, `${file}.node.json`), 'utf8')) as Codex;
		return { file, type: `${PACKAGE_NAME}.${description.name}`, description, codex, isTrigger: description.group.includes('trigger') };
	});
}

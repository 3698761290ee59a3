import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { NodeHelpers, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

import {
	APP_SUBCATEGORY,
	foldedInto,
	hiddenFromSearch,
	panelActionCount,
	panelSubcategories,
	type PanelNode,
} from './nodePanelRules';
import { packageNodes, REPO_ROOT, type Codex } from './packageNodes';

/**
 * Where n8n's node panel puts each node of the package, by the rules of nodePanelRules.ts. A node
 * added later is checked the same way: it only has to be listed in package.json `n8n.nodes`.
 */

const DOCS_URL = 'https://github.com/n8n-nodes-gemini-meter/n8n-nodes-gemini-meter/blob/main/';
const nodes = packageNodes();

function description(name: string, group: string[], operations: string[] = []): INodeTypeDescription {
	return {
		name,
		displayName: name,
		group,
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: operations.length
			? [{ displayName: 'Operation', name: 'operation', type: 'options', default: operations[0], options: operations.map((value) => ({ name: value, value })) }]
			: [],
	} as INodeTypeDescription;
}

describe('the node panel rules, on codex files of n8n itself', () => {
	it('search shows an AI node only with the "Root Nodes" subcategory, as n8n\'s Google Gemini node has', () => {
		const builtInGemini: Codex = { node: 'googleGemini', categories: ['AI'], subcategories: { AI: ['Agents', 'Miscellaneous', 'Root Nodes'] } };
		const withoutRootNodes: Codex = { node: 'x', categories: ['AI'], subcategories: { AI: ['Agents', 'Miscellaneous'] } };
		expect(hiddenFromSearch(builtInGemini)).toBe(false);
		expect(hiddenFromSearch(withoutRootNodes)).toBe(true);
		expect(hiddenFromSearch({ node: 'gmail', categories: ['Communication'] })).toBe(false);
	});

	it('lists app triggers such as Gmail Trigger under "On app event", AI nodes under their AI subcategories', () => {
		expect(panelSubcategories({ node: 'gmailTrigger', categories: ['Communication'] })).toEqual([APP_SUBCATEGORY]);
		expect(panelSubcategories({ node: 'x', categories: ['AI'], subcategories: { AI: ['Root Nodes'] } })).toEqual(['Root Nodes']);
	});

	it('folds Gmail Trigger into Gmail, which has operations, and a trigger whose node has none into nothing', () => {
		const app: Codex = { node: 'app', categories: ['Communication'] };
		const gmail = { description: description('gmail', ['transform'], ['send', 'get']), codex: app };
		const gmailTrigger = { description: description('gmailTrigger', ['trigger']), codex: app };
		expect(panelActionCount(gmail)).toBe(2);
		expect(foldedInto(gmailTrigger, [gmail, gmailTrigger])).toBe('gmail');
		const plain = { description: description('plain', ['transform']), codex: app };
		expect(foldedInto({ description: description('plainTrigger', ['trigger']), codex: app }, [plain])).toBeUndefined();
	});
});

it('every codex file in nodes/ belongs to a node package.json registers, so the rules below see it', () => {
	const codexFiles = readdirSync(resolve(REPO_ROOT, 'nodes'), { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.node.json'));
	expect(codexFiles.sort()).toEqual(nodes.map((node) => `${node.file}/${node.file}.node.json`).sort());
});

describe.each(nodes.map((node) => [node.description.displayName, node] as const))('%s in the node panel', (_name, node) => {
	it('has a codex file naming its node type', () => {
		expect(node.codex.node).toBe(node.type);
	});

	it('is found by search', () => {
		expect(hiddenFromSearch(node.codex)).toBe(false);
	});

	it('is named after itself when added, as n8n names new nodes (makeNodeName)', () => {
		const { description } = node;
		const defaults = NodeHelpers.getNodeParameters(description.properties, {}, true, false, null, description) as INodeParameters;
		expect(NodeHelpers.makeNodeName(defaults, description)).toBe(description.displayName);
	});

	if (node.isTrigger) {
		it('is listed under "On app event" with its own entry, not folded into another node', () => {
			expect(panelSubcategories(node.codex)).toContain(APP_SUBCATEGORY);
			expect(foldedInto(node, nodes as PanelNode[])).toBeUndefined();
		});
	}

	it('links to its own documentation page, a URL without an anchor that n8n can add parameters to', () => {
		const urls = (node.codex.resources?.primaryDocumentation ?? []).map((d) => d.url);
		expect(urls).toHaveLength(1);
		const [url] = urls;
		expect(url.startsWith(`${DOCS_URL}docs/nodes/`)).toBe(true);
		expect(url).toMatch(/^[^#?]+\.md$/);
		const page = resolve(REPO_ROOT, url.slice(DOCS_URL.length));
		expect(existsSync(page)).toBe(true);
		expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${node.description.displayName}`);
	});
});

describe('AI agent tools', () => {
	it('are Gemini Generate and Gemini Extract only: Stream answers a webhook caller, a batch job takes hours', () => {
		const tools = nodes.filter((node) => Boolean(node.description.usableAsTool)).map((node) => node.description.name);
		expect(tools.sort()).toEqual(['geminiExtract', 'geminiGenerate']);
	});
});

import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { geminiApiTest, geminiVertexAiTest } from '../methods/credentialTest';
import { searchModels } from '../methods/listSearch';
import { REQUEST_OPTIONS_VERSION } from '../parameters/properties';

/**
 * The description fields every Gemini node shares. Names, icon, subtitle, credentials (with
 * `testedBy`) stay literal in each node file, where n8n's lint rules look for them.
 */
export const geminiNodeBase = {
	group: ['transform'],
	// 1.1 moved retries, timeout, concurrency and prices into Request Options (properties.ts).
	version: [1, REQUEST_OPTIONS_VERSION],
	defaultVersion: REQUEST_OPTIONS_VERSION,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
} satisfies Partial<INodeTypeDescription>;

/** Shows the chosen model under the node's name on the canvas. */
export const MODEL_SUBTITLE =
	'={{ typeof $parameter["model"] === "object" ? $parameter["model"].value : $parameter["model"] }}';

/** Model picker and credential test, for every Gemini node. */
export const geminiNodeMethods = {
	listSearch: { searchModels },
	credentialTest: { geminiApiTest, geminiVertexAiTest },
};

import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { compareCosts } from '../shared/governance/compare';
import { summarizeCosts } from '../shared/governance/summarize';
import { compareTable, summaryTable, type TableFormat } from '../shared/governance/table';
import { geminiApiTest } from '../shared/methods/credentialTest';
import { isServiceTier, PRICE_TABLE, type PriceTable, type ServiceTier } from '../shared/pricing';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { costProperties } from './costProperties';
import { sourceNodeNames } from './sourceNodes';

/** The price table Compare uses: the credentials' (with the instance's file) when set, else the built-in one. */
async function executionPrices(ctx: IExecuteFunctions): Promise<PriceTable> {
	if (!ctx.getNode().credentials?.geminiApi) return PRICE_TABLE;
	return (await connectionFromCredentials(ctx)).prices;
}

function pickedTiers(ctx: IExecuteFunctions): ServiceTier[] {
	const tiers = ctx.getNodeParameter('compareTiers', 0, []) as unknown[];
	const bad = tiers.find((tier) => !isServiceTier(tier));
	if (bad !== undefined) throw new NodeOperationError(ctx.getNode(), `Tiers to Compare (compareTiers): unknown tier ${JSON.stringify(bad)}`);
	return tiers as ServiceTier[];
}

/**
 * Rolls up the usage and cost our nodes put on items: Summarize (totals and breakdowns) or Compare
 * (what-if under other models and tiers). Makes no request and spends nothing.
 */
// Not an AI tool: called by an agent it would see only the tool call's own input, never the
// workflow's metered items, so it would always report an empty roll-up.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class GeminiCost implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Cost',
		name: 'geminiCost',
		icon: { light: 'file:geminiCost.svg', dark: 'file:geminiCost.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Sum up and compare the Gemini cost on items: totals, breakdowns, what-if under other models and tiers',
		defaults: { name: 'Gemini Cost' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Optional: only for the credentials' own price table (Compare); without it the built-in table prices.
		credentials: [{ name: 'geminiApi', required: false, testedBy: 'geminiApiTest' }],
		properties: costProperties,
	};

	methods = { credentialTest: { geminiApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as 'summarize' | 'compare';
		const format = this.getNodeParameter('output', 0, 'items') as 'items' | TableFormat;
		const pairedItem = items.map((_, item) => ({ item }));
		if (operation === 'summarize') {
			const runsPerDay = this.getNodeParameter('runsPerDay', 0, 0) as number;
			if (!Number.isFinite(runsPerDay) || runsPerDay < 0) {
				throw new NodeOperationError(this.getNode(), `Runs per Day (runsPerDay) must be a number ≥ 0; got ${JSON.stringify(runsPerDay)}`);
			}
			const sources = sourceNodeNames(this, items);
			const summary = summarizeCosts(items.map((item, i) => ({ json: item.json, source: sources[i] })), { runsPerDay });
			const json = { ...summary, ...(format === 'items' ? {} : { table: summaryTable(summary, format) }) } as unknown as IDataObject;
			return [[{ json, pairedItem }]];
		}
		const models = (this.getNodeParameter('compareModels', 0, '') as string)
			.split(',')
			.map((model) => model.trim().replace(/^models\//, ''))
			.filter(Boolean);
		const rows = compareCosts(
			items.map((item) => item.json),
			{ models, tiers: pickedTiers(this) },
			await executionPrices(this),
		);
		if (format !== 'items') return [[{ json: { rows, table: compareTable(rows, format) } as unknown as IDataObject, pairedItem }]];
		return [rows.map((row) => ({ json: row as unknown as IDataObject, pairedItem }))];
	}
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EXAMPLE_IDS, EXAMPLES_DIR, demoCredentials } from '../../scripts/n8n/examples';
import { latestExecution, nodeOutput, startN8n, type N8nInstance, type WorkflowRecord } from '../../scripts/n8n/harness';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';

/**
 * Cost governance in a real n8n 2.41: the cost-governance example (budget, fallback, Gemini Cost
 * Summarize and Compare) and Gemini Cost after Generate and Extract merged. Expected amounts are
 * hand-computed from the built-in price table (https://ai.google.dev/gemini-api/docs/pricing):
 * 2.5 Flash $0.30 / $2.50, 2.5 Pro $1.25 / $10, 2.5 Flash-Lite Flex $0.05 / $0.20 per 1M tokens.
 */

const API_KEY = 'e2e-cost-secret-key-b61f';
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as WorkflowRecord;
const EXAMPLE = read(join(EXAMPLES_DIR, 'cost-governance-webhook.json'));
const TWO_NODES = read(join(__dirname, 'saved-workflows', 'cost-generate-extract.json'));
const USAGE = '[[fake:usage prompt=1000 output=200 thoughts=0]]';
let fake: FakeGemini;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: API_KEY });
	n8n = await startN8n({ credentials: [demoCredentials({ apiKey: API_KEY, baseUrl: fake.url })], workflows: [EXAMPLE, TWO_NODES] });
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
}, 60_000);

/** Exact decimal sum of amounts, via whole picodollars. */
const picoSum = (amounts: number[]) => amounts.reduce((sum, usd) => sum + BigInt(Math.round(usd * 1e12)), 0n);
const pico = (usd: number) => BigInt(Math.round(usd * 1e12));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the cost-governance example in a real n8n', () => {
	it('spends within the budget, falls back on 503, and reports totals and what-if rows', async () => {
		const answer = await n8n.callWebhook('gemini-meter/cost-report', {
			// Item 1: Flash answers 503 on every attempt, Pro answers. Item 3 would pass the $0.005 budget.
			prompts: [`One ${USAGE}`, `Two [[fake:503 model=gemini-2.5-flash]] ${USAGE}`, `Three ${USAGE}`, `Four ${USAGE}`],
			budgetUsd: 0.005,
			runsPerDay: 10,
		});
		expect(answer.status).toBe(200);
		const [summary, compare] = answer.body as Json[];

		const execution = await latestExecution(n8n, EXAMPLE_IDS['cost-governance-webhook']);
		expect(execution.status).toBe('success');
		const generated = nodeOutput(execution, 'Gemini Generate').map((item) => item.json as Json);
		expect(generated.map((item) => item.skipped ?? item.model)).toEqual(['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash', 'budget']);
		expect(nodeOutput(execution, 'Gemini Generate').map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		// Fallback: Pro 1000 × 1.25 + 200 × 10 = 0.00325; the failed Flash calls were not billed
		expect(generated[1].cost.total).toBe(0.00325);
		expect(generated[1].warnings[0]).toMatch(/gemini-2\.5-flash failed this item \(503 UNAVAILABLE.*fallback model gemini-2\.5-pro/);
		// 0.0008 + 0.00325 + 0.0008 = 0.00485; item 3's estimate (≈ 0.00064) would pass 0.005
		expect(generated[3]).toMatchObject({ prompt: `Four ${USAGE}`, budget: { spentUsd: 0.00485, ceilingUsd: 0.005 } });

		const costs = generated.filter((item) => item.cost).map((item) => item.cost.total as number);
		expect(pico(summary.cost.total)).toBe(picoSum(costs));
		expect(summary.cost.total).toBe(0.00485);
		expect(summary).toMatchObject({ items: 3, inputItems: 4, itemsWithoutUsage: 1, unknownPricedItems: 0 });
		expect(summary.byModel['gemini-2.5-flash']).toMatchObject({ items: 2, cost: { total: 0.0016 } });
		expect(summary.byModel['gemini-2.5-pro']).toMatchObject({ items: 1, cost: { total: 0.00325 } });
		expect(summary.bySourceNode['Gemini Generate'].items).toBe(3);
		expect(summary.projection).toMatchObject({ perDay: 0.0485, perMonth: 1.455 });
		expect(summary.table).toContain('| Total | 3 | 3600 | $0.00485 |');

		// Same tokens (3 × 1000 in, 3 × 200 out) on Flash: Standard 0.0024, Flex half of it
		const rows = compare.rows as Json[];
		const flash = (tier: string) => rows.find((row) => row.model === 'gemini-2.5-flash' && row.tier === tier)!;
		expect(flash('standard').total).toBe(0.0024);
		expect(pico(flash('flex').total) * 2n).toBe(pico(flash('standard').total));
		expect(rows.every((row) => row.whatIf === true && row.paid === 0.00485)).toBe(true);
		expect(compare.table).toMatch(/What-if/);
	});
});

describe('Gemini Cost after Generate and Extract, merged, in a real n8n', () => {
	it('totals equal the items’ costs to the last digit and each node is its own group', async () => {
		const json = `[[fake:json='{"a":2}']]`;
		const prompts = [`A ${json} [[fake:usage prompt=1237 output=411 thoughts=0]]`, `B ${json} [[fake:usage prompt=997 output=3 thoughts=0]]`, `C ${json} [[fake:usage prompt=3331 output=77 thoughts=0]]`];
		const answer = await n8n.callWebhook('gemini-meter/cost-two-nodes', { prompts });
		expect(answer.status).toBe(200);
		const [summary] = answer.body as Json[];

		const execution = await latestExecution(n8n, 'geminiMeterCost02');
		expect(execution.status).toBe('success');
		const generate = nodeOutput(execution, 'Gemini Generate').map((item) => (item.json as Json).cost.total as number);
		const extract = nodeOutput(execution, 'Gemini Extract').map((item) => (item.json as Json).cost.total as number);
		expect(pico(summary.cost.total)).toBe(picoSum([...generate, ...extract]));
		expect(pico(summary.bySourceNode['Gemini Generate'].cost.total)).toBe(picoSum(generate));
		expect(pico(summary.bySourceNode['Gemini Extract'].cost.total)).toBe(picoSum(extract));
		expect(summary.bySourceNode['Gemini Extract'].items).toBe(3);
		expect(Object.keys(summary.byModel).sort()).toEqual(['gemini-2.5-flash', 'gemini-2.5-flash-lite']);
		expect(Object.keys(summary.byTier).sort()).toEqual(['flex', 'standard']);
		expect(pico(summary.byTier.flex.cost.total)).toBe(picoSum(extract));
		// Flash-Lite on Flex: 1237 × 0.05 + 411 × 0.20 per 1M = 0.00014405
		expect(extract[0]).toBe(0.00014405);
	});
});

/**
 * `npm run demo`: Gemini Generate over a few items, executed by n8n's own engine (n8n-core's
 * WorkflowExecute), against the local fake Gemini server, or against the real API when
 * GEMINI_API_KEY is set. Prints usage, served tier and cost per item.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { GeminiGenerate } from '../nodes/GeminiGenerate/GeminiGenerate.node';
import { startFakeGemini } from '../test/fake-gemini/server';
import { runNode } from '../test/n8n/engine';

const questions = [
	{ question: 'In one sentence: why do invoices need due dates?', tier: 'standard' },
	{ question: 'In one sentence: what is a webhook?', tier: 'flex' },
	{ question: 'In one sentence: what does n8n do?', tier: 'priority' },
];

async function main() {
	const realKey = process.env.GEMINI_API_KEY;
	const fake = realKey ? undefined : await startFakeGemini();
	const credentials = realKey
		? { apiKey: realKey, baseUrl: process.env.GEMINI_BASE_URL ?? 'https://generativelanguage.googleapis.com' }
		: { apiKey: fake!.apiKey, baseUrl: fake!.url };
	console.log(realKey ? `Using the real Gemini API at ${credentials.baseUrl}` : `Using the fake Gemini server at ${fake!.url}`);
	try {
		const result = await runNode({
			nodeType: new GeminiGenerate(),
			parameters: {
				model: { __rl: true, mode: 'id', value: process.env.GEMINI_MODEL ?? 'gemini-2.5-flash' },
				prompt: '={{ $json.question }}',
				serviceTier: '={{ $json.tier }}',
				options: { maxOutputTokens: 200 },
			},
			items: questions.map((json) => ({ json })),
			credentials,
			continueOnFail: true,
		});
		const rows = result.items.map((item, i) => {
			const j = item.json as IDataObject & { usage?: IDataObject; cost?: IDataObject; serviceTier?: IDataObject };
			return {
				item: i,
				tier: j.serviceTier ? `${j.serviceTier.requested} → ${j.serviceTier.served}` : '-',
				tokens: j.usage?.totalTokens ?? '-',
				costUsd: j.cost?.total ?? (j.error ? 'error' : 'unknown'),
				latencyMs: j.latencyMs ?? '-',
				answer: String(j.text ?? j.error ?? '').slice(0, 60),
			};
		});
		console.table(rows);
		const out = join(mkdtempSync(join(tmpdir(), 'gemini-meter-demo-')), 'outputs.json');
		writeFileSync(out, JSON.stringify(result.items, null, 2));
		console.log(`Full output items: ${out}`);
		if (result.error) process.exitCode = 1;
	} finally {
		await fake?.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});

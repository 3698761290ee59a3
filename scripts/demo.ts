/**
 * `npm run demo`: a real n8n with this package loaded runs the example workflows in examples/,
 * triggered through their webhook URLs like any outside system would, against the local fake
 * Gemini server (or the real API when GEMINI_API_KEY is set). The table is read back from n8n's
 * own execution records.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { computeCost, usageFromMetadata, type ServiceTier } from '../nodes/shared/pricing';
import { startFakeGemini, type FakeGemini } from '../test/fake-gemini/server';
import { loadExamples, demoCredentials, EXAMPLE_IDS } from './n8n/examples';
import { modelCallEntries, nodeOutput, startN8n, type Execution, type N8nInstance } from './n8n/harness';

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
	workflow: string;
	item: number | string;
	tokens: number | string;
	tier: string;
	costUsd: number | string | null;
	priceTable: string;
	timeMs: number | string;
}

/** The cost the price table gives for the item's own usage numbers, to show the node agrees. */
function tableCheck(json: Record<string, unknown>): string {
	const usage = json.usage as Record<string, number> | undefined;
	const cost = json.cost as { total: number | null } | undefined;
	const tier = (json.serviceTier as { served?: ServiceTier } | undefined)?.served;
	if (!usage || !cost || !tier) return '-';
	const expected = computeCost({
		model: String(json.model),
		tier,
		usage: usageFromMetadata({
			promptTokenCount: usage.promptTokens,
			cachedContentTokenCount: usage.cachedTokens,
			candidatesTokenCount: usage.outputTokens,
			thoughtsTokenCount: usage.thoughtsTokens,
			toolUsePromptTokenCount: usage.toolUsePromptTokens,
			totalTokenCount: usage.totalTokens,
		}),
	}).total;
	return expected === cost.total ? 'matches' : `expected ${expected}`;
}

function rowsOf(workflow: string, execution: Execution | undefined): Row[] {
	if (!execution) return [{ workflow, item: '-', tokens: '-', tier: '-', costUsd: 'no execution', priceTable: '-', timeMs: '-' }];
	const geminiNode = Object.keys(execution.data?.resultData.runData ?? {}).find((name) => name.startsWith('Gemini')) ?? '';
	// A chat model under an AI Agent has no items: one row per model call, from its log entries.
	const outputs = nodeOutput(execution, geminiNode).map((item) => item.json);
	return (outputs.length ? outputs : modelCallEntries(execution, geminiNode)).map((json, index) => {
		const tier = json.serviceTier as { requested: string; served: string } | undefined;
		return {
			workflow,
			item: index,
			tokens: (json.usage as { totalTokens?: number } | undefined)?.totalTokens ?? '-',
			tier: tier ? (tier.requested === tier.served ? tier.served : `${tier.requested} → ${tier.served}`) : '-',
			costUsd: json.error ? `error: ${String(json.error).slice(0, 50)}` : ((json.cost as { total: number | null } | undefined)?.total ?? null),
			priceTable: tableCheck(json),
			timeMs: (json.latencyMs as number | undefined) ?? '-',
		};
	});
}

async function main(): Promise<void> {
	const realKey = process.env.GEMINI_API_KEY;
	let fake: FakeGemini | undefined;
	let n8n: N8nInstance | undefined;
	const cleanUp = async () => {
		await n8n?.stop();
		await fake?.close();
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			log(`\n${signal}: stopping n8n and the fake server…`);
			void cleanUp().then(() => process.exit(130));
		});
	}
	try {
		if (!realKey) fake = await startFakeGemini();
		const credentials = realKey
			? { apiKey: realKey, baseUrl: process.env.GEMINI_BASE_URL ?? 'https://generativelanguage.googleapis.com' }
			: { apiKey: fake!.apiKey, baseUrl: fake!.url };
		log(realKey ? `Gemini: the real API at ${credentials.baseUrl}` : `Gemini: the local fake server at ${fake!.url}`);

		const started = Date.now();
		n8n = await startN8n({ credentials: [demoCredentials(credentials)], workflows: loadExamples(), log });
		log(`n8n ${n8n.runtime.version} is up at ${n8n.baseUrl} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

		const ask = await n8n.callWebhook('gemini-meter/ask', { prompt: 'In one sentence: what is a webhook?', tier: 'priority' });
		log(`POST /webhook/gemini-meter/ask → ${ask.status} in ${ask.durationMs} ms`);
		const questions = await n8n.callWebhook('gemini-meter/questions', {
			tier: 'flex',
			questions: [
				'What is n8n?',
				'Why do invoices have due dates?',
				'What does a context cache save?',
				'Name one use of a Flex service tier.',
			],
		});
		log(`POST /webhook/gemini-meter/questions → ${questions.status} in ${questions.durationMs} ms`);
		const streamed = await n8n.streamWebhook('gemini-meter/stream', {
			prompt: realKey
				? 'Write four short sentences about rivers.'
				: 'Rivers carve valleys, carry silt, feed deltas and join the sea [[fake:chunk-interval=100]]',
		});
		const deltas = streamed.lines.filter((l) => l.chunk.type === 'item');
		log(
			`POST /webhook/gemini-meter/stream → ${streamed.status}: ${deltas.length} text chunks, first after ` +
				`${deltas.length ? deltas[0].at - streamed.startedAt : '-'} ms, last after ${streamed.endedAt - streamed.startedAt} ms`,
		);

		const extracted = await n8n.callWebhook('gemini-meter/extract', {
			from: 'Ada Lovelace <ada@example.com>',
			subject: 'Order 1043',
			text: realKey
				? 'Hello, please add 2 analytical engines and 5 punch cards to order 1043. I need an answer by 2026-12-01.'
				: 'Please add 2 engines to order 1043. [[fake:json-violation times=1]]',
		});
		log(
			`POST /webhook/gemini-meter/extract → ${extracted.status}, ${String((extracted.body as Array<{ attempts?: number }>)[0]?.attempts)} attempt(s)`,
		);

		// The fake calls a declared function only when asked to; the real model decides for itself.
		const toolPrompt = `What is the weather in Paris right now? Use the weather tool.${realKey ? '' : ' [[fake:function-call]]'}`;
		const tooled = await n8n.callWebhook('gemini-meter/tools', { prompt: toolPrompt });
		const toolCalls = (tooled.body as Array<{ toolCalls?: unknown[] }>)[0]?.toolCalls?.length ?? 0;
		log(`POST /webhook/gemini-meter/tools → ${tooled.status}, ${toolCalls} tool call(s) by the model, every round billed`);

		const agentQuestion = `What is 6 times 7? Use the calculator.${realKey ? '' : ` [[fake:call=Calculator args='{"input":"6*7"}']]`}`;
		const agent = await n8n.callWebhook('gemini-meter/agent', { question: agentQuestion, sessionId: 'demo' });
		const agentAnswer = (Array.isArray(agent.body) ? agent.body[0] : agent.body) as { costUsd?: string; modelCalls?: number } | undefined;
		log(
			`POST /webhook/gemini-meter/agent → ${agent.status}: AI Agent with Gemini Chat Model (Metered), ` +
				`${String(agentAnswer?.modelCalls)} model call(s) costing ${String(agentAnswer?.costUsd)} USD in all`,
		);

		// A real Batch API job may take minutes to hours: the demo runs it against the fake only.
		const batched = realKey
			? { status: 200, durationMs: 0 }
			: await n8n.callWebhook('gemini-meter/batch', {
					prompts: ['Why do rivers meander?', 'Why do tides rise?', 'What is a delta?'],
				});
		log(
			realKey
				? 'Skipping the batch example with the real API (a job may take hours); see examples/batch-submit.json'
				: `POST /webhook/gemini-meter/batch → ${batched.status} in ${batched.durationMs} ms (a Batch API job, submitted and waited for)`,
		);

		const executions: Record<string, Execution | undefined> = {};
		for (const [name, id] of Object.entries(EXAMPLE_IDS)) {
			// The trigger example polls once a minute; the end-to-end tests wait for it.
			if (name === 'batch-trigger-results' || name === 'agent-stream-webhook' || (realKey && name === 'batch-submit')) continue;
			executions[name] = (await n8n.executions(id))[0];
		}
		const rows = Object.entries(executions).flatMap(([name, execution]) => rowsOf(name, execution));
		console.table(rows);
		const known = rows.map((r) => r.costUsd).filter((c): c is number => typeof c === 'number');
		// Summed in whole picodollars, as the cost engine does, so the total has no float noise.
		const totalPico = known.reduce((sum, usd) => sum + Math.round(usd * 1e12), 0);
		console.log(`Total cost of ${known.length} priced items: ${totalPico / 1e12} USD`);

		const out = join(mkdtempSync(join(tmpdir(), 'gemini-meter-demo-')), 'executions.json');
		writeFileSync(out, JSON.stringify(executions, null, 2));
		console.log(`Full execution records from n8n: ${out}`);
		if ([ask, questions, streamed, extracted, tooled, agent, batched].some((answer) => answer.status !== 200)) process.exitCode = 1;
	} finally {
		await cleanUp();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});

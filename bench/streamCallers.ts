/**
 * The streaming-latency bench's callers: each reads one stream and notes when every text chunk
 * arrived (performance.now(), sub-millisecond), through keep-alive connections that stay warm.
 *
 * - fake: straight to the fake server's `streamGenerateContent?alt=sse` (what any client sees of
 *   the server: its first event and its spacing);
 * - webhook: a real n8n's streaming webhook, read as NDJSON (`{"type":"item","content":…}` lines,
 *   https://docs.n8n.io/workflows/streaming/), keeping the `item` chunks of one node.
 */
import { Agent, request } from 'undici';

import { parseSseStream } from '../nodes/shared/transport/sse';

/** When the request left and when each text chunk arrived, ms on this process's clock. */
export interface StreamTiming {
	startedAt: number;
	chunkAt: number[];
	texts: string[];
	/** n8n's own timestamp on the first text chunk (its `metadata.timestamp`, epoch ms): when the node sent it. */
	firstSentAt?: number;
}

const agent = new Agent({ keepAliveTimeout: 60_000 });

export async function closeCallers(): Promise<void> {
	await agent.close();
}

export async function callFake(fakeUrl: string, apiKey: string, model: string, prompt: string): Promise<StreamTiming> {
	const startedAt = performance.now();
	const response = await request(`${fakeUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`, {
		method: 'POST',
		dispatcher: agent,
		headers: { 'content-type': 'application/json', 'x-goog-api-key': apiKey },
		body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
	});
	if (response.statusCode !== 200) throw new Error(`the fake answered ${response.statusCode}: ${await response.body.text()}`);
	const timing: StreamTiming = { startedAt, chunkAt: [], texts: [] };
	for await (const event of parseSseStream(response.body)) {
		const parts = (event as { candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }> }).candidates?.[0]?.content?.parts ?? [];
		const text = parts.map((part) => part.text ?? '').join('');
		if (!text) continue;
		timing.chunkAt.push(performance.now());
		timing.texts.push(text);
	}
	return timing;
}

interface Chunk {
	type: string;
	content?: string;
	metadata?: { nodeName?: string; timestamp?: number };
}

/** POSTs `body` to a streaming webhook and keeps the `item` chunks of the nodes named `nodeName…`; retries a 404 for a few seconds (registration lags activation). */
export async function callWebhook(baseUrl: string, path: string, body: unknown, nodeName: string): Promise<StreamTiming> {
	for (const deadline = performance.now() + 15_000; ; ) {
		const startedAt = performance.now();
		const response = await request(`${baseUrl}/webhook/${path}`, {
			method: 'POST',
			dispatcher: agent,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (response.statusCode === 404 && performance.now() < deadline) {
			await response.body.text();
			await new Promise((resolve) => setTimeout(resolve, 200));
			continue;
		}
		if (response.statusCode !== 200) throw new Error(`webhook ${path} answered ${response.statusCode}: ${await response.body.text()}`);
		const timing: StreamTiming = { startedAt, chunkAt: [], texts: [] };
		const decoder = new TextDecoder();
		let buffer = '';
		for await (const bytes of response.body) {
			const at = performance.now();
			buffer += decoder.decode(bytes as Buffer, { stream: true });
			for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
				const line = buffer.slice(0, newline).trim();
				buffer = buffer.slice(newline + 1);
				const chunk = line ? (JSON.parse(line) as Chunk) : undefined;
				if (chunk?.type !== 'item' || !chunk.metadata?.nodeName?.startsWith(nodeName)) continue;
				timing.chunkAt.push(at);
				timing.texts.push(chunk.content ?? '');
				timing.firstSentAt ??= chunk.metadata.timestamp;
			}
		}
		return timing;
	}
}

import { RequestSpool } from '../../../nodes/shared/batch/requestSpool';
import { jsonlChunks, measureJsonl, type BatchEntry } from '../../../nodes/shared/batch/requests';

/** The spool's JSONL is byte for byte what the streaming encoder gives for the same entries. */

const request = (text: string, extra: object = {}) => ({ contents: [{ role: 'user', parts: [{ text }] }], ...extra });

const entries: BatchEntry[] = [
	{ key: 'r1', request: request('Hello') },
	{ key: 'r"2', request: request('Zeile mit\nUmbruch, "Anführungszeichen" und 世界 👋') },
	{ key: '3', request: request('x', { generationConfig: { temperature: 0 } }) },
	// Longer than a spool chunk (1 MiB): a chunk of its own.
	{ key: 'big', request: request('é'.repeat(700_000)) },
	{ key: 'after', request: request('the last one') },
];

function spoolOf(list: BatchEntry[]): RequestSpool {
	const spool = new RequestSpool();
	for (const { key, request: r } of list) spool.add(key, JSON.stringify(r));
	return spool;
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const parts: Uint8Array[] = [];
	for await (const chunk of chunks) parts.push(chunk);
	return Buffer.concat(parts);
}

describe('RequestSpool', () => {
	it('holds the same JSONL bytes as jsonlChunks, and knows their size without a pass', async () => {
		const spool = spoolOf(entries);
		const expected = await bytesOf(jsonlChunks(entries));
		expect((await bytesOf(spool.chunks())).equals(expected)).toBe(true);
		expect(spool.size).toEqual(await measureJsonl(entries));
		expect(spool.size.bytes).toBe(expected.length);
	});

	it('can be read again (a retried upload) and decodes its entries back in order', async () => {
		const spool = spoolOf(entries);
		const once = await bytesOf(spool.chunks());
		expect((await bytesOf(spool.chunks())).equals(once)).toBe(true);
		const decoded: BatchEntry[] = [];
		for await (const entry of spool.entries()) decoded.push(entry);
		expect(decoded).toEqual(entries);
	});

	it('fills chunks with whole lines only', async () => {
		const many = Array.from({ length: 20_000 }, (_, i) => ({ key: String(i), request: request(`prompt number ${i}`) }));
		const chunks: Uint8Array[] = [];
		for await (const chunk of spoolOf(many).chunks()) chunks.push(chunk);
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) expect(chunk[chunk.length - 1]).toBe(0x0a);
	});

	it('an empty spool has no bytes and no chunks', async () => {
		const spool = new RequestSpool();
		expect(spool.size).toEqual({ bytes: 0, lines: 0 });
		expect((await bytesOf(spool.chunks())).length).toBe(0);
	});
});

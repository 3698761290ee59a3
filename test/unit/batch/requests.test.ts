import {
	batchRequestLine,
	fileBatchBody,
	INLINE_LIMIT_BYTES,
	inlineBatchBody,
	jsonlChunks,
	measureJsonl,
	type BatchEntry,
} from '../../../nodes/shared/batch/requests';

const request = (text: string) => ({ contents: [{ role: 'user', parts: [{ text }] }] });

const entries: BatchEntry[] = [
	{ key: 'r1', request: request('Hello') },
	{ key: 'r2', request: request('Zeile mit\nUmbruch, "Anführungszeichen" und 世界 👋') },
	{ key: 'r3', request: { ...request('x'), generationConfig: { temperature: 0 } } },
];

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
	const out: Uint8Array[] = [];
	for await (const chunk of chunks) out.push(chunk);
	return out;
}

describe('batchRequestLine', () => {
	it('writes one JSON object and a newline, with newlines inside strings escaped', () => {
		const line = batchRequestLine('r2', entries[1].request);
		expect(line.endsWith('\n')).toBe(true);
		expect(line.indexOf('\n')).toBe(line.length - 1);
		expect(JSON.parse(line)).toEqual({ key: 'r2', request: entries[1].request });
	});
});

describe('batch bodies', () => {
	it('nests inline requests under inputConfig.requests.requests with the key in metadata', () => {
		expect(inlineBatchBody('nightly', entries.slice(0, 2))).toEqual({
			batch: {
				displayName: 'nightly',
				inputConfig: {
					requests: {
						requests: [
							{ request: entries[0].request, metadata: { key: 'r1' } },
							{ request: entries[1].request, metadata: { key: 'r2' } },
						],
					},
				},
			},
		});
	});

	it('points a file batch at the uploaded file', () => {
		expect(fileBatchBody('nightly', 'files/abc')).toEqual({ batch: { displayName: 'nightly', inputConfig: { fileName: 'files/abc' } } });
	});

	it('has the 20 MB inline limit', () => {
		expect(INLINE_LIMIT_BYTES).toBe(20 * 1024 * 1024);
	});
});

describe('jsonlChunks and measureJsonl', () => {
	it('encodes exactly the measured bytes, and decodes back to the entries', async () => {
		const chunks = await collect(jsonlChunks(entries));
		const bytes = Buffer.concat(chunks);
		expect(await measureJsonl(entries)).toEqual({ bytes: bytes.length, lines: 3 });
		const lines = bytes.toString('utf8').split('\n');
		expect(lines.pop()).toBe('');
		expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(entries);
	});

	it('groups whole lines into chunks of about the target size', async () => {
		const many = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, request: request('y'.repeat(90)) }));
		const lineBytes = Buffer.byteLength(batchRequestLine('k100', many[100].request));
		const chunks = await collect(jsonlChunks(many, 1000));
		expect(chunks.length).toBeGreaterThan(10);
		for (const chunk of chunks.slice(0, -1)) {
			expect(chunk.length).toBeGreaterThanOrEqual(1000);
			expect(chunk.length).toBeLessThan(1000 + lineBytes);
			expect(chunk[chunk.length - 1]).toBe(0x0a);
		}
		expect(Buffer.concat(chunks).length).toBe((await measureJsonl(many)).bytes);
	});

	it('gives a line longer than the target a chunk of its own, and nothing for no entries', async () => {
		const long = [{ key: 'big', request: request('z'.repeat(5000)) }];
		const chunks = await collect(jsonlChunks(long, 100));
		expect(chunks).toHaveLength(1);
		expect(chunks[0].length).toBe((await measureJsonl(long)).bytes);
		expect(await collect(jsonlChunks([]))).toEqual([]);
		expect(await measureJsonl([])).toEqual({ bytes: 0, lines: 0 });
	});

	it('pulls entries lazily', async () => {
		let produced = 0;
		function* source(): Generator<BatchEntry> {
			for (let i = 0; i < 10_000; i++) {
				produced++;
				yield { key: `k${i}`, request: request('lazy') };
			}
		}
		const iterator = jsonlChunks(source(), 1024)[Symbol.asyncIterator]();
		await iterator.next();
		expect(produced).toBeLessThan(50);
		await iterator.return(undefined);
	});

	it('accepts async entries', async () => {
		async function* source(): AsyncGenerator<BatchEntry> {
			yield* entries;
		}
		expect(Buffer.concat(await collect(jsonlChunks(source()))).length).toBe((await measureJsonl(entries)).bytes);
	});
});

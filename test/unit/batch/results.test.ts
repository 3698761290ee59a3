import { jsonlChunks, measureJsonl, type BatchEntry } from '../../../nodes/shared/batch/requests';
import { parseJsonlStream, type BatchResultLine } from '../../../nodes/shared/batch/results';

const bytes = (text: string) => new TextEncoder().encode(text);

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
	for (const chunk of chunks) yield chunk;
}

async function parseAll(chunks: readonly Uint8Array[]): Promise<BatchResultLine[]> {
	const out: BatchResultLine[] = [];
	for await (const result of parseJsonlStream(fromChunks(chunks))) out.push(result);
	return out;
}

const response = (text: string) => ({
	candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP' }],
	usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 },
});

/** Three results with 2-, 3- and 4-byte UTF-8 characters, one an error. */
const FILE = [
	JSON.stringify({ key: 'é-1', response: response('Grüße, 世界') }),
	JSON.stringify({ key: 'r2', error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } }),
	JSON.stringify({ key: 'r3', response: response('emoji 👋🏽 end') }),
].join('\n') + '\n';

const EXPECTED: BatchResultLine[] = [
	{ key: 'é-1', response: response('Grüße, 世界'), line: 1 },
	{ key: 'r2', error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' }, line: 2 },
	{ key: 'r3', response: response('emoji 👋🏽 end'), line: 3 },
];

describe('parseJsonlStream', () => {
	it('parses the whole file in one chunk', async () => {
		expect(await parseAll([bytes(FILE)])).toEqual(EXPECTED);
	});

	it('gives the same results at every single byte split (lines and characters split across chunks)', async () => {
		const all = bytes(FILE);
		for (let split = 0; split <= all.length; split++) {
			expect(await parseAll([all.subarray(0, split), all.subarray(split)])).toEqual(EXPECTED);
		}
	});

	it('gives the same results at every pair of splits of a short body', async () => {
		const all = bytes('{"key":"ä","response":{}}\n{"key":"世","response":{"t":"👋"}}');
		const expected = [
			{ key: 'ä', response: {}, line: 1 },
			{ key: '世', response: { t: '👋' }, line: 2 },
		];
		for (let a = 0; a <= all.length; a++) {
			for (let b = a; b <= all.length; b++) {
				expect(await parseAll([all.subarray(0, a), all.subarray(a, b), all.subarray(b)])).toEqual(expected);
			}
		}
	});

	it('parses one byte at a time', async () => {
		const all = bytes(FILE);
		expect(await parseAll(Array.from(all, (byte) => Uint8Array.of(byte)))).toEqual(EXPECTED);
	});

	it('handles CRLF line ends, also split between \\r and \\n', async () => {
		const crlf = bytes(FILE.replace(/\n/g, '\r\n'));
		expect(await parseAll([crlf])).toEqual(EXPECTED);
		const firstCr = crlf.indexOf(0x0d);
		expect(await parseAll([crlf.subarray(0, firstCr + 1), crlf.subarray(firstCr + 1)])).toEqual(EXPECTED);
	});

	it('parses a last line without a newline', async () => {
		expect(await parseAll([bytes(FILE.trimEnd())])).toEqual(EXPECTED);
	});

	it('skips blank lines but counts them', async () => {
		const lines = FILE.split('\n');
		const spaced = `\n${lines[0]}\n\n   \n${lines[1]}\r\n\r\n${lines[2]}\n\n`;
		expect((await parseAll([bytes(spaced)])).map((r) => [r.key, r.line])).toEqual([
			['é-1', 2],
			['r2', 5],
			['r3', 7],
		]);
		expect(await parseAll([])).toEqual([]);
		expect(await parseAll([bytes('\n\n')])).toEqual([]);
	});

	it('reports a malformed line and keeps going', async () => {
		const lines = FILE.split('\n');
		const broken = `${lines[0]}\n{"key":"r2","response":{\n[1,2]\n${lines[2]}\n{"key":"r5"`;
		expect(await parseAll([bytes(broken)])).toEqual([
			EXPECTED[0],
			{ line: 2, error: { message: 'line 2 is not valid JSON' } },
			{ line: 3, error: { message: 'line 3 is not a JSON object' } },
			{ ...EXPECTED[2], line: 4 },
			{ line: 5, error: { message: 'line 5 is not valid JSON' } },
		]);
	});

	it('ignores a byte-order mark', async () => {
		expect(await parseAll([Uint8Array.of(0xef, 0xbb), Uint8Array.of(0xbf), bytes(FILE)])).toEqual(EXPECTED);
	});
});

describe('jsonlChunks → parseJsonlStream', () => {
	it('round-trips 100,000 requests lazily, within a few seconds', async () => {
		const count = 100_000;
		function* entries(): Generator<BatchEntry> {
			for (let i = 0; i < count; i++) {
				yield { key: `req-${i}`, request: { contents: [{ role: 'user', parts: [{ text: `Frage ${i}: wie geht's? ✓` }] }] } };
			}
		}
		const started = Date.now();
		const { bytes: total, lines } = await measureJsonl(entries());
		expect(lines).toBe(count);
		let streamed = 0;
		let largestChunk = 0;
		async function* counted(): AsyncGenerator<Uint8Array> {
			for await (const chunk of jsonlChunks(entries())) {
				streamed += chunk.length;
				largestChunk = Math.max(largestChunk, chunk.length);
				yield chunk;
			}
		}
		let seen = 0;
		const wrong: BatchResultLine[] = [];
		for await (const result of parseJsonlStream(counted())) {
			// Plain comparisons: 300,000 expect() calls would cost more than the pipeline itself.
			if (result.key !== `req-${seen}` || result.error !== undefined || result.line !== seen + 1) wrong.push(result);
			seen++;
		}
		expect(wrong.slice(0, 3)).toEqual([]);
		expect(seen).toBe(count);
		expect(streamed).toBe(total);
		expect(largestChunk).toBeLessThan(256 * 1024 + 1024);
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});

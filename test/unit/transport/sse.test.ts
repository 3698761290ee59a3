import { GeminiApiError } from '../../../nodes/shared/transport/googleError';
import { parseSseEvent, parseSseStream } from '../../../nodes/shared/transport/sse';

async function* source(chunks: ReadonlyArray<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
	for (const chunk of chunks) yield chunk;
}

async function collect(chunks: ReadonlyArray<Uint8Array | string>): Promise<unknown[]> {
	const events: unknown[] = [];
	for await (const event of parseSseStream(source(chunks))) events.push(event);
	return events;
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** Two Gemini-like chunks; the first text has 2-, 3- and 4-byte UTF-8 characters. */
const first = { candidates: [{ content: { role: 'model', parts: [{ text: 'Héllo 世界 👋' }] } }], usageMetadata: { promptTokenCount: 3 } };
const second = {
	candidates: [{ content: { role: 'model', parts: [{ text: '', thoughtSignature: 'c2ln' }] }, finishReason: 'STOP' }],
	usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 5, totalTokenCount: 8 },
};

function stream(lineEnd: string): string {
	return `data: ${JSON.stringify(first)}${lineEnd}${lineEnd}data: ${JSON.stringify(second)}${lineEnd}${lineEnd}`;
}

const FRAMINGS: Array<[string, string]> = [
	['CRLF', '\r\n'],
	['LF', '\n'],
	['CR', '\r'],
];

describe('parseSseEvent', () => {
	it('parses the JSON of a data line, with or without the space after the colon', () => {
		expect(parseSseEvent('data: {"a":1}')).toEqual({ a: 1 });
		expect(parseSseEvent('data:{"a":1}')).toEqual({ a: 1 });
	});

	it('joins multi-line data with \\n before parsing', () => {
		expect(parseSseEvent('data: {"text":\ndata: "two lines"}')).toEqual({ text: 'two lines' });
		expect(parseSseEvent('data: {"a":\r\ndata: 1}')).toEqual({ a: 1 });
	});

	it('ignores comments and the event, id and retry fields', () => {
		expect(parseSseEvent(': keep-alive\nevent: message\nid: 7\nretry: 1000\ndata: {"a":1}')).toEqual({ a: 1 });
	});

	it('is undefined for a block without data, and for [DONE]', () => {
		expect(parseSseEvent('')).toBeUndefined();
		expect(parseSseEvent(': ping')).toBeUndefined();
		expect(parseSseEvent('event: end')).toBeUndefined();
		expect(parseSseEvent('data: [DONE]')).toBeUndefined();
	});

	it('passes a mid-stream error object through for the caller to raise', () => {
		expect(parseSseEvent('data: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}')).toEqual({
			error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' },
		});
	});

	it('refuses data that is not JSON with a stream GeminiApiError quoting it', () => {
		let thrown: unknown;
		try {
			parseSseEvent('data: <html>Bad Gateway</html>');
		} catch (error) {
			thrown = error;
		}

		expect(thrown).toBeInstanceOf(GeminiApiError);
		expect((thrown as GeminiApiError).kind).toBe('stream');
		expect((thrown as GeminiApiError).message).toBe('The stream sent an event that is not JSON: <html>Bad Gateway</html>');
	});

	it('quotes at most 200 characters of a bad payload', () => {
		expect(() => parseSseEvent(`data: ${'x'.repeat(1_000)}`)).toThrow(new RegExp(`not JSON: x{200}$`));
	});
});

describe('parseSseStream', () => {
	it.each(FRAMINGS)('splits %s-framed events', async (_, lineEnd) => {
		expect(await collect([bytes(stream(lineEnd))])).toEqual([first, second]);
	});

	it.each(FRAMINGS)('finds every %s event when the stream is split at any byte offset', async (_, lineEnd) => {
		const whole = bytes(stream(lineEnd));
		for (let offset = 1; offset < whole.length; offset++) {
			const events = await collect([whole.slice(0, offset), whole.slice(offset)]);
			if (events.length !== 2 || JSON.stringify(events) !== JSON.stringify([first, second])) {
				throw new Error(`split at byte ${offset} of ${whole.length} gave ${JSON.stringify(events)}`);
			}
		}
	});

	it.each(FRAMINGS)('finds every %s event when each byte arrives on its own', async (_, lineEnd) => {
		const whole = bytes(stream(lineEnd));

		expect(await collect(Array.from(whole, (byte) => Uint8Array.of(byte)))).toEqual([first, second]);
	});

	it('does not end a CRLF event at a chunk boundary between \\r and \\n', async () => {
		const events = await collect([bytes('data: {"a":1}\r'), bytes('\n\r'), bytes('\ndata: {"a":2}\r\n\r\n')]);

		expect(events).toEqual([{ a: 1 }, { a: 2 }]);
	});

	it('decodes a multi-byte character split across chunks', async () => {
		const whole = bytes('data: {"t":"€👋"}\n\n');
		const euro = whole.indexOf(0xe2);

		expect(await collect([whole.slice(0, euro + 1), whole.slice(euro + 1, euro + 5), whole.slice(euro + 5)])).toEqual([
			{ t: '€👋' },
		]);
	});

	it('yields each event as soon as its blank line arrives', async () => {
		let sent = 0;
		async function* slow() {
			sent = 1;
			yield 'data: {"n":1}\n\n';
			sent = 2;
			yield 'data: {"n":2}\n\n';
		}
		const events = parseSseStream(slow());

		expect((await events.next()).value).toEqual({ n: 1 });
		expect(sent).toBe(1);
		expect((await events.next()).value).toEqual({ n: 2 });
		expect((await events.next()).done).toBe(true);
	});

	it('reads multi-line data and skips comment-only events', async () => {
		const events = await collect([': keep-alive\n\ndata: {"a":\ndata: [1,2]}\n\n: ping\n\n']);

		expect(events).toEqual([{ a: [1, 2] }]);
	});

	it('yields a trailing event without a final blank line', async () => {
		expect(await collect(['data: {"a":1}\n\ndata: {"a":2}'])).toEqual([{ a: 1 }, { a: 2 }]);
		expect(await collect(['data: {"a":1}\r\n'])).toEqual([{ a: 1 }]);
	});

	it('yields nothing for an empty stream or trailing blank lines', async () => {
		expect(await collect([])).toEqual([]);
		expect(await collect(['data: {"a":1}\n\n', '\n\n'])).toEqual([{ a: 1 }]);
	});

	it('accepts string chunks', async () => {
		expect(await collect(['data: {"a"', ':1}\r\n', '\r\n'])).toEqual([{ a: 1 }]);
	});

	it('finds the same events however a mixed stream (comments, multi-line data, every framing) is cut into reads', async () => {
		const text = `: hi\r\n\r\ndata: {"a":1}\r\n\r\nevent: x\ndata: {"b":\ndata: 2}\n\ndata: {"c":3}\r\rdata: [DONE]\r\n\r\ndata: {"d":"\u20ac"}\r\n\r\n`;
		const whole = bytes(text);
		const expected = [{ a: 1 }, { b: 2 }, { c: 3 }, { d: '€' }];
		let seed = 7;
		const nextSize = () => ((seed = (seed * 48_271) % 2_147_483_647) % 7) + 1;
		for (let run = 0; run < 200; run++) {
			const reads: Uint8Array[] = [];
			for (let at = 0; at < whole.length; ) {
				const size = nextSize();
				reads.push(whole.slice(at, at + size));
				at += size;
			}
			expect(await collect(reads)).toEqual(expected);
		}
	});

	it('keeps two streams read in turns apart', async () => {
		const one = parseSseStream(source(['data: {"s":1,', '"n":1}\r\n\r\ndata: {"s":1,"n":2}', '\r\n\r\n']));
		const two = parseSseStream(source(['data: {"s":2,"n":1}\n', '\ndata: {"s":2,"n":2}\n\n']));
		const read: unknown[] = [];
		for (let turn = 0; turn < 3; turn++) {
			for (const events of [one, two]) {
				const next = await events.next();
				if (!next.done) read.push(next.value);
			}
		}

		expect(read).toEqual([{ s: 1, n: 1 }, { s: 2, n: 1 }, { s: 1, n: 2 }, { s: 2, n: 2 }]);
	});

	it('throws a GeminiApiError on an event that is not JSON, after yielding the ones before it', async () => {
		const events: unknown[] = [];
		let thrown: unknown;
		try {
			for await (const event of parseSseStream(source(['data: {"a":1}\n\ndata: oops\n\ndata: {"a":3}\n\n']))) events.push(event);
		} catch (error) {
			thrown = error;
		}

		expect(events).toEqual([{ a: 1 }]);
		expect(thrown).toBeInstanceOf(GeminiApiError);
		expect((thrown as GeminiApiError).message).toBe('The stream sent an event that is not JSON: oops');
	});
});

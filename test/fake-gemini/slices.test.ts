import { endsInsideCharacter, MAX_SLICE, seededRandom, Slicer } from './slices';

const encode = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const frame = (text: string): Uint8Array => encode(`data: {"text":${JSON.stringify(text)}}\r\n\r\n`);
const sizes = (slices: Uint8Array[]): number[] => slices.map((slice) => slice.length);

describe('seededRandom', () => {
	it('repeats its sequence for the same seed and differs for another', () => {
		const a = seededRandom('resp-1');
		const b = seededRandom('resp-1');
		const c = seededRandom('resp-2');
		const first = Array.from({ length: 5 }, a);

		expect(Array.from({ length: 5 }, b)).toEqual(first);
		expect(Array.from({ length: 5 }, c)).not.toEqual(first);
		expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
	});
});

describe('Slicer', () => {
	const long = frame('x'.repeat(2_000));

	it('cuts a frame into consecutive slices of 1–64 bytes that add up to it', () => {
		const slices = new Slicer('seed').cut(long);

		expect(Buffer.concat(slices).equals(Buffer.from(long))).toBe(true);
		expect(slices.length).toBeGreaterThan(long.length / MAX_SLICE);
		expect(Math.max(...sizes(slices))).toBeLessThanOrEqual(MAX_SLICE);
		expect(Math.min(...sizes(slices))).toBeGreaterThanOrEqual(1);
		expect(new Set(sizes(slices)).size).toBeGreaterThan(10);
	});

	it('cuts the same way for the same seed, differently for another', () => {
		expect(sizes(new Slicer('resp-1').cut(long))).toEqual(sizes(new Slicer('resp-1').cut(long)));
		expect(sizes(new Slicer('resp-1').cut(long))).not.toEqual(sizes(new Slicer('resp-2').cut(long)));
	});

	it('cuts inside a multi-byte character of every frame that has one', () => {
		const slicer = new Slicer('chars');
		for (const text of ['Grüße', '東京', '🚀 ok', 'naïve café 👋']) {
			const slices = slicer.cut(frame(text));

			expect(slices.slice(0, -1).some(endsInsideCharacter)).toBe(true);
		}
	});

	it('cuts inside the \\r\\n\\r\\n of every other event', () => {
		const slicer = new Slicer('boundary');
		// The last slice holds the whole boundary only when it is at least 4 bytes long.
		const lastSizes = Array.from({ length: 6 }, () => slicer.cut(frame('plain ascii text')).at(-1)?.length ?? 0);

		expect(lastSizes.filter((_, index) => index % 2 === 0).every((size) => size < 4)).toBe(true);
	});

	it('returns a short frame whole when no cut falls inside it', () => {
		expect(new Slicer('x').cut(encode('['))).toEqual([encode('[')]);
		expect(new Slicer('x').cut(new Uint8Array(0))).toEqual([]);
	});
});

/**
 * Cutting a streamed body into small, irregular byte slices, the way a real network delivers it:
 * sizes of 1–64 bytes from a PRNG seeded with the responseId (the same answer is always cut the
 * same way), plus deliberate cuts inside multi-byte UTF-8 characters and inside the `\r\n\r\n`
 * that ends an SSE event, so that clients have to reassemble both.
 */

export const MIN_SLICE = 1;
export const MAX_SLICE = 64;

const EVENT_END = Buffer.from('\r\n\r\n');

/** FNV-1a: a 32-bit seed from any string. */
function hashSeed(seed: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < seed.length; i++) {
		hash ^= seed.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** mulberry32: small, fast and good enough to vary slice sizes; returns floats in [0, 1). */
export function seededRandom(seed: string): () => number {
	let state = hashSeed(seed);
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A UTF-8 continuation byte (10xxxxxx): cutting just before one splits a character. */
function isContinuation(byte: number): boolean {
	return (byte & 0xc0) === 0x80;
}

/** True when the bytes stop before all continuation bytes of their last character (for tests). */
export function endsInsideCharacter(bytes: Uint8Array): boolean {
	let lead = bytes.length - 1;
	while (lead >= 0 && isContinuation(bytes[lead])) lead--;
	if (lead < 0) return false;
	const needed = bytes[lead] >= 0xf0 ? 3 : bytes[lead] >= 0xe0 ? 2 : bytes[lead] >= 0xc0 ? 1 : 0;
	return bytes.length - 1 - lead < needed;
}

/** Offsets that fall inside a multi-byte character. */
function insideCharacterOffsets(bytes: Uint8Array): number[] {
	const offsets: number[] = [];
	for (let i = 1; i < bytes.length; i++) if (isContinuation(bytes[i])) offsets.push(i);
	return offsets;
}

function endsWithEventEnd(bytes: Uint8Array): boolean {
	return bytes.length >= EVENT_END.length && Buffer.from(bytes.subarray(bytes.length - EVENT_END.length)).equals(EVENT_END);
}

const pick = <T>(random: () => number, values: T[]): T => values[Math.floor(random() * values.length)];

/**
 * Cuts frames into slices; the PRNG runs on from frame to frame. A slice never spans two frames,
 * so each event is complete before the stream waits for the next one.
 */
export class Slicer {
	private readonly random: () => number;
	private frames = 0;

	constructor(seed: string) {
		this.random = seededRandom(seed);
	}

	/** The frame's bytes as consecutive slices of 1–64 bytes (the forced cuts may make some shorter). */
	cut(frame: Uint8Array): Uint8Array[] {
		const cuts = new Set<number>(this.randomCuts(frame.length));
		for (const cut of this.forcedCuts(frame)) cuts.add(cut);
		const sorted = [...cuts].filter((cut) => cut > 0 && cut < frame.length).sort((a, b) => a - b);
		const slices: Uint8Array[] = [];
		let start = 0;
		for (const cut of [...sorted, frame.length]) {
			slices.push(frame.subarray(start, cut));
			start = cut;
		}
		this.frames += 1;
		return slices.filter((slice) => slice.length > 0);
	}

	private randomCuts(length: number): number[] {
		const cuts: number[] = [];
		let at = 0;
		for (;;) {
			at += MIN_SLICE + Math.floor(this.random() * (MAX_SLICE - MIN_SLICE + 1));
			if (at >= length) return cuts;
			cuts.push(at);
		}
	}

	/** One cut inside a multi-byte character (if the frame has any); inside `\r\n\r\n` on every other event. */
	private forcedCuts(frame: Uint8Array): number[] {
		const cuts: number[] = [];
		const inside = insideCharacterOffsets(frame);
		if (inside.length > 0) cuts.push(pick(this.random, inside));
		// Every other event only, so that clients also see the boundary arrive whole.
		if (this.frames % 2 === 0 && endsWithEventEnd(frame)) cuts.push(frame.length - pick(this.random, [1, 2, 3]));
		return cuts;
	}
}

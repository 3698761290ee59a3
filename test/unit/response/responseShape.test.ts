import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseGenerateResponse, parseResponseWithSchema } from '../../../nodes/shared/response/mapGenerateResponse';
import { isPlainResponse } from '../../../nodes/shared/response/responseShape';
import { GeminiApiError } from '../../../nodes/shared/transport/googleError';
import { parseSseEvent } from '../../../nodes/shared/transport/sse';

type Json = Record<string, unknown>;

const RECORDINGS = join(__dirname, '..', '..', 'fixtures', 'gemini-recordings');

/** Real answers (generate bodies and every event of the recorded streams), plus shapes the recordings lack. */
function corpus(): Array<[string, unknown]> {
	const bodies: Array<[string, unknown]> = [];
	for (const file of readdirSync(RECORDINGS).filter((name) => name.endsWith('.json'))) {
		const recording = JSON.parse(readFileSync(join(RECORDINGS, file), 'utf8')) as { kind: string; body?: unknown; sse?: string };
		if (recording.kind === 'generate') bodies.push([file, recording.body]);
		if (recording.kind === 'stream') {
			recording.sse!.split(/\r?\n\r?\n/).filter((block) => block.trim()).forEach((block, index) => bodies.push([`${file} event ${index}`, parseSseEvent(block)]));
		}
	}
	bodies.push(
		['a signed function call and a thought', { candidates: [{ content: { role: 'model', parts: [{ text: 'plan', thought: true }, { functionCall: { name: 'f', args: { a: [1, null] } }, thoughtSignature: 'c2ln' }] }, index: 0 }] }],
		['safety ratings and a finish message', { candidates: [{ finishReason: 'SAFETY', finishMessage: 'no', safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH', blocked: true }] }] }],
		['a blocked prompt', { promptFeedback: { blockReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'LOW' }] } }],
		['Vertex usage', { usageMetadata: { promptTokenCount: 3, trafficType: 'ON_DEMAND', candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }] } }],
		['an empty object', {}],
	);
	return bodies;
}

/** What parsing does with `event`: the value it returns, or the error it throws (class, kind, message). */
function outcome(parse: (event: unknown) => unknown, event: unknown): unknown {
	try {
		return { value: parse(event) };
	} catch (error) {
		const apiError = error as GeminiApiError;
		return { error: { isGeminiApiError: error instanceof GeminiApiError, kind: apiError.kind, message: apiError.message } };
	}
}

/** Every path to a value inside `value` (objects and arrays), the root excluded. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
	if (value === null || typeof value !== 'object') return [];
	const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((element, index) => [index, element]) : Object.entries(value);
	return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function replaced(body: unknown, path: Array<string | number>, replacement: unknown): unknown {
	// Not structuredClone: under jest it returns objects of another realm (another Object.prototype),
	// which parseGenerateResponse rightly hands to zod, so the fast check would never be exercised.
	const copy = JSON.parse(JSON.stringify(body)) as Json;
	let parent = copy as unknown as Json;
	for (const key of path.slice(0, -1)) parent = parent[key] as Json;
	parent[path.at(-1) as string] = replacement;
	return copy;
}

const REPLACEMENTS: unknown[] = [null, 42, Number.NaN, 'text', true, [], {}, [{}], [null]];

describe('parseGenerateResponse', () => {
	const bodies = corpus();

	it.each(bodies)('takes the fast path for a real answer and returns what zod returns (%s)', (_, body) => {
		expect(isPlainResponse(body)).toBe(true);
		expect(parseGenerateResponse(body)).toStrictEqual(parseResponseWithSchema(body));
	});

	it('throws the same error as zod\'s parse, or returns the same value, for every field of every answer replaced by every kind of value', () => {
		let compared = 0;
		let refused = 0;
		for (const [, body] of bodies) {
			for (const path of paths(body)) {
				for (const replacement of REPLACEMENTS) {
					const event = replaced(body, path, replacement);
					const zod = outcome(parseResponseWithSchema, event);
					expect({ path, replacement, outcome: outcome(parseGenerateResponse, event) }).toStrictEqual({ path, replacement, outcome: zod });
					compared += 1;
					if ('error' in (zod as Json)) refused += 1;
				}
			}
		}
		// The corpus is large enough to reach every checked field with a wrong type.
		expect(compared).toBeGreaterThan(1000);
		expect(refused).toBeGreaterThan(100);
	});

	it.each<[string, unknown, string]>([
		['a part whose text is a number', { candidates: [{ content: { parts: [{ text: 'ok' }, { text: 42 }] } }] }, '(candidates.0.content.parts.1.text: Expected string, received number)'],
		['a thought flag that is a string', { candidates: [{ content: { parts: [{ text: 'a', thought: 'yes' }] } }] }, '(candidates.0.content.parts.0.thought: Expected boolean, received string)'],
		['a running total that is a string', { usageMetadata: { totalTokenCount: '12' } }, '(usageMetadata.totalTokenCount: Expected number, received string)'],
		['a token detail that is null', { usageMetadata: { promptTokensDetails: [null] } }, '(usageMetadata.promptTokensDetails.0: Expected object, received null)'],
		['a finish reason that is null', { candidates: [{ finishReason: null }] }, '(candidates.0.finishReason: Expected string, received null)'],
		['candidates that are an object', { candidates: { 0: {} } }, '(candidates: Expected array, received object)'],
		['an event that is an array', [{ candidates: [] }], '(body: Expected object, received array)'],
		['an event that is a string', 'data', '(body: Expected object, received string)'],
	])('refuses %s with the error a non-streamed answer gets, naming the field', (_, event, where) => {
		expect(() => parseGenerateResponse(event)).toThrow(GeminiApiError);
		expect(() => parseGenerateResponse(event)).toThrow(`Gemini's response did not have the expected shape ${where}`);
		expect(outcome(parseGenerateResponse, event)).toStrictEqual(outcome(parseResponseWithSchema, event));
	});

	it('hands an own __proto__ key to zod, which leaves it out, instead of passing it on', () => {
		const event = JSON.parse('{"__proto__":{"polluted":true},"candidates":[{"content":{"parts":[{"text":"hi"}]}}]}') as unknown;
		expect(isPlainResponse(event)).toBe(false);
		const parsed = parseGenerateResponse(event);
		expect(Object.prototype.hasOwnProperty.call(parsed, '__proto__')).toBe(false);
		expect(parsed).toStrictEqual(parseResponseWithSchema(event));
	});

	it('hands objects that are not plain (no prototype) to zod, which accepts them as a copy', () => {
		const event = Object.assign(Object.create(null) as Json, { responseId: 'r1' });
		expect(isPlainResponse(event)).toBe(false);
		expect(parseGenerateResponse(event)).toStrictEqual(parseResponseWithSchema(event));
	});
});

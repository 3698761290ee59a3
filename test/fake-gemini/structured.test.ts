/**
 * Structured output as the Gemini Extract node meets it: schema-valid JSON answers, the exact `json=`
 * answer, and the json-* fault directives (broken, truncated, violation, fenced) that fail a first
 * attempt and let the repair request (prompt, model answer, repair message) get a valid answer.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod/v4';
import { startFakeGemini } from './server';
import type { FakeGemini } from './server';
import type { Json } from './structured';
import { breakJson, FENCE_CLOSE, FENCE_OPEN, sampleFor, truncateJson, violate } from './structured';
import type { Content, GenerateContentResponse, UsageMetadata } from './types';
import { isRecord } from './types';

/* ---- a tiny JSON Schema / OpenAPI schema checker ---- */

function pointer(ref: string, root: Record<string, unknown>): unknown {
	let node: unknown = root;
	for (const token of ref.replace(/^#\/?/, '').split('/').filter((part) => part !== '')) node = isRecord(node) ? node[token] : undefined;
	return node;
}

const count = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));

/** Problems of `value` under `input` (empty when valid): types (any case, type arrays, nullable), enum, const, $ref, anyOf/oneOf, required, additionalProperties: false, items, min/maxItems, minimum/maximum, formats date and date-time. */
function check(value: unknown, input: unknown, root: Record<string, unknown>, at = '$'): string[] {
	if (!isRecord(input)) return [];
	const schema = typeof input.$ref === 'string' ? pointer(input.$ref, root) : input;
	if (!isRecord(schema)) return [`${at}: unresolvable $ref`];
	const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
	if (variants && !variants.some((variant) => check(value, variant, root, at).length === 0)) return [`${at}: matches no anyOf/oneOf variant`];
	if ('const' in schema && !isDeepStrictEqual(schema.const, value)) return [`${at}: not the const`];
	if (Array.isArray(schema.enum) && !schema.enum.some((option) => isDeepStrictEqual(option, value))) return [`${at}: ${JSON.stringify(value)} not in enum`];
	const types = (Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]).map((type) => String(type).toLowerCase());
	if (schema.nullable === true) types.push('null');
	const kind = (type: string): boolean => {
		switch (type) {
			case 'null':
				return value === null;
			case 'integer':
				return Number.isInteger(value);
			case 'number':
				return typeof value === 'number';
			case 'object':
				return isRecord(value);
			case 'array':
				return Array.isArray(value);
			default:
				return typeof value === type;
		}
	};
	if (types.length > 0 && !types.some(kind)) return [`${at}: ${JSON.stringify(value)} is not ${types.join('|')}`];
	const problems: string[] = [];
	if (typeof value === 'string') {
		if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push(`${at}: not a date`);
		if (schema.format === 'date-time' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) problems.push(`${at}: not a date-time`);
	}
	if (typeof value === 'number') {
		if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${at}: below minimum`);
		if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${at}: above maximum`);
		if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) problems.push(`${at}: not below exclusiveMaximum`);
	}
	if (Array.isArray(value)) {
		const min = count(schema.minItems);
		const max = count(schema.maxItems);
		if (min !== undefined && value.length < min) problems.push(`${at}: fewer than ${min} items`);
		if (max !== undefined && value.length > max) problems.push(`${at}: more than ${max} items`);
		value.forEach((item, index) => problems.push(...check(item, schema.items, root, `${at}[${index}]`)));
	}
	if (isRecord(value)) {
		const properties = isRecord(schema.properties) ? schema.properties : {};
		for (const key of Array.isArray(schema.required) ? schema.required.map(String) : []) {
			if (!Object.hasOwn(value, key)) problems.push(`${at}.${key}: required`);
		}
		for (const [key, item] of Object.entries(value)) {
			if (Object.hasOwn(properties, key)) problems.push(...check(item, properties[key], root, `${at}.${key}`));
			else if (schema.additionalProperties === false) problems.push(`${at}.${key}: not allowed`);
		}
	}
	return problems;
}

const problemsOf = (text: string, schema: Record<string, unknown>): string[] => check(JSON.parse(text) as unknown, schema, schema);

/* ---- schemas ---- */

/** An invoice: $defs/$ref, arrays of objects, enums, dates, integers, nullable via type arrays, anyOf. */
const INVOICE: Record<string, unknown> = {
	type: 'object',
	$defs: {
		address: {
			type: 'object',
			properties: { street: { type: 'string' }, city: { type: 'string' }, country: { type: 'string', enum: ['DE', 'AT', 'CH'] } },
			required: ['city', 'country'],
		},
		line: {
			type: 'object',
			properties: {
				description: { type: 'string' },
				quantity: { type: 'integer', minimum: 1 },
				unitPrice: { type: 'number' },
				unit: { enum: ['pcs', 'kg', 'h'] },
				discount: { type: ['number', 'null'] },
			},
			required: ['description', 'quantity', 'unitPrice'],
			additionalProperties: false,
		},
	},
	properties: {
		invoiceNumber: { type: 'string' },
		issued: { type: 'string', format: 'date' },
		receivedAt: { type: 'string', format: 'date-time' },
		status: { type: 'string', enum: ['open', 'paid', 'overdue'] },
		customer: {
			type: 'object',
			properties: { name: { type: 'string' }, billing: { $ref: '#/$defs/address' }, vatId: { anyOf: [{ type: 'null' }, { type: 'string' }] } },
			required: ['name', 'billing'],
		},
		lines: { type: 'array', items: { $ref: '#/$defs/line' }, minItems: 3 },
		notes: { type: 'array', items: { type: 'string' }, maxItems: 1 },
		total: { type: 'number', minimum: 0 },
		paid: { type: 'boolean' },
	},
	required: ['invoiceNumber', 'issued', 'customer', 'lines', 'total'],
	additionalProperties: false,
};

const INVOICE_SAMPLE = {
	invoiceNumber: 'fake invoiceNumber',
	issued: '2026-01-15',
	receivedAt: '2026-01-15T09:30:00Z',
	status: 'open',
	customer: { name: 'fake name', billing: { street: 'fake street', city: 'fake city', country: 'DE' }, vatId: 'fake vatId' },
	lines: [
		{ description: 'fake description', quantity: 42, unitPrice: 42.5, unit: 'pcs', discount: 42.5 },
		{ description: 'fake description 2', quantity: 42, unitPrice: 42.5, unit: 'pcs', discount: 42.5 },
		{ description: 'fake description 3', quantity: 42, unitPrice: 42.5, unit: 'pcs', discount: 42.5 },
	],
	notes: ['fake notes'],
	total: 42.5,
	paid: true,
};

/** Required properties only strings: `json-violation` has no number to turn into a string. */
const NAMES: Record<string, unknown> = {
	type: 'object',
	properties: { first: { type: 'string' }, last: { type: 'string' }, age: { type: 'integer' } },
	required: ['first', 'last'],
};

/* ---- the server ---- */

type Reply = GenerateContentResponse & { error?: { code: number; message: string; status: string } };

interface Answer {
	status: number;
	text: string;
	finishReason?: string;
	usage?: UsageMetadata;
	/** Streams: how many events carried text. */
	chunks: number;
	error?: Reply['error'];
}

let fake: FakeGemini;

beforeAll(async () => {
	fake = await startFakeGemini({ port: 0 });
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => fake.reset());

const MODEL = 'gemini-2.5-flash';

function answerOf(status: number, events: Reply[]): Answer {
	const last = events[events.length - 1];
	const texts = events.map((event) => (event.candidates?.[0]?.content.parts ?? []).filter((part) => part.thought !== true).map((part) => part.text ?? '').join(''));
	return {
		status,
		text: texts.join(''),
		finishReason: last?.candidates?.[0]?.finishReason,
		usage: last?.usageMetadata,
		chunks: texts.filter((text) => text !== '').length,
		error: last?.error,
	};
}

async function ask(contents: Content[], generationConfig: Record<string, unknown>, options: { stream?: boolean; model?: string } = {}): Promise<Answer> {
	const method = options.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
	const response = await fetch(`${fake.url}/v1beta/models/${options.model ?? MODEL}:${method}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-goog-api-key': fake.apiKey },
		body: JSON.stringify({ contents, generationConfig }),
	});
	const text = await response.text();
	if (!options.stream || response.status !== 200) return answerOf(response.status, [JSON.parse(text) as Reply]);
	const events = text.split('\r\n\r\n').filter((frame) => frame !== '').map((frame) => JSON.parse(frame.slice('data: '.length)) as Reply);
	return answerOf(response.status, events);
}

const jsonConfig = (schema: Record<string, unknown>): Record<string, unknown> => ({ responseMimeType: 'application/json', responseJsonSchema: schema });
const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const model = (text: string): Content => ({ role: 'model', parts: [{ text }] });
const REPAIR = 'Your previous answer was not valid. Problems: $.lines[0].quantity: expected integer. Answer again with JSON only.';

/** The repair request the Extract node sends: prompt, the model's previous answer, the repair message. */
const repairOf = (prompt: string, previous: string): Content[] => [user(prompt), model(previous), user(REPAIR)];

const generateCalls = (): number => fake.requests.filter((request) => /:(stream)?[gG]enerateContent/.test(request.path)).length;

/* ---- tests ---- */

describe('schema-valid JSON answers', () => {
	it('answers a nested responseJsonSchema ($ref, arrays of objects, enum, date, integer, minItems) with a valid, deterministic, compact instance', async () => {
		const answer = await ask([user('Extract the invoice')], jsonConfig(INVOICE));
		expect(answer.status).toBe(200);
		expect(answer.finishReason).toBe('STOP');
		expect(problemsOf(answer.text, INVOICE)).toEqual([]);
		expect(JSON.parse(answer.text)).toEqual(INVOICE_SAMPLE);
		expect(answer.text).toBe(JSON.stringify(INVOICE_SAMPLE));
		expect(Object.keys(JSON.parse(answer.text) as object)).toEqual(Object.keys(INVOICE.properties as object));
		expect(answer.usage?.candidatesTokenCount).toBe(Math.ceil(answer.text.length / 4));
		expect((await ask([user('Extract the invoice')], jsonConfig(INVOICE))).text).toBe(answer.text);
	});

	it('answers a zod-made JSON Schema so that zod accepts it', async () => {
		const Line = z.object({ sku: z.string(), quantity: z.number().int().min(1), unit: z.enum(['pcs', 'kg']) });
		const Order = z.object({
			ordered: z.iso.date(),
			shippedAt: z.iso.datetime(),
			lines: z.array(Line).min(1),
			returns: z.array(Line),
			note: z.string().nullable(),
			total: z.number(),
			channel: z.union([z.literal('web'), z.literal('phone')]),
		});
		const schema = z.toJSONSchema(Order, { reused: 'ref' }) as Record<string, unknown>;
		expect(JSON.stringify(schema)).toContain('"$ref":"#/$defs/');
		const answer = await ask([user('Extract the order')], jsonConfig(schema));
		const parsed = Order.safeParse(JSON.parse(answer.text));
		expect(parsed.error?.issues).toBeUndefined();
		expect(parsed.data?.lines).toHaveLength(2);
		expect(parsed.data?.ordered).toBe('2026-01-15');
	});

	it('answers an OpenAPI responseSchema (upper-case types, nullable, int64 minItems as a string; names sorted without propertyOrdering)', async () => {
		const schema: Record<string, unknown> = {
			type: 'OBJECT',
			properties: {
				vendor: { type: 'STRING' },
				amount: { type: 'NUMBER', nullable: true },
				items: {
					type: 'ARRAY',
					minItems: '3',
					items: { type: 'OBJECT', properties: { name: { type: 'STRING' }, count: { type: 'INTEGER' }, kind: { type: 'STRING', format: 'enum', enum: ['A', 'B'] } }, required: ['name', 'count'] },
				},
				due: { type: 'STRING', format: 'date' },
			},
			required: ['vendor', 'items'],
		};
		const answer = await ask([user('Extract')], { responseMimeType: 'application/json', responseSchema: schema });
		expect(problemsOf(answer.text, schema)).toEqual([]);
		const value = JSON.parse(answer.text) as { items: unknown[] };
		expect(Object.keys(value)).toEqual(['amount', 'due', 'items', 'vendor']);
		expect(value.items).toHaveLength(3);
		expect(value.items[0]).toEqual({ count: 42, kind: 'A', name: 'fake name' });
		const ordered = await ask([user('Extract')], { responseMimeType: 'application/json', responseSchema: { ...schema, propertyOrdering: ['vendor', 'items'] } });
		expect(Object.keys(JSON.parse(ordered.text) as object)).toEqual(['vendor', 'items', 'amount', 'due']);
	});

	it('keeps within bounds, stops recursion, and honours maxItems 0 and uniqueItems', () => {
		const schema = {
			type: 'object',
			$defs: { node: { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['label'] } },
			properties: {
				small: { type: 'integer', maximum: 10 },
				ratio: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
				step: { type: 'number', minimum: 43, multipleOf: 0.25 },
				none: { type: 'array', items: { type: 'string' }, maxItems: 0 },
				picks: { type: 'array', items: { enum: ['x', 'y', 'z'] }, uniqueItems: true },
				tree: { $ref: '#/$defs/node' },
				short: { type: 'string', maxLength: 4 },
			},
		};
		expect(sampleFor(schema, 'json-schema')).toEqual({
			small: 10,
			ratio: 0.5,
			step: 43,
			none: [],
			picks: ['x', 'y'],
			tree: { label: 'fake label', children: [{ label: 'fake label' }, { label: 'fake label 2' }] },
			short: 'fake',
		});
	});

	it('ends a required, nullable recursion (pydantic Optional["Node"]) with null', () => {
		const schema = {
			$defs: { Node: { type: 'object', properties: { name: { type: 'string' }, parent: { anyOf: [{ $ref: '#/$defs/Node' }, { type: 'null' }] } }, required: ['name', 'parent'] } },
			$ref: '#/$defs/Node',
		};
		const value = sampleFor(schema, 'json-schema');
		expect(value).toEqual({ name: 'fake name', parent: { name: 'fake name', parent: null } });
		expect(check(value, schema, schema)).toEqual([]);
	});

	it('still answers {"echo":…} without a schema and the first value for text/x.enum', async () => {
		expect((await ask([user('hi there')], { responseMimeType: 'application/json' })).text).toBe('{"echo":"Echo: hi there"}');
		expect((await ask([user('pick')], { responseMimeType: 'text/x.enum', responseSchema: { type: 'STRING', enum: ['RED', 'GREEN'] } })).text).toBe('RED');
	});
});

describe('json= directive', () => {
	it('answers the JSON exactly as written, spaces, quotes and escapes included', async () => {
		const written = String.raw`{"name": "O'Brien \"Bob\"", "path": "C:\\temp", "lines": [1, 2]}`;
		const prompt = `Extract [[fake:json='${written.replace(/'/g, "\\'")}']]`;
		const answer = await ask([user(prompt)], jsonConfig(NAMES));
		expect(answer.status).toBe(200);
		expect(answer.text).toBe(written);
		expect(JSON.parse(answer.text)).toEqual({ name: 'O\'Brien "Bob"', path: 'C:\\temp', lines: [1, 2] });
		const doubleQuoted = await ask([user(String.raw`[[fake:json="{\"a\": \"b c\"}"]]`)], jsonConfig(NAMES));
		expect(doubleQuoted.text).toBe('{"a": "b c"}');
	});

	it('refuses JSON that does not parse', async () => {
		const answer = await ask([user(`[[fake:json='{"a":']]`)], jsonConfig(NAMES));
		expect(answer.status).toBe(400);
		expect(answer.error?.message).toContain('fake directive "json" needs valid JSON');
	});

	it('is corrupted by the json-* faults like a generated answer', async () => {
		const fenced = await ask([user(`[[fake:json='{"a": 1}' json-fenced]]`)], jsonConfig(NAMES));
		expect(fenced.text).toBe('```json\n{"a": 1}\n```');
		const broken = await ask([user(`[[fake:json='{"a": 1}']] [[fake:json-broken]]`)], jsonConfig(NAMES));
		expect(broken.text).toBe('{"a": 1,}');
	});

	it('loses to answer=, which stays exact even with faults', async () => {
		expect((await ask([user(`[[fake:json='{"a":1}' json-broken answer="plain"]]`)], jsonConfig(NAMES))).text).toBe('plain');
	});
});

describe('JSON fault directives with times=1: a broken first answer, then a valid repair', () => {
	const prompt = (directive: string): string => `Extract the invoice from the attached text. [[fake:${directive} times=1]]`;

	/** First attempt, then the repair conversation carrying the same directive (also echoed into the model turn). */
	async function attempts(directive: string, stream = false): Promise<[Answer, Answer]> {
		const first = await ask([user(prompt(directive))], jsonConfig(INVOICE), { stream });
		const previous = `${first.text} [[fake:${directive} times=1]]`;
		const second = await ask(repairOf(prompt(directive), previous), jsonConfig(INVOICE), { stream });
		expect(generateCalls()).toBe(2);
		expect(second.status).toBe(200);
		expect(second.finishReason).toBe('STOP');
		expect(second.text).toBe(JSON.stringify(INVOICE_SAMPLE));
		expect(problemsOf(second.text, INVOICE)).toEqual([]);
		return [first, second];
	}

	it('json-broken: invalid JSON (a trailing comma), finishReason STOP', async () => {
		const [first] = await attempts('json-broken');
		expect(first.finishReason).toBe('STOP');
		expect(() => JSON.parse(first.text) as unknown).toThrow(SyntaxError);
		expect(first.text).toBe(`${JSON.stringify(INVOICE_SAMPLE).slice(0, -1)},}`);
	});

	it('json-broken=key: the first key loses its quotes', async () => {
		const [first] = await attempts('json-broken=key');
		expect(first.text).toBe(JSON.stringify(INVOICE_SAMPLE).replace('"invoiceNumber"', 'invoiceNumber'));
		expect(() => JSON.parse(first.text) as unknown).toThrow(SyntaxError);
	});

	it('json-truncated: the valid JSON cut in the middle, finishReason MAX_TOKENS', async () => {
		const [first] = await attempts('json-truncated');
		const full = JSON.stringify(INVOICE_SAMPLE);
		expect(first.finishReason).toBe('MAX_TOKENS');
		expect(first.text).toBe(full.slice(0, Math.floor(full.length / 2)));
		expect(() => JSON.parse(first.text) as unknown).toThrow(SyntaxError);
		expect(first.usage?.candidatesTokenCount).toBe(Math.ceil(first.text.length / 4));
	});

	it('json-violation: the first required number, depth-first, becomes "twelve"', async () => {
		const [first] = await attempts('json-violation');
		expect(first.finishReason).toBe('STOP');
		const value = JSON.parse(first.text) as typeof INVOICE_SAMPLE;
		expect(value.lines[0].quantity).toBe('twelve');
		expect(problemsOf(first.text, INVOICE)).toEqual(['$.lines[0].quantity: "twelve" is not integer']);
	});

	it('json-violation without a required number drops the first required property', async () => {
		const first = await ask([user('[[fake:json-violation times=1]]')], jsonConfig(NAMES));
		expect(JSON.parse(first.text)).toEqual({ last: 'fake last', age: 42 });
		expect(problemsOf(first.text, NAMES)).toEqual(['$.first: required']);
		const second = await ask(repairOf('[[fake:json-violation times=1]]', first.text), jsonConfig(NAMES));
		expect(problemsOf(second.text, NAMES)).toEqual([]);
	});

	it('json-fenced: the valid JSON inside ```json fences', async () => {
		const [first] = await attempts('json-fenced');
		expect(first.text.startsWith(FENCE_OPEN)).toBe(true);
		expect(first.text.endsWith(FENCE_CLOSE)).toBe(true);
		expect(first.text).toBe(`\`\`\`json\n${JSON.stringify(INVOICE_SAMPLE)}\n\`\`\``);
		expect(problemsOf(first.text.slice(FENCE_OPEN.length, -FENCE_CLOSE.length), INVOICE)).toEqual([]);
	});

	it('works on the streaming endpoint: the faulty text arrives in several chunks, MAX_TOKENS on the last', async () => {
		const [first, second] = await attempts('json-truncated', true);
		expect(first.finishReason).toBe('MAX_TOKENS');
		expect(first.chunks).toBeGreaterThan(3);
		const full = JSON.stringify(INVOICE_SAMPLE);
		expect(first.text).toBe(full.slice(0, Math.floor(full.length / 2)));
		expect(second.chunks).toBeGreaterThan(3);
		fake.reset();
		for (const directive of ['json-broken', 'json-violation', 'json-fenced']) {
			const streamed = await ask([user(`[[fake:${directive}]]`)], jsonConfig(INVOICE), { stream: true });
			const single = await ask([user(`[[fake:${directive}]]`)], jsonConfig(INVOICE));
			expect(streamed.text).not.toBe(JSON.stringify(INVOICE_SAMPLE));
			expect(streamed.text).toBe(single.text);
			expect(streamed.usage).toEqual(single.usage);
		}
	});

	it('counts per directive text and model, once per request, never from model turns', async () => {
		const directive = '[[fake:json-broken times=1]]';
		// The repair message quotes the prompt: still one request, so the second attempt is clean.
		const first = await ask([user(`Extract ${directive}`), user(`Again: Extract ${directive}`)], jsonConfig(NAMES));
		expect(() => JSON.parse(first.text) as unknown).toThrow();
		// A model turn carrying the directive (or even an invalid one) is neither counted nor parsed.
		const repair = [user(`Extract ${directive}`), model(`${first.text} ${directive} [[fake:nonsense]]`), user(REPAIR)];
		expect(problemsOf((await ask(repair, jsonConfig(NAMES))).text, NAMES)).toEqual([]);
		// Another model has its own counter.
		const other = await ask([user(`Extract ${directive}`)], jsonConfig(NAMES), { model: 'gemini-2.5-pro' });
		expect(() => JSON.parse(other.text) as unknown).toThrow();
	});

	it('combines: a fenced and truncated answer keeps only the opening fence', async () => {
		const answer = await ask([user('[[fake:json-fenced json-truncated]]')], jsonConfig(NAMES));
		expect(answer.finishReason).toBe('MAX_TOKENS');
		expect(answer.text.startsWith(FENCE_OPEN)).toBe(true);
		expect(answer.text.endsWith('```')).toBe(false);
	});
});

describe('repair conversations', () => {
	it('accepts user/model/user contents (thought signatures included) and counts every turn in the prompt', async () => {
		const contents: Content[] = [
			user('Extract the names [[fake:json-violation times=1]]'),
			{ role: 'model', parts: [{ text: '{"last":"fake last"}', thoughtSignature: 'c2lnbmF0dXJl' }] },
			user(REPAIR),
		];
		const answer = await ask(contents, jsonConfig(NAMES));
		expect(answer.status).toBe(200);
		const characters = contents.flatMap((content) => content.parts ?? []).reduce((sum, part) => sum + (part.text ?? '').length, 0);
		expect(answer.usage?.promptTokenCount).toBe(Math.ceil(characters / 4));
		expect(fake.requests[0].body).toMatchObject({ contents: [{ role: 'user' }, { role: 'model' }, { role: 'user' }] });
	});

	it('refuses an unknown role like the real API', async () => {
		const answer = await ask([user('a'), { role: 'assistant', parts: [{ text: '{}' }] }, user('b')], jsonConfig(NAMES));
		expect(answer.status).toBe(400);
		expect(answer.error?.message).toBe('Please use a valid role: user, model.');
	});
});

describe('fault helpers', () => {
	it('breakJson and truncateJson always give text that does not parse', () => {
		for (const text of ['{"a":1}', '[1,2]', '42.5', '7', '"x"', '{}', '[]', 'true', '{"a":"🚀🚀🚀"}']) {
			for (const broken of [breakJson(text, 'comma'), breakJson(text, 'key'), truncateJson(text)]) {
				expect(() => JSON.parse(broken) as unknown).toThrow();
			}
		}
		// Half of 14 code units would end inside the first rocket's surrogate pair.
		expect(truncateJson('{"a":"🚀🚀🚀"}')).toBe('{"a":"🚀');
	});

	it('violate follows the rules: number as string, else a dropped required property, else the whole value', () => {
		const nested = { type: 'object', properties: { meta: { type: 'object', properties: { count: { anyOf: [{ type: 'integer' }, { type: 'null' }] } }, required: ['count'] }, total: { type: 'number' } }, required: ['meta', 'total'] };
		expect(violate({ meta: { count: 3 }, total: 1.5 }, nested)).toEqual({ value: { meta: { count: 'twelve' }, total: 1.5 }, rule: 'number-as-string' });
		const mixed = { type: 'object', properties: { id: { type: ['integer', 'string'] }, name: { type: 'string' } }, required: ['id', 'name'] };
		expect(violate({ id: 1, name: 'n' }, mixed)).toEqual({ value: { name: 'n' }, rule: 'dropped-required' });
		const optional: Json = { a: 1 };
		expect(violate(optional, { type: 'object', properties: { a: { type: 'integer' } } })).toEqual({ value: 'twelve', rule: 'whole-value' });
	});
});

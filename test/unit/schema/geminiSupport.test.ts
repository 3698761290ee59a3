import { assertGeminiSupports, parseJsonSchema, withoutMetaKeywords, type JsonSchema } from '../../../nodes/shared/schema';
import { schemaErrorOf } from './helpers';

function problemWith(schema: JsonSchema, parameter = 'jsonSchema'): string {
	const error = schemaErrorOf(() => assertGeminiSupports(schema, parameter));
	expect(error.parameter).toBe(parameter);
	return error.message;
}

function object(properties: JsonSchema, extra: JsonSchema = {}): JsonSchema {
	return { type: 'object', properties, ...extra };
}

describe('assertGeminiSupports', () => {
	it('accepts every keyword gemini-api.md §6 lists, plus $schema and $comment', () => {
		const schema: JsonSchema = {
			$schema: 'https://json-schema.org/draft/2020-12/schema',
			$id: 'https://example.com/invoice',
			$comment: 'for tests',
			title: 'Invoice',
			description: 'An invoice',
			type: 'object',
			$defs: {
				money: { $anchor: 'money', type: 'object', properties: { amount: { type: 'number', minimum: 0, maximum: 1e9 }, currency: { type: 'string', enum: ['EUR', 'USD'] } }, required: ['amount'] },
				node: { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } }, next: { $ref: '#/$defs/node' } } },
			},
			properties: {
				total: { $ref: '#/$defs/money' },
				tax: { $ref: '#money' },
				status: { anyOf: [{ type: 'string', enum: ['paid'] }, { type: 'null' }] },
				kind: { oneOf: [{ type: 'integer', enum: [1, 2, 3] }, { type: 'string', format: 'date' }] },
				point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], minItems: 2, maxItems: 2 },
				tags: { type: ['array', 'null'], items: { type: 'string' } },
				extras: { type: 'object', additionalProperties: { type: 'string' } },
				tree: { $ref: '#/$defs/node' },
				self: { $ref: '#' },
			},
			required: ['total', 'status'],
			propertyOrdering: ['total', 'tax', 'status', 'kind', 'point', 'tags', 'extras', 'tree', 'self'],
			additionalProperties: false,
		};

		expect(() => assertGeminiSupports(schema, 'jsonSchema')).not.toThrow();
	});

	it('accepts an array at the top level and a top-level $ref to an object', () => {
		expect(() => assertGeminiSupports({ type: 'array', items: { type: 'string' } }, 'jsonSchema')).not.toThrow();
		expect(() => assertGeminiSupports({ $defs: { a: object({ x: { type: 'string' } }) }, $ref: '#/$defs/a' }, 'jsonSchema')).not.toThrow();
	});

	describe('names the first unsupported keyword with its JSON Pointer', () => {
		it('patternProperties', () => {
			const schema = object({ meta: { type: 'object', patternProperties: { '^x-': { type: 'string' } } } });

			expect(problemWith(schema)).toBe('JSON Schema (jsonSchema) uses "patternProperties" at /properties/meta, which Gemini does not accept (list the keys in "properties" or use "additionalProperties")');
		});

		it.each([
			['nullable', object({ a: { type: 'string', nullable: true } }), 'uses "nullable" at /properties/a, which Gemini does not accept (use "type": ["string", "null"] instead)'],
			['const', object({ a: { const: 'x' } }), 'uses "const" at /properties/a, which Gemini does not accept (use "enum" with the one value instead)'],
			['pattern deep inside $defs', { ...object({ a: { $ref: '#/$defs/zip' } }), $defs: { zip: { type: 'string', pattern: '^\\d+$' } } }, 'uses "pattern" at /$defs/zip'],
			['allOf at the top level', { type: 'object', allOf: [] }, 'uses "allOf" at the top level, which Gemini does not accept (merge the schemas into one)'],
			['default in array items', object({ a: { type: 'array', items: { type: 'string', default: 'x' } } }), 'uses "default" at /properties/a/items'],
			['definitions (draft-07)', { type: 'object', definitions: {} }, 'uses "definitions" at the top level, which Gemini does not accept (rename it to "$defs")'],
			['a keyword in an anyOf branch', object({ a: { anyOf: [{ type: 'string' }, { type: 'string', minLength: 2 }] } }), 'uses "minLength" at /properties/a/anyOf/1'],
			['a key with a slash in its pointer', object({ 'a/b': { type: 'string', not: {} } }), 'uses "not" at /properties/a~1b'],
		])('%s', (_title, schema, message) => {
			expect(problemWith(schema)).toContain(message);
		});
	});

	describe('checks references', () => {
		it('a $ref that does not resolve', () => {
			expect(problemWith(object({ a: { $ref: '#/$defs/Missing' } }))).toBe(
				'JSON Schema (jsonSchema) "$ref" at /properties/a/$ref points to "#/$defs/Missing", which does not exist in this schema',
			);
		});

		it('an anchor that does not exist', () => {
			expect(problemWith(object({ a: { $ref: '#nowhere' } }))).toContain('"$ref" at /properties/a/$ref points to "#nowhere", which does not exist');
		});

		it.each([['https://example.com/schema.json'], ['#/properties/b'], ['other.json#/$defs/a']])('a $ref outside $defs: %s', (ref) => {
			expect(problemWith(object({ a: { $ref: ref }, b: { type: 'string' } }))).toContain(`"$ref" at /properties/a/$ref is "${ref}"; only references into this schema's "$defs"`);
		});

		it('a keyword beside $ref', () => {
			const schema = { ...object({ a: { $ref: '#/$defs/x', description: 'A' } }), $defs: { x: { type: 'string' } } };

			expect(problemWith(schema)).toContain('uses "description" next to "$ref" at /properties/a; Gemini allows only "$…" keywords beside "$ref"');
		});

		it('a recursion through required properties only', () => {
			const schema = {
				...object({ head: { $ref: '#/$defs/node' } }),
				$defs: { node: object({ value: { type: 'string' }, next: { $ref: '#/$defs/node' } }, { required: ['value', 'next'] }) },
			};

			expect(problemWith(schema)).toBe(
				'JSON Schema (jsonSchema) refers back to /$defs/node at /$defs/node/properties/next through required properties only; Gemini unrolls recursive "$ref"s only through optional properties, so make one of them optional',
			);
		});

		it('a recursion through a required non-empty list', () => {
			const schema = {
				...object({ root: { $ref: '#/$defs/node' } }),
				$defs: { node: object({ children: { type: 'array', minItems: 1, items: { $ref: '#/$defs/node' } } }, { required: ['children'] }) },
			};

			expect(problemWith(schema)).toContain('refers back to /$defs/node at /$defs/node/properties/children/items');
		});
	});

	describe('checks keyword values', () => {
		it.each([
			['an unknown type', object({ a: { type: 'text' } }), '"type" at /properties/a/type has "text"; use one of string, number, integer, boolean, object, array, null'],
			['a repeated type', object({ a: { type: ['string', 'string'] } }), '"type" at /properties/a/type lists a type twice'],
			['an empty type list', object({ a: { type: [] } }), '"type" at /properties/a/type is an empty list'],
			['a required name missing from properties', object({ a: { type: 'string' } }, { required: ['a', 'b'] }), '"required" at /required/1 names "b", which is not in "properties"'],
			['a required list that is not a list', object({ a: { type: 'string' } }, { required: 'a' }), '"required" at /required must be a list of property names'],
			['a propertyOrdering name missing', object({ a: { type: 'string' } }, { propertyOrdering: ['z'] }), '"propertyOrdering" at /propertyOrdering/0 names "z"'],
			['a boolean enum value', object({ a: { enum: ['x', true] } }), '"enum" at /properties/a/enum has true; Gemini accepts string and number values only'],
			['an empty enum', object({ a: { type: 'string', enum: [] } }), '"enum" at /properties/a/enum must be a non-empty list'],
			['items as a list', object({ a: { type: 'array', items: [{ type: 'string' }] } }), '"items" at /properties/a/items is a list; for tuples use "prefixItems"'],
			['a property that is not a schema', object({ a: 'string' }), 'has "string" at /properties/a where a schema object is needed'],
			['an empty anyOf', object({ a: { anyOf: [] } }), '"anyOf" at /properties/a/anyOf must be a non-empty list of schemas'],
			['a negative minItems', object({ a: { type: 'array', items: { type: 'string' }, minItems: -1 } }), '"minItems" at /properties/a/minItems must be a whole number ≥ 0'],
			['minimum above maximum', object({ a: { type: 'number', minimum: 5, maximum: 1 } }), 'has "minimum" greater than "maximum" at /properties/a'],
			['a description that is not text', object({ a: { type: 'string', description: 5 } }), '"description" at /properties/a/description must be a string'],
			['additionalProperties as text', object({ a: { type: 'string' } }, { additionalProperties: 'no' }), '"additionalProperties" at /additionalProperties must be true, false or a schema object'],
			['a property named __proto__', { type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') as JsonSchema }, 'uses the reserved name "__proto__" at /properties/__proto__'],
		])('%s', (_title, schema, message) => {
			expect(problemWith(schema)).toContain(message);
		});
	});

	describe('requires an object or array at the top level', () => {
		it.each([
			[{ type: 'string' }, 'got "type": "string"'],
			[{ properties: { a: { type: 'string' } } }, 'got "type": null'],
			[{ type: ['object', 'null'], properties: {} }, 'got "type": ["object","null"]'],
		])('%j', (schema, got) => {
			expect(problemWith(schema)).toBe(`JSON Schema (jsonSchema) must describe an object or an array at the top level ("type": "object" or "type": "array"); ${got}`);
		});
	});

	it('names the parameter it is given', () => {
		expect(problemWith({ type: 'object', pattern: 'x' }, 'example')).toContain('Example (example) uses "pattern" at the top level');
	});
});

describe('parseJsonSchema', () => {
	it('parses a schema and drops $schema and $comment everywhere, keeping properties with those names', () => {
		const schema = parseJsonSchema(
			JSON.stringify({
				$schema: 'http://json-schema.org/draft-07/schema#',
				type: 'object',
				properties: { $comment: { type: 'string', $comment: 'x' }, list: { type: 'array', items: { $comment: 'y', type: 'string' } } },
				$defs: { a: { $schema: 'x', type: 'string' } },
			}),
		);

		expect(schema).toEqual({
			type: 'object',
			properties: { $comment: { type: 'string' }, list: { type: 'array', items: { type: 'string' } } },
			$defs: { a: { type: 'string' } },
		});
	});

	it('reports invalid JSON with position, line and column, naming jsonSchema', () => {
		const error = schemaErrorOf(() => parseJsonSchema('{\n  "type": "object",\n  "properties": {,}\n}'));

		expect(error.parameter).toBe('jsonSchema');
		expect(error.message).toBe('JSON Schema (jsonSchema) is not valid JSON: unexpected character ",", expected a property name in double quotes at position 39 (line 3, column 18)');
	});

	it('refuses an empty text and a value that is not an object', () => {
		expect(schemaErrorOf(() => parseJsonSchema(' ')).message).toBe('JSON Schema (jsonSchema) is empty; paste a JSON Schema object');
		expect(schemaErrorOf(() => parseJsonSchema('[{"type": "string"}]')).message).toContain('must be a JSON Schema object like {"type": "object", "properties": {…}}; got [{"type":"string"}]');
	});

	it('withoutMetaKeywords leaves the input untouched', () => {
		const input = { $schema: 'x', type: 'object', properties: { a: { type: 'string' } } };

		expect(withoutMetaKeywords(input)).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
		expect(input.$schema).toBe('x');
	});
});

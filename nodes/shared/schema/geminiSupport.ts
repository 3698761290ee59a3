/**
 * What Gemini accepts as `responseJsonSchema` (https://ai.google.dev/gemini-api/docs/structured-output), checked before any request so
 * users get "JSON Schema (jsonSchema) uses "pattern" at /properties/zip …" instead of a 400.
 *
 * Accepted keywords are exactly the §6 list, plus `$schema` and `$comment`: both are `$`
 * keywords, which the API documents as allowed even beside `$ref`, and tools such as
 * zod-to-json-schema emit `$schema`; parseJsonSchema drops them before anything is sent. Other
 * annotations (`default`, `examples`) and every validation keyword outside the list are refused,
 * since Gemini would ignore or reject them and the answer would not be what users expect.
 */
import { lineAndColumn, parseJsonText } from './jsonText';
import { allSchemas, childPointer, describePointer, parseLocalRef, resolveRef, subschemas } from './schemaWalk';
import { isJsonObject, schemaError, showValue, type JsonSchema } from './types';

export const GEMINI_JSON_SCHEMA_KEYWORDS: readonly string[] = [
	'$id',
	'$defs',
	'$ref',
	'$anchor',
	'type',
	'format',
	'title',
	'description',
	'enum',
	'items',
	'prefixItems',
	'minItems',
	'maxItems',
	'minimum',
	'maximum',
	'anyOf',
	'oneOf',
	'properties',
	'additionalProperties',
	'required',
	'propertyOrdering',
];

/** Meta keywords that are accepted and stripped before the schema is sent. */
export const META_KEYWORDS: readonly string[] = ['$schema', '$comment'];

export const JSON_SCHEMA_TYPES: readonly string[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** What to do instead, for keywords people often paste from other tools. */
const HINTS: Readonly<Record<string, string>> = {
	nullable: 'use "type": ["string", "null"] instead',
	const: 'use "enum" with the one value instead',
	pattern: 'describe the format in "description" instead',
	minLength: 'describe the length in "description" instead',
	maxLength: 'describe the length in "description" instead',
	exclusiveMinimum: 'use "minimum" instead',
	exclusiveMaximum: 'use "maximum" instead',
	allOf: 'merge the schemas into one',
	definitions: 'rename it to "$defs"',
	patternProperties: 'list the keys in "properties" or use "additionalProperties"',
	default: 'remove it, or mention the default in "description"',
	examples: 'remove it, or mention examples in "description"',
};

type Fail = (pointer: string, problem: string) => never;

function failer(parameter: string): Fail {
	return (pointer, problem) => {
		throw schemaError(parameter, problem.replace('{at}', `at ${describePointer(pointer)}`));
	};
}

/**
 * Parses the `jsonSchema` parameter; invalid JSON names the position (and line/column). The
 * result has `$schema`/`$comment` removed, so what is sent holds only keywords §6 lists.
 */
export function parseJsonSchema(text: string, parameter = 'jsonSchema'): JsonSchema {
	if (text.trim() === '') throw schemaError(parameter, 'is empty; paste a JSON Schema object');
	const parsed = parseJsonText(text);
	if (!parsed.ok) {
		const { line, column } = lineAndColumn(text, parsed.position);
		throw schemaError(parameter, `is not valid JSON: ${parsed.message} at position ${parsed.position} (line ${line}, column ${column})`);
	}
	if (!isJsonObject(parsed.value)) {
		throw schemaError(parameter, `must be a JSON Schema object like {"type": "object", "properties": {…}}; got ${showValue(parsed.value)}`);
	}
	return withoutMetaKeywords(parsed.value);
}

function isNonNegativeInteger(value: unknown): boolean {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function checkType(value: unknown, at: string, fail: Fail): void {
	const list = Array.isArray(value) ? value : [value];
	if (list.length === 0) fail(at, '"type" {at} is an empty list');
	for (const entry of list) {
		if (typeof entry !== 'string' || !JSON_SCHEMA_TYPES.includes(entry)) {
			fail(at, `"type" {at} has ${showValue(entry)}; use one of ${JSON_SCHEMA_TYPES.join(', ')}`);
		}
	}
	if (new Set(list).size !== list.length) fail(at, '"type" {at} lists a type twice');
}

function checkEnum(value: unknown, at: string, fail: Fail): void {
	if (!Array.isArray(value) || value.length === 0) fail(at, '"enum" {at} must be a non-empty list');
	for (const entry of value) {
		if (typeof entry !== 'string' && typeof entry !== 'number') {
			fail(at, `"enum" {at} has ${showValue(entry)}; Gemini accepts string and number values only`);
		}
	}
}

function checkSchemaMap(keyword: string, value: unknown, at: string, fail: Fail): void {
	if (!isJsonObject(value)) fail(at, `"${keyword}" {at} must be an object of schemas`);
	for (const [name, child] of Object.entries(value)) {
		// A key named __proto__ would become the prototype of the validated object.
		if (name === '__proto__') fail(childPointer(at, name), 'uses the reserved name "__proto__" {at}');
		if (!isJsonObject(child)) fail(childPointer(at, name), `has ${showValue(child)} {at} where a schema object is needed`);
	}
}

function checkSchemaList(keyword: string, value: unknown, at: string, fail: Fail): void {
	if (!Array.isArray(value) || value.length === 0) fail(at, `"${keyword}" {at} must be a non-empty list of schemas`);
	value.forEach((child, index) => {
		if (!isJsonObject(child)) fail(childPointer(at, index), `has ${showValue(child)} {at} where a schema object is needed`);
	});
}

function checkNameList(keyword: string, schema: JsonSchema, at: string, fail: Fail): void {
	const value = schema[keyword];
	if (!Array.isArray(value)) fail(at, `"${keyword}" {at} must be a list of property names`);
	const properties = isJsonObject(schema.properties) ? schema.properties : {};
	value.forEach((name, index) => {
		if (typeof name !== 'string') fail(childPointer(at, index), `"${keyword}" {at} has ${showValue(name)}; property names are strings`);
		if (!Object.hasOwn(properties, name)) fail(childPointer(at, index), `"${keyword}" {at} names "${name}", which is not in "properties"`);
	});
}

function checkRef(root: JsonSchema, schema: JsonSchema, at: string, fail: Fail): void {
	const ref = schema.$ref;
	if (typeof ref !== 'string') fail(at, '"$ref" {at} must be a string');
	const parsed = parseLocalRef(ref);
	if (!parsed || (parsed.kind === 'pointer' && !parsed.pointer.startsWith('/$defs/'))) {
		fail(at, `"$ref" {at} is "${ref}"; only references into this schema's "$defs" ("#/$defs/Name"), "#" or "#anchor" work`);
	}
	if (!resolveRef(root, ref)) fail(at, `"$ref" {at} points to "${ref}", which does not exist in this schema`);
	// https://ai.google.dev/gemini-api/docs/structured-output and the SDK docs: beside $ref only `$` keywords may be set.
	const sibling = Object.keys(schema).find((keyword) => !keyword.startsWith('$'));
	if (sibling) fail(at.replace(/\/\$ref$/, ''), `uses "${sibling}" next to "$ref" {at}; Gemini allows only "$…" keywords beside "$ref" (move it into the referenced schema)`);
}

function checkBounds(schema: JsonSchema, pointer: string, fail: Fail): void {
	for (const keyword of ['minItems', 'maxItems']) {
		if (keyword in schema && !isNonNegativeInteger(schema[keyword])) fail(childPointer(pointer, keyword), `"${keyword}" {at} must be a whole number ≥ 0`);
	}
	for (const keyword of ['minimum', 'maximum']) {
		const value = schema[keyword];
		if (keyword in schema && (typeof value !== 'number' || !Number.isFinite(value))) fail(childPointer(pointer, keyword), `"${keyword}" {at} must be a number`);
	}
	const pairs: Array<[string, string]> = [['minItems', 'maxItems'], ['minimum', 'maximum']];
	for (const [low, high] of pairs) {
		if (typeof schema[low] === 'number' && typeof schema[high] === 'number' && (schema[low] as number) > (schema[high] as number)) {
			fail(pointer, `has "${low}" greater than "${high}" {at}`);
		}
	}
}

function checkKeyword(root: JsonSchema, schema: JsonSchema, keyword: string, pointer: string, fail: Fail): void {
	const value = schema[keyword];
	const at = childPointer(pointer, keyword);
	switch (keyword) {
		case 'type':
			return checkType(value, at, fail);
		case 'enum':
			return checkEnum(value, at, fail);
		case 'properties':
		case '$defs':
			return checkSchemaMap(keyword, value, at, fail);
		case 'prefixItems':
		case 'anyOf':
		case 'oneOf':
			return checkSchemaList(keyword, value, at, fail);
		case 'items':
			if (Array.isArray(value)) fail(at, '"items" {at} is a list; for tuples use "prefixItems"');
			if (!isJsonObject(value)) fail(at, '"items" {at} must be a schema object');
			return;
		case 'additionalProperties':
			if (typeof value !== 'boolean' && !isJsonObject(value)) fail(at, '"additionalProperties" {at} must be true, false or a schema object');
			return;
		case 'required':
		case 'propertyOrdering':
			return checkNameList(keyword, schema, at, fail);
		case '$ref':
			return checkRef(root, schema, at, fail);
		case 'minItems':
		case 'maxItems':
		case 'minimum':
		case 'maximum':
			return; // checkBounds looks at them together
		default:
			if (typeof value !== 'string') fail(at, `"${keyword}" {at} must be a string`);
	}
}

function unsupported(keyword: string, pointer: string, fail: Fail): never {
	const hint = HINTS[keyword] ? ` (${HINTS[keyword]})` : '';
	return fail(pointer, `uses "${keyword}" {at}, which Gemini does not accept${hint}`);
}

function checkSchemaNode(root: JsonSchema, schema: JsonSchema, pointer: string, fail: Fail): void {
	for (const keyword of Object.keys(schema)) {
		if (!GEMINI_JSON_SCHEMA_KEYWORDS.includes(keyword) && !META_KEYWORDS.includes(keyword)) unsupported(keyword, pointer, fail);
		checkKeyword(root, schema, keyword, pointer, fail);
	}
	checkBounds(schema, pointer, fail);
	for (const child of subschemas(schema, pointer)) {
		if (isJsonObject(child.value)) checkSchemaNode(root, child.value, child.pointer, fail);
	}
}

/** Follows `$ref`s from the top level to the schema that says what the answer is. */
function topLevelSchema(root: JsonSchema): JsonSchema {
	let current = root;
	for (let hops = 0; hops < 32 && typeof current.$ref === 'string'; hops++) {
		const target = resolveRef(root, current.$ref);
		if (!target || target.schema === current) break;
		current = target.schema;
	}
	return current;
}

function checkTopLevel(root: JsonSchema, fail: Fail): void {
	const type = topLevelSchema(root).type;
	const types = Array.isArray(type) ? type : [type];
	if (type === undefined || !types.every((entry) => entry === 'object' || entry === 'array')) {
		fail('', `must describe an object or an array {at} ("type": "object" or "type": "array"); got "type": ${showValue(type ?? null)}`);
	}
}

/** Edges that a valid answer must follow: required properties, `$ref`s and non-optional array items. */
function requiredEdges(root: JsonSchema, schema: JsonSchema, pointer: string): Array<{ target: JsonSchema; from: string }> {
	const edges: Array<{ target: JsonSchema; from: string }> = [];
	if (typeof schema.$ref === 'string') {
		const target = resolveRef(root, schema.$ref);
		if (target) edges.push({ target: target.schema, from: pointer });
	}
	const properties = isJsonObject(schema.properties) ? schema.properties : {};
	for (const name of Array.isArray(schema.required) ? schema.required : []) {
		const child = typeof name === 'string' && Object.hasOwn(properties, name) ? properties[name] : undefined;
		if (isJsonObject(child)) edges.push({ target: child, from: childPointer(childPointer(pointer, 'properties'), name as string) });
	}
	if (isJsonObject(schema.items) && typeof schema.minItems === 'number' && schema.minItems > 0) {
		edges.push({ target: schema.items, from: childPointer(pointer, 'items') });
	}
	return edges;
}

/** Gemini unrolls recursive `$ref`s only through optional properties (§6): a required loop never ends. */
function checkRequiredCycles(root: JsonSchema, fail: Fail): void {
	const pointers = new Map(allSchemas(root).map((entry) => [entry.schema, entry.pointer]));
	const done = new Set<JsonSchema>();
	const onPath = new Set<JsonSchema>();
	const visit = (schema: JsonSchema, pointer: string): void => {
		if (done.has(schema)) return;
		onPath.add(schema);
		for (const edge of requiredEdges(root, schema, pointer)) {
			if (onPath.has(edge.target)) {
				fail(edge.from, `refers back to ${describePointer(pointers.get(edge.target) ?? '')} {at} through required properties only; Gemini unrolls recursive "$ref"s only through optional properties, so make one of them optional`);
			}
			visit(edge.target, pointers.get(edge.target) ?? edge.from);
		}
		onPath.delete(schema);
		done.add(schema);
	};
	for (const [schema, pointer] of pointers) visit(schema, pointer);
}

/**
 * Throws a SchemaError naming `parameter` and the JSON Pointer of the first thing Gemini would
 * not accept: an unknown keyword, a malformed value, a `$ref` that does not resolve, a
 * `required` name missing from `properties`, a top level that is not an object or array schema,
 * or a recursion through required properties.
 */
export function assertGeminiSupports(schema: JsonSchema, parameter: string): void {
	const fail = failer(parameter);
	if (!isJsonObject(schema)) {
		throw schemaError(parameter, `must be a JSON Schema object; got ${showValue(schema)}`);
	}
	checkSchemaNode(schema, schema, '', fail);
	checkTopLevel(schema, fail);
	checkRequiredCycles(schema, fail);
}

/** A copy without `$schema` and `$comment` anywhere (they only describe the document). */
export function withoutMetaKeywords(schema: JsonSchema): JsonSchema {
	// fromEntries, not assignment: a key named __proto__ must stay a plain property.
	return Object.fromEntries(
		Object.entries(schema)
			.filter(([keyword]) => !META_KEYWORDS.includes(keyword))
			.map(([keyword, value]) => [keyword, copySubschemas(keyword, value)]),
	);
}

function copySubschema(value: unknown): unknown {
	return isJsonObject(value) ? withoutMetaKeywords(value) : value;
}

function copySubschemas(keyword: string, value: unknown): unknown {
	if ((keyword === 'properties' || keyword === '$defs') && isJsonObject(value)) {
		return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, copySubschema(child)]));
	}
	if ((keyword === 'prefixItems' || keyword === 'anyOf' || keyword === 'oneOf') && Array.isArray(value)) {
		return value.map(copySubschema);
	}
	if (keyword === 'items' || keyword === 'additionalProperties') return copySubschema(value);
	return value;
}

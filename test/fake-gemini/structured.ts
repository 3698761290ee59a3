/**
 * Deterministic structured answers for `responseMimeType: application/json` (a value valid for
 * `responseJsonSchema` / `responseSchema`) and `text/x.enum` (the first enum value), plus the JSON
 * faults of the `json-broken`, `json-truncated`, `json-violation` and `json-fenced` directives.
 *
 * Sample values: strings `fake <property>` (`fake <property> 2` for the second array element, …),
 * integers 42, numbers 42.5 (both moved into minimum/maximum/multipleOf), booleans true,
 * date `2026-01-15`, date-time `2026-01-15T09:30:00Z`, enums and consts their first value, anyOf/oneOf
 * the first variant that is not `null`, arrays 2 elements (within minItems/maxItems). Every declared
 * property is present, except inside a recursion (a `$ref` already being expanded further up) and
 * below a nesting depth of 8: there only the required ones, and arrays have minItems elements.
 */
import { isRecord } from './types';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

/** `responseJsonSchema` keeps the declared property order; `responseSchema` (OpenAPI) sorts by name unless `propertyOrdering`. */
export type SchemaFlavor = 'json-schema' | 'openapi';

export const SAMPLE_DATE = '2026-01-15';
export const SAMPLE_DATE_TIME = '2026-01-15T09:30:00Z';
export const SAMPLE_INTEGER = 42;
export const SAMPLE_NUMBER = 42.5;
/** What `json-violation` puts in place of the first required number. */
export const VIOLATION_VALUE = 'twelve';

const DEFAULT_ITEMS = 2;
/** Nesting depth from which only required properties and minItems elements are generated. */
const MINIMAL_DEPTH = 8;
/** Nesting depth at which a (recursive, required) schema gives up with `null`. */
const MAX_DEPTH = 32;

const FORMATS: Record<string, string> = {
	date: SAMPLE_DATE,
	'date-time': SAMPLE_DATE_TIME,
	time: '09:30:00',
	duration: 'P1D',
	email: 'someone@example.com',
	uri: 'https://example.com/',
	url: 'https://example.com/',
	uuid: '00000000-0000-4000-8000-000000000000',
	hostname: 'example.com',
	ipv4: '192.0.2.1',
	ipv6: '2001:db8::1',
};

/** A number, or a proto int64 sent as a numeric string (`"minItems": "2"`). */
function num(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

/** The schema's types, lower-cased (`['string', 'null']` for a type array or OpenAPI `nullable`). */
function typesOf(schema: Schema): string[] {
	const raw = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
	return raw.filter((type): type is string => typeof type === 'string').map((type) => type.toLowerCase());
}

/** The one type a sample is made of: the first that is not `null`, else guessed from the keywords. */
function typeOf(schema: Schema): string | undefined {
	const types = typesOf(schema);
	const concrete = types.find((type) => type !== 'null') ?? types[0];
	if (concrete !== undefined) return concrete;
	if (isRecord(schema.properties) || Array.isArray(schema.required)) return 'object';
	if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return 'array';
	return undefined;
}

/** Follows a local JSON Pointer `$ref` (`#`, `#/$defs/X`, `#/definitions/X`, `#/properties/a/items`, …). */
function follow(ref: string, root: Schema): unknown {
	if (ref === '#') return root;
	if (!ref.startsWith('#/')) return undefined;
	let node: unknown = root;
	for (const token of ref.slice(2).split('/')) {
		const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
		if (Array.isArray(node)) node = node[Number(key)];
		else if (isRecord(node)) node = node[key];
		else return undefined;
	}
	return node;
}

/**
 * The schema with `$ref` followed (sibling keywords kept, as in JSON Schema 2020-12) and `allOf`
 * merged in (properties and required lists joined, other keywords: later wins).
 */
export function resolve(input: unknown, root: Schema, hops = 0): Schema {
	if (input === true) return {};
	if (!isRecord(input) || hops > 16) return {};
	let schema = input;
	if (typeof schema.$ref === 'string') {
		const { $ref, ...siblings } = schema;
		schema = { ...resolve(follow($ref as string, root), root, hops + 1), ...siblings };
	}
	if (Array.isArray(schema.allOf)) {
		const { allOf, ...rest } = schema;
		let merged: Schema = {};
		for (const part of [...(allOf as unknown[]), rest]) {
			const next = resolve(part, root, hops + 1);
			const properties = { ...(isRecord(merged.properties) ? merged.properties : {}), ...(isRecord(next.properties) ? next.properties : {}) };
			const required = [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(next.required) ? next.required : [])];
			merged = { ...merged, ...next, properties, required };
		}
		schema = merged;
	}
	return schema;
}

const isNullOnly = (schema: Schema): boolean => {
	const types = typesOf(schema);
	return types.length === 1 && types[0] === 'null';
};

function variantsOf(schema: Schema): unknown[] | undefined {
	const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
	return variants && variants.length > 0 ? variants : undefined;
}

function jsonTypeOf(value: Json): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/** Which anyOf/oneOf variant a value was (or would be) made from: the first non-null one of its JSON type. */
function variantIndex(variants: unknown[], root: Schema, value?: Json): number {
	const resolved = variants.map((variant) => resolve(variant, root));
	const wanted = value === undefined ? undefined : jsonTypeOf(value);
	const fits = (schema: Schema): boolean => {
		const type = typeOf(schema);
		return wanted === undefined || type === wanted || (wanted === 'number' && type === 'integer');
	};
	const index = resolved.findIndex((schema) => !isNullOnly(schema) && fits(schema));
	return index >= 0 ? index : Math.max(0, resolved.findIndex((schema) => !isNullOnly(schema)));
}

function sampleNumber(schema: Schema, integer: boolean): number {
	const step = integer ? 1 : 0.5;
	// OpenAPI 3.0 writes exclusiveMinimum: true next to minimum; 2020-12 writes the bound itself.
	const exclusiveLow = schema.exclusiveMinimum === true || num(schema.exclusiveMinimum) !== undefined;
	const exclusiveHigh = schema.exclusiveMaximum === true || num(schema.exclusiveMaximum) !== undefined;
	const low = num(schema.exclusiveMinimum) ?? num(schema.minimum);
	const high = num(schema.exclusiveMaximum) ?? num(schema.maximum);
	const lowest = low === undefined ? -Infinity : integer ? (exclusiveLow ? Math.floor(low) + 1 : Math.ceil(low)) : exclusiveLow ? low + step : low;
	const highest = high === undefined ? Infinity : integer ? (exclusiveHigh ? Math.ceil(high) - 1 : Math.floor(high)) : exclusiveHigh ? high - step : high;
	let value = integer ? SAMPLE_INTEGER : SAMPLE_NUMBER;
	if (lowest > highest && low !== undefined && high !== undefined) value = integer ? Math.ceil((low + high) / 2) : (low + high) / 2;
	else if (value < lowest) value = lowest;
	else if (value > highest) value = highest;
	const multipleOf = num(schema.multipleOf);
	if (multipleOf !== undefined && multipleOf > 0) {
		let multiple = Math.ceil(value / multipleOf) * multipleOf;
		if (multiple > highest) multiple -= multipleOf;
		value = Number(multiple.toPrecision(12));
	}
	return value;
}

function sampleString(schema: Schema, name: string, index: number): string {
	const format = typeof schema.format === 'string' ? schema.format.toLowerCase() : '';
	let text = FORMATS[format] ?? (index > 0 ? `fake ${name} ${index + 1}` : `fake ${name}`);
	const minLength = num(schema.minLength);
	const maxLength = num(schema.maxLength);
	if (minLength !== undefined && text.length < minLength) text = text.padEnd(minLength, 'x');
	if (maxLength !== undefined && text.length > maxLength) text = text.slice(0, maxLength);
	return text;
}

function propertyKeys(schema: Schema, flavor: SchemaFlavor): string[] {
	const properties = isRecord(schema.properties) ? schema.properties : {};
	const ordering = Array.isArray(schema.propertyOrdering) ? schema.propertyOrdering.map(String).filter((key) => Object.hasOwn(properties, key)) : [];
	const rest = Object.keys(properties).filter((key) => !ordering.includes(key));
	if (flavor === 'openapi') rest.sort();
	return [...ordering, ...rest];
}

function requiredOf(schema: Schema): string[] {
	return Array.isArray(schema.required) ? schema.required.map(String) : [];
}

interface Walk {
	root: Schema;
	flavor: SchemaFlavor;
}

/** How deep a sample is, which `$ref`s are being expanded above it, and whether it is kept minimal. */
interface Level {
	depth: number;
	refs: readonly string[];
	minimal: boolean;
}

const below = (level: Level): Level => ({ ...level, depth: level.depth + 1 });

function sampleArray(schema: Schema, walk: Walk, name: string, level: Level): Json[] {
	const minItems = num(schema.minItems) ?? 0;
	const maxItems = num(schema.maxItems);
	const wanted = level.minimal ? minItems : Math.max(minItems, Math.min(DEFAULT_ITEMS, maxItems ?? DEFAULT_ITEMS));
	const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
	const unique = schema.uniqueItems === true;
	return Array.from({ length: wanted }, (_unused, index) =>
		sample(index < prefix.length ? prefix[index] : schema.items, walk, name, below(level), { index, unique }),
	);
}

function sampleObject(schema: Schema, walk: Walk, level: Level, at: Position): { [key: string]: Json } {
	const properties = isRecord(schema.properties) ? schema.properties : {};
	const required = requiredOf(schema);
	const extra = isRecord(schema.additionalProperties) ? schema.additionalProperties : {};
	const keys = propertyKeys(schema, walk.flavor).filter((key) => !level.minimal || required.includes(key));
	const result: { [key: string]: Json } = {};
	// The second element of an array of objects gets `fake <name> 2` strings all the way down.
	const inside: Position = { index: at.index, unique: false };
	for (const key of keys) result[key] = sample(properties[key], walk, key, below(level), inside);
	for (const key of required) if (!Object.hasOwn(result, key)) result[key] = sample(properties[key] ?? extra, walk, key, below(level), inside);
	return result;
}

/** Where a value sits: its index in the enclosing array, and whether that array wants unique items. */
interface Position {
	index: number;
	unique: boolean;
}

const FIRST: Position = { index: 0, unique: false };

/**
 * A value valid for the schema. Strings in the second array element read `fake <name> 2`; in a
 * `uniqueItems` array enums take the index-th value, numbers count up and booleans alternate.
 */
function sample(input: unknown, walk: Walk, name: string, entered: Level, at: Position): Json {
	if (entered.depth > MAX_DEPTH || input === false) return null;
	const ref = isRecord(input) && typeof input.$ref === 'string' ? input.$ref : undefined;
	const recursion = ref !== undefined && entered.refs.includes(ref);
	const level: Level = {
		depth: entered.depth,
		refs: ref === undefined ? entered.refs : [...entered.refs, ref],
		minimal: entered.minimal || recursion || entered.depth >= MINIMAL_DEPTH,
	};
	const schema = resolve(input, walk.root);
	if ('const' in schema) return schema.const as Json;
	if (Array.isArray(schema.enum) && schema.enum.length > 0) {
		return schema.enum[at.unique ? Math.min(at.index, schema.enum.length - 1) : 0] as Json;
	}
	const variants = variantsOf(schema);
	if (variants) {
		// Inside a recursion a nullable reference stops with null.
		if (level.minimal && variants.some((variant) => isNullOnly(resolve(variant, walk.root)))) return null;
		const { anyOf: _anyOf, oneOf: _oneOf, ...shared } = schema;
		// The variant as written (its `$ref` still there, so that a recursion through it is noticed).
		const variant = variants[variantIndex(variants, walk.root)];
		return sample(isRecord(variant) ? { ...shared, ...variant } : variant, walk, name, level, at);
	}
	const counted = (value: number): number => (at.unique ? value + at.index * (num(schema.multipleOf) ?? 1) : value);
	switch (typeOf(schema)) {
		case 'string':
			return sampleString(schema, name, at.index);
		case 'integer':
			return counted(sampleNumber(schema, true));
		case 'number':
			return counted(sampleNumber(schema, false));
		case 'boolean':
			return !(at.unique && at.index % 2 === 1);
		case 'null':
			return null;
		case 'array':
			return sampleArray(schema, walk, name, level);
		case 'object':
			return sampleObject(schema, walk, level, at);
		default:
			return sampleString(schema, name, at.index);
	}
}

/** A deterministic value valid for the schema (`responseJsonSchema` or OpenAPI `responseSchema`). */
export function sampleFor(schema: unknown, flavor: SchemaFlavor): Json {
	const root = isRecord(schema) ? schema : {};
	return sample(root, { root, flavor }, 'value', { depth: 0, refs: ['#'], minimal: false }, FIRST);
}

/** The answer text for a structured request, or undefined when the request wants plain text. */
export function structuredAnswer(mimeType: string | undefined, schema: unknown, flavor: SchemaFlavor, echoed: string): string | undefined {
	if (mimeType === 'text/x.enum') {
		const values = isRecord(schema) && Array.isArray(schema.enum) ? schema.enum : [];
		return values.length > 0 ? String(values[0]) : 'UNKNOWN';
	}
	if (mimeType !== 'application/json') return undefined;
	if (!isRecord(schema)) return JSON.stringify({ echo: echoed });
	return JSON.stringify(sampleFor(schema, flavor));
}

/* ---- json-violation ---- */

/** Typed number/integer (not also string); an anyOf/oneOf counts when all its non-null variants do (`Optional[int]`). */
function isNumberSchema(schema: Schema, root: Schema): boolean {
	const variants = variantsOf(schema);
	if (variants) {
		const concrete = variants.map((variant) => resolve(variant, root)).filter((variant) => !isNullOnly(variant));
		if (concrete.length > 0 && concrete.every((variant) => isNumberSchema(variant, root))) return true;
	}
	const types = typesOf(schema);
	return types.some((type) => type === 'number' || type === 'integer') && !types.includes('string');
}

type Visit = (parent: { [key: string]: Json }, key: string, schema: Schema, required: boolean) => boolean;

/** Depth-first (pre-order) over the value's object properties, in the value's key order; stops when `visit` says so. */
function walkProperties(value: Json, input: unknown, root: Schema, visit: Visit, depth = 0): boolean {
	if (depth > MAX_DEPTH) return false;
	let schema = resolve(input, root);
	const variants = variantsOf(schema);
	if (variants) schema = { ...schema, ...resolve(variants[variantIndex(variants, root, value)], root) };
	if (Array.isArray(value)) {
		const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
		return value.some((item, index) => walkProperties(item, index < prefix.length ? prefix[index] : schema.items, root, visit, depth + 1));
	}
	if (!isRecord(value)) return false;
	const object = value as { [key: string]: Json };
	const properties = isRecord(schema.properties) ? schema.properties : {};
	const extra = isRecord(schema.additionalProperties) ? schema.additionalProperties : {};
	const required = requiredOf(schema);
	for (const key of Object.keys(object)) {
		const child = resolve(Object.hasOwn(properties, key) ? properties[key] : extra, root);
		if (visit(object, key, child, required.includes(key))) return true;
		if (walkProperties(object[key], child, root, visit, depth + 1)) return true;
	}
	return false;
}

export type ViolationRule = 'number-as-string' | 'dropped-required' | 'whole-value';

/**
 * Breaks a valid value in a predictable way (directive `json-violation`):
 * 1. the first required property typed number/integer (type arrays with `null` count, a `string`
 *    alternative does not), depth-first in the answer's key order, becomes the string `"twelve"`;
 * 2. else the first required property, depth-first, is removed;
 * 3. else (no required property anywhere) the whole answer becomes the string `"twelve"`.
 */
export function violate(value: Json, schema: unknown): { value: Json; rule: ViolationRule } {
	const root = isRecord(schema) ? schema : {};
	const copy = JSON.parse(JSON.stringify(value)) as Json;
	const asString = walkProperties(copy, root, root, (parent, key, child, required) => {
		if (!required || !isNumberSchema(child, root)) return false;
		parent[key] = VIOLATION_VALUE;
		return true;
	});
	if (asString) return { value: copy, rule: 'number-as-string' };
	const dropped = walkProperties(copy, root, root, (parent, key, _child, required) => {
		if (!required) return false;
		delete parent[key];
		return true;
	});
	if (dropped) return { value: copy, rule: 'dropped-required' };
	return { value: VIOLATION_VALUE, rule: 'whole-value' };
}

/* ---- json-broken, json-truncated, json-fenced ---- */

export type BrokenStyle = 'comma' | 'key';

function parses(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/**
 * Syntactically invalid JSON (directive `json-broken`). `comma`: a comma before the last closing
 * `}` / `]` (`{"a":1,}`; a scalar gets one appended). `key`: the first object key loses its quotes
 * (`{a:1}`), falling back to `comma` when there is no key.
 */
export function breakJson(text: string, style: BrokenStyle): string {
	if (style === 'key') {
		const unquoted = text.replace(/^(\s*(?:\[\s*)*\{\s*)"((?:[^"\\]|\\.)*)"(\s*:)/, '$1$2$3');
		if (unquoted !== text && !parses(unquoted)) return unquoted;
	}
	const body = text.trimEnd();
	const last = body[body.length - 1];
	if (last === '}' || last === ']') return `${body.slice(0, -1)},${body.slice(-1)}${text.slice(body.length)}`;
	return `${body},`;
}

/**
 * The JSON cut off in the middle (directive `json-truncated`): its first half (rounded down, never
 * inside a surrogate pair), lengthened a character at a time while that prefix would still parse.
 */
export function truncateJson(text: string): string {
	let cut = Math.floor(text.length / 2);
	const adjust = (): void => {
		const code = text.charCodeAt(cut - 1);
		if (code >= 0xd800 && code <= 0xdbff) cut += 1;
	};
	adjust();
	while (cut < text.length && cut > 0 && parses(text.slice(0, cut))) {
		cut += 1;
		adjust();
	}
	return cut >= text.length ? '' : text.slice(0, cut);
}

export const FENCE_OPEN = '```json\n';
export const FENCE_CLOSE = '\n```';

export interface JsonFaults {
	violation?: boolean;
	broken?: BrokenStyle;
	truncated?: boolean;
	fenced?: boolean;
}

export interface FaultedJson {
	text: string;
	finishReason: 'STOP' | 'MAX_TOKENS';
}

/** Applies the faults in this order: violation, broken, truncated (MAX_TOKENS), fences (a truncated answer keeps only the opening fence). */
export function applyJsonFaults(valid: string, schema: unknown, faults: JsonFaults): FaultedJson {
	let text = valid;
	if (faults.violation) text = JSON.stringify(violate(JSON.parse(valid) as Json, schema).value);
	if (faults.broken) text = breakJson(text, faults.broken);
	if (faults.truncated) text = truncateJson(text);
	if (faults.fenced) text = faults.truncated ? `${FENCE_OPEN}${text}` : `${FENCE_OPEN}${text}${FENCE_CLOSE}`;
	return { text, finishReason: faults.truncated ? 'MAX_TOKENS' : 'STOP' };
}

/**
 * Example JSON → JSON Schema. Every key of the example is required at its level; list elements
 * are merged (a key is required when every element has it); `null` makes a value nullable
 * (`"type": ["string", "null"]`, standard JSON Schema that responseJsonSchema takes); a value
 * seen only as null is a nullable string.
 *
 * Numbers are always `number`, never `integer`: an example holds one value, and `"total": 120`
 * must not forbid `120.5` in real answers (`number` accepts whole numbers too). Strings shaped
 * like `2026-01-31` become `format: date`, full ISO timestamps `format: date-time`.
 */
import { isIsoDate, isIsoDateTime } from './formats';
import { lineAndColumn, parseJsonText } from './jsonText';
import { childPointer, describePointer } from './schemaWalk';
import { isJsonObject, schemaError, showValue, type JsonSchema } from './types';

type Shape =
	| { kind: 'unknown' } // only null seen so far
	| { kind: 'string'; format?: 'date' | 'date-time' }
	| { kind: 'number' }
	| { kind: 'boolean' }
	| { kind: 'array'; items: Inferred | undefined; pointer: string }
	| { kind: 'object'; properties: Map<string, Inferred>; required: Set<string> };

interface Inferred {
	shape: Shape;
	nullable: boolean;
}

const PARAMETER = 'example';
function fail(pointer: string, problem: string): never {
	throw schemaError(PARAMETER, problem.replace('{at}', `at ${describePointer(pointer)}`));
}

function stringShape(text: string): Shape {
	if (isIsoDate(text)) return { kind: 'string', format: 'date' };
	// Only full timestamps: "2026-01-31 09:30" in an example is more likely free text.
	if (text.includes('T') && isIsoDateTime(text)) return { kind: 'string', format: 'date-time' };
	return { kind: 'string' };
}

function inferObject(value: Record<string, unknown>, pointer: string): Shape {
	const properties = new Map<string, Inferred>();
	for (const [key, child] of Object.entries(value)) {
		// A key named __proto__ would become the prototype of the extracted object.
		if (key === '__proto__') fail(childPointer(pointer, key), 'uses the reserved key "__proto__" {at}');
		properties.set(key, infer(child, childPointer(pointer, key)));
	}
	return { kind: 'object', properties, required: new Set(properties.keys()) };
}

function inferArray(value: unknown[], pointer: string): Shape {
	let items: Inferred | undefined;
	value.forEach((element, index) => {
		const inferred = infer(element, childPointer(pointer, index));
		items = items ? merge(items, inferred, childPointer(pointer, index)) : inferred;
	});
	return { kind: 'array', items, pointer };
}

function infer(value: unknown, pointer: string): Inferred {
	if (value === null) return { shape: { kind: 'unknown' }, nullable: true };
	if (typeof value === 'string') return { shape: stringShape(value), nullable: false };
	if (typeof value === 'number') return { shape: { kind: 'number' }, nullable: false };
	if (typeof value === 'boolean') return { shape: { kind: 'boolean' }, nullable: false };
	if (Array.isArray(value)) return { shape: inferArray(value, pointer), nullable: false };
	return { shape: inferObject(value as Record<string, unknown>, pointer), nullable: false };
}

function mergeObjects(a: Extract<Shape, { kind: 'object' }>, b: Extract<Shape, { kind: 'object' }>, pointer: string): Shape {
	const properties = new Map(a.properties);
	for (const [key, inferred] of b.properties) {
		const known = properties.get(key);
		properties.set(key, known ? merge(known, inferred, childPointer(pointer, key)) : inferred);
	}
	// Required only when every element has the key.
	const required = new Set([...a.required].filter((key) => b.required.has(key)));
	return { kind: 'object', properties, required };
}

function mergeShapes(a: Shape, b: Shape, pointer: string): Shape {
	if (a.kind === 'unknown') return b;
	if (b.kind === 'unknown') return a;
	if (a.kind !== b.kind) fail(pointer, `mixes ${a.kind} and ${b.kind} values {at}; use one type per field, or write a JSON Schema for mixed types`);
	if (a.kind === 'string' && b.kind === 'string') return a.format === b.format ? a : { kind: 'string' };
	if (a.kind === 'object' && b.kind === 'object') return mergeObjects(a, b, pointer);
	if (a.kind === 'array' && b.kind === 'array') {
		if (!a.items || !b.items) return a.items ? a : b;
		return { kind: 'array', items: merge(a.items, b.items, pointer), pointer: a.pointer };
	}
	return a;
}

function merge(a: Inferred, b: Inferred, pointer: string): Inferred {
	return { shape: mergeShapes(a.shape, b.shape, pointer), nullable: a.nullable || b.nullable };
}

function typeOf(base: string, nullable: boolean): string | string[] {
	return nullable ? [base, 'null'] : base;
}

function render(inferred: Inferred): JsonSchema {
	const { shape, nullable } = inferred;
	switch (shape.kind) {
		case 'unknown':
			return { type: ['string', 'null'] };
		case 'string':
			if (shape.format === 'date') return { type: typeOf('string', nullable), format: 'date', description: 'A date as YYYY-MM-DD' };
			if (shape.format === 'date-time') return { type: typeOf('string', nullable), format: 'date-time' };
			return { type: typeOf('string', nullable) };
		case 'number':
		case 'boolean':
			return { type: typeOf(shape.kind, nullable) };
		case 'array':
			if (!shape.items) {
				fail(shape.pointer, 'has an empty list {at}; put one example element in it so the element type is known');
			}
			return { type: typeOf('array', nullable), items: render(shape.items) };
		case 'object':
			return renderObject(shape, nullable);
	}
}

function renderObject(shape: Extract<Shape, { kind: 'object' }>, nullable: boolean): JsonSchema {
	const keys = [...shape.properties.keys()];
	const required = keys.filter((key) => shape.required.has(key));
	return {
		type: typeOf('object', nullable),
		properties: Object.fromEntries(keys.map((key) => [key, render(shape.properties.get(key) as Inferred)])),
		...(required.length > 0 ? { required } : {}),
		propertyOrdering: keys,
	};
}

function parseExample(text: string): unknown {
	if (text.trim() === '') throw schemaError(PARAMETER, 'is empty; paste an example of the result, e.g. {"invoiceNumber": "INV-001", "total": 120.5}');
	const parsed = parseJsonText(text);
	if (!parsed.ok) {
		const { line, column } = lineAndColumn(text, parsed.position);
		throw schemaError(PARAMETER, `is not valid JSON: ${parsed.message} at position ${parsed.position} (line ${line}, column ${column})`);
	}
	return parsed.value;
}

/**
 * The JSON Schema for an example of the wanted result (an object or a list at the top level).
 * Throws SchemaError naming `example` for invalid JSON (with its position), a top-level scalar,
 * an empty list, or a list mixing types (with the JSON Pointer of the place).
 */
export function schemaFromExample(text: string): JsonSchema {
	const value = parseExample(text);
	if (!isJsonObject(value) && !Array.isArray(value)) {
		throw schemaError(PARAMETER, `must be a JSON object or list at the top level, e.g. {"total": 120.5}; got ${showValue(value)}`);
	}
	return render(infer(value, ''));
}

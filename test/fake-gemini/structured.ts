/**
 * Deterministic structured answers for `responseMimeType: application/json` (a value that fits
 * `responseSchema` / `responseJsonSchema`) and `text/x.enum` (the first enum value).
 */
import { isRecord } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DEPTH = 6;

function typeOf(schema: Record<string, unknown>): string | undefined {
	const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
	if (typeof type === 'string') return type.toLowerCase();
	if (isRecord(schema.properties)) return 'object';
	if (schema.items !== undefined) return 'array';
	return undefined;
}

function resolveRef(schema: Record<string, unknown>, root: Record<string, unknown>): Record<string, unknown> {
	if (typeof schema.$ref !== 'string') return schema;
	const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(schema.$ref);
	const defs = match ? root[match[1]] : undefined;
	const target = match && isRecord(defs) ? defs[match[2]] : undefined;
	return isRecord(target) ? target : {};
}

function sampleString(schema: Record<string, unknown>, name: string): string {
	switch (schema.format) {
		case 'date':
			return '2026-01-01';
		case 'date-time':
			return '2026-01-01T00:00:00Z';
		case 'email':
			return 'someone@example.com';
		case 'uri':
			return 'https://example.com/';
		default:
			return `fake ${name}`;
	}
}

function sample(input: unknown, root: Record<string, unknown>, name: string, depth: number): Json {
	if (!isRecord(input) || depth > MAX_DEPTH) return null;
	const schema = resolveRef(input, root);
	if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
	if ('const' in schema) return schema.const as Json;
	const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
	if (variants && variants.length > 0) return sample(variants[0], root, name, depth + 1);
	const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
	switch (typeOf(schema)) {
		case 'string':
			return sampleString(schema, name);
		case 'integer':
			return minimum !== undefined ? Math.ceil(minimum) : 1;
		case 'number':
			return minimum ?? 1.5;
		case 'boolean':
			return true;
		case 'null':
			return null;
		case 'array': {
			const count = typeof schema.minItems === 'number' ? Math.max(1, schema.minItems) : 1;
			return Array.from({ length: Math.min(count, 5) }, () => sample(schema.items, root, name, depth + 1));
		}
		case 'object': {
			const properties = isRecord(schema.properties) ? schema.properties : {};
			const ordering = Array.isArray(schema.propertyOrdering) ? schema.propertyOrdering.map(String) : [];
			const keys = [...ordering.filter((key) => key in properties), ...Object.keys(properties).filter((key) => !ordering.includes(key))];
			const result: { [key: string]: Json } = {};
			for (const key of keys) result[key] = sample(properties[key], root, key, depth + 1);
			return result;
		}
		default:
			return `fake ${name}`;
	}
}

/** The answer text for a structured request, or undefined when the request wants plain text. */
export function structuredAnswer(
	mimeType: string | undefined,
	schema: unknown,
	echoed: string,
): string | undefined {
	if (mimeType === 'text/x.enum') {
		const values = isRecord(schema) && Array.isArray(schema.enum) ? schema.enum : [];
		return values.length > 0 ? String(values[0]) : 'UNKNOWN';
	}
	if (mimeType !== 'application/json') return undefined;
	if (!isRecord(schema)) return JSON.stringify({ echo: echoed });
	return JSON.stringify(sample(schema, schema, 'value', 0));
}

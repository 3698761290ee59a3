import { SchemaError, type JsonSchema } from '../../../nodes/shared/schema';

/** The SchemaError `fn` throws (fails the test when it throws something else or nothing). */
export function schemaErrorOf(fn: () => unknown): SchemaError {
	try {
		fn();
	} catch (error) {
		if (error instanceof SchemaError) return error;
		throw error;
	}
	throw new Error('expected a SchemaError, nothing was thrown');
}

/** A value that fits `schema` (the fields/example subset): two elements per list. */
export function sampleFor(schema: JsonSchema, seed = 0): unknown {
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	if (Array.isArray(schema.enum)) return schema.enum[seed % schema.enum.length];
	switch (type) {
		case 'string':
			return schema.format === 'date' ? '2026-01-31' : `text ${seed}`;
		case 'number':
			return 1.5 + seed;
		case 'integer':
			return 3 + seed;
		case 'boolean':
			return seed % 2 === 0;
		case 'array':
			return [0, 1].map((index) => sampleFor(schema.items as JsonSchema, index));
		case 'object':
			return Object.fromEntries(
				Object.entries(schema.properties as Record<string, JsonSchema>).map(([key, child]) => [key, sampleFor(child, seed)]),
			);
		default:
			throw new Error(`no sample for type ${String(type)}`);
	}
}

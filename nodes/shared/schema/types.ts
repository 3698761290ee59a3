/**
 * Shared types of the Extract schema layer: the JSON Schema we send as `responseJsonSchema`
 * and the error every schema problem becomes, naming the node parameter to fix.
 */

/** A plain JSON Schema object (the subset https://ai.google.dev/gemini-api/docs/structured-output describes once checked). */
export type JsonSchema = { [k: string]: unknown };

/** Display names of the Extract node's schema parameters, used in every message. */
export const PARAMETER_LABELS: Readonly<Record<string, string>> = {
	schemaSource: 'Schema Source',
	fields: 'Fields',
	jsonSchema: 'JSON Schema',
	example: 'Example',
};

/** Display names of the properties of one row of `fields`. */
export const FIELD_PROPERTY_LABELS: Readonly<Record<string, string>> = {
	name: 'Name',
	type: 'Type',
	itemType: 'Item Type',
	enumValues: 'Values',
	description: 'Description',
	required: 'Required',
};

/** A schema that cannot be used; `parameter` is the path in the node's JSON (`fields.field[3].name`). */
export class SchemaError extends Error {
	constructor(
		readonly parameter: string,
		message: string,
	) {
		super(message);
		this.name = 'SchemaError';
	}
}

const FIELD_ROW = /^fields\.field\[(\d+)\]\.(\w+)$/;

/** The label users see for a parameter path, e.g. `Field 4 Name` for `fields.field[3].name`. */
export function parameterLabel(parameter: string): string {
	const row = FIELD_ROW.exec(parameter);
	if (row) {
		const property = FIELD_PROPERTY_LABELS[row[2]] ?? row[2];
		return `Field ${Number(row[1]) + 1} ${property}`;
	}
	return PARAMETER_LABELS[parameter] ?? parameter;
}

/** `Label (parameter)`, the way every message of this package starts. */
export function describeParameter(parameter: string): string {
	return `${parameterLabel(parameter)} (${parameter})`;
}

/** Builds the error for `parameter` with a message that starts with its label and path. */
export function schemaError(parameter: string, problem: string): SchemaError {
	return new SchemaError(parameter, `${describeParameter(parameter)} ${problem}`);
}

/** Plain object test for parsed JSON (arrays and null excluded). */
export function isJsonObject(value: unknown): value is JsonSchema {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short JSON rendering of a value for messages, cut at `max` characters. */
export function showValue(value: unknown, max = 40): string {
	const text = value === undefined ? 'undefined' : JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Fields → JSON Schema, so users describe nested data without writing JSON. Nesting is in the
 * field names: `customer.name` is a property of the object `customer`, `lineItems[].total` a
 * property of the objects in the list `lineItems`. Parents are created as needed and may also be
 * listed (Object, or Array of Object) to give them a description or make them required. A list
 * of scalars is a field of type Array with an Item Type (`tags` Array of String), never `tags[]`.
 *
 * Objects get `propertyOrdering` (Gemini 2.0 needs it, later models ignore it) and no
 * `additionalProperties`: Gemini already constrains its answer to the listed properties, and the
 * local validator strips keys that are not listed instead of failing the item over them.
 */
import { isJsonObject, schemaError, showValue, type JsonSchema } from './types';

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'enum', 'object', 'array'] as const;
export const ITEM_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'enum', 'object'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export type ItemType = (typeof ITEM_TYPES)[number];

/** One row of the `fields` parameter. */
export interface FieldSpec {
	/** Path such as `invoiceNumber`, `customer.name` or `lineItems[].total`. */
	name: string;
	type: FieldType;
	/** Element type when `type` is `array`; `object` makes a list whose fields are `name[].x`. */
	itemType?: ItemType;
	/** Comma-separated allowed values when the type (or item type) is `enum`. */
	enumValues?: string;
	description?: string;
	/** Unset means optional, as in JSON Schema. */
	required?: boolean;
}

const TYPE_LABELS: Readonly<Record<FieldType, string>> = {
	string: 'String',
	number: 'Number',
	integer: 'Integer',
	boolean: 'Boolean',
	date: 'Date',
	enum: 'Enum',
	object: 'Object',
	array: 'Array',
};

const SEGMENT = /^([A-Za-z0-9_-]+)(\[\])?$/;
const NAME_RULE = 'use letters, digits, _ and -, with . between nested names and [] after a list of objects (e.g. lineItems[].total)';

interface Segment {
	name: string;
	isList: boolean;
}

/** A row after checking, with its position for messages. */
interface Field {
	index: number;
	path: string;
	segments: Segment[];
	type: FieldType;
	itemType?: ItemType;
	enumValues: string[];
	description?: string;
	required: boolean;
}

type NodeKind = 'object' | 'objectList' | 'leaf';

interface TreeNode {
	kind: NodeKind;
	children: Map<string, TreeNode>;
	/** The row that lists this node itself; absent for parents created by a nested name. */
	field?: Field;
	/** The first row whose name goes through this node (for messages). */
	firstUse: Field;
}

/** Parameter path of one property of row `index`. */
export function fieldParameter(index: number, property: keyof FieldSpec): string {
	return `fields.field[${index}].${property}`;
}

function rowError(index: number, property: keyof FieldSpec, problem: string): never {
	throw schemaError(fieldParameter(index, property), problem);
}

function typeLabel(field: Field): string {
	if (field.type !== 'array') return TYPE_LABELS[field.type];
	return `Array of ${field.itemType ? TYPE_LABELS[field.itemType] : '?'}`;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
	return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function parseSegments(path: string, index: number): Segment[] {
	if (path === '') rowError(index, 'name', 'is empty; name the field, e.g. invoiceNumber or customer.name');
	const segments = path.split('.').map((text) => {
		const match = SEGMENT.exec(text);
		if (!match) {
			const problem = text === '' ? 'has an empty part between dots' : `has the part "${text}", which is not a valid name`;
			rowError(index, 'name', `"${path}" ${problem}; ${NAME_RULE}`);
		}
		// A key named __proto__ would become the prototype of the extracted object.
		if (match[1] === '__proto__') rowError(index, 'name', `"${path}" uses the reserved name __proto__`);
		return { name: match[1], isList: match[2] === '[]' };
	});
	if (segments[segments.length - 1].isList) {
		rowError(index, 'name', `"${path}" ends with []; for a list make the field's Type Array and choose its Item Type`);
	}
	return segments;
}

function parseEnumValues(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
	return [...new Set(list.map((value) => value.trim()).filter((value) => value !== ''))];
}

function readType(row: Record<string, unknown>, index: number): { type: FieldType; itemType?: ItemType } {
	const type = row.type ?? 'string';
	if (!isOneOf(type, FIELD_TYPES)) rowError(index, 'type', `is ${showValue(type)}; use one of ${FIELD_TYPES.join(', ')}`);
	if (type !== 'array') return { type };
	const itemType = row.itemType;
	// No silent default: a list of strings where the user meant numbers would pass unnoticed.
	if (itemType === undefined || itemType === null || itemType === '') {
		rowError(index, 'itemType', 'is missing; choose the type of the list elements');
	}
	if (!isOneOf(itemType, ITEM_TYPES)) {
		rowError(index, 'itemType', `is ${showValue(itemType)}; use one of ${ITEM_TYPES.join(', ')} (a list of lists is not supported)`);
	}
	return { type, itemType };
}

function readField(row: unknown, index: number): Field {
	if (!isJsonObject(row)) throw schemaError(`fields.field[${index}]`, `must be a field with a name and a type; got ${showValue(row)}`);
	const path = typeof row.name === 'string' ? row.name.trim() : '';
	const segments = parseSegments(path, index);
	const { type, itemType } = readType(row, index);
	const enumValues = parseEnumValues(row.enumValues);
	if ((type === 'enum' || itemType === 'enum') && enumValues.length === 0) {
		rowError(index, 'enumValues', `is empty; list the values "${path}" may take, separated by commas`);
	}
	const description = typeof row.description === 'string' && row.description.trim() !== '' ? row.description.trim() : undefined;
	return { index, path, segments, type, itemType, enumValues, description, required: row.required === true };
}

function kindOf(field: Field): NodeKind {
	if (field.type === 'object') return 'object';
	if (field.type === 'array' && field.itemType === 'object') return 'objectList';
	return 'leaf';
}

function rowName(field: Field): string {
	return `Field ${field.index + 1} ("${field.path}")`;
}

/** Goes one level down through a parent segment, creating the parent when it is new. */
function enterParent(parent: TreeNode, segment: Segment, field: Field): TreeNode {
	const wanted: NodeKind = segment.isList ? 'objectList' : 'object';
	const existing = parent.children.get(segment.name);
	if (!existing) {
		const node: TreeNode = { kind: wanted, children: new Map(), firstUse: field };
		parent.children.set(segment.name, node);
		return node;
	}
	if (existing.kind === 'leaf' && existing.field) {
		rowError(field.index, 'name', `"${field.path}" nests a field in "${segment.name}", but ${rowName(existing.field)} has type ${typeLabel(existing.field)}; only Object and Array of Object fields can have nested fields`);
	}
	if (existing.kind !== wanted) {
		const written = existing.kind === 'objectList' ? `${segment.name}[]` : segment.name;
		rowError(field.index, 'name', `"${field.path}" uses "${segment.name}" as ${segment.isList ? 'a list of objects' : 'an object'}, but ${rowName(existing.field ?? existing.firstUse)} uses it as ${existing.kind === 'objectList' ? 'a list of objects' : 'an object'}; write ${written} in both`);
	}
	return existing;
}

/** Places the field at the end of its path, or attaches it to a parent created earlier. */
function placeField(parent: TreeNode, segment: Segment, field: Field): void {
	const kind = kindOf(field);
	const existing = parent.children.get(segment.name);
	if (!existing) {
		parent.children.set(segment.name, { kind, children: new Map(), field, firstUse: field });
		return;
	}
	if (existing.field) rowError(field.index, 'name', `"${field.path}" is the same field as ${rowName(existing.field)}; each field needs its own name`);
	if (existing.kind !== kind) {
		const needed = existing.kind === 'objectList' ? 'Array with Item Type Object' : 'Object';
		rowError(field.index, 'type', `is ${typeLabel(field)}, but ${rowName(existing.firstUse)} nests fields in "${field.path}"; make it ${needed}`);
	}
	existing.field = field;
}

function buildTree(fields: Field[]): TreeNode {
	const root: TreeNode = { kind: 'object', children: new Map(), firstUse: fields[0] };
	for (const field of fields) {
		let node = root;
		for (const segment of field.segments.slice(0, -1)) node = enterParent(node, segment, field);
		placeField(node, field.segments[field.segments.length - 1], field);
	}
	return root;
}

function assertContainersHaveFields(node: TreeNode): void {
	for (const child of node.children.values()) {
		if (child.kind !== 'leaf' && child.children.size === 0 && child.field) {
			const example = `${child.field.path}${child.kind === 'objectList' ? '[]' : ''}.name`;
			rowError(child.field.index, 'name', `"${child.field.path}" is ${typeLabel(child.field)} but no field is nested in it; add fields such as ${example}`);
		}
		assertContainersHaveFields(child);
	}
}

/** A listed field is required when its row says so; a parent only named in paths when any child is. */
function isRequired(node: TreeNode): boolean {
	if (node.field) return node.field.required;
	return [...node.children.values()].some(isRequired);
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
	if (description === undefined) return schema;
	const [typeEntry, ...rest] = Object.entries(schema);
	return Object.fromEntries([typeEntry, ['description', description], ...rest]);
}

function scalarSchema(type: Exclude<ItemType, 'object'>, enumValues: string[], description: string | undefined): JsonSchema {
	if (type === 'date') {
		// The format is a hint to the model; the description makes the wanted shape explicit.
		return { type: 'string', format: 'date', description: description ? `${description} (YYYY-MM-DD)` : 'A date as YYYY-MM-DD' };
	}
	if (type === 'enum') return withDescription({ type: 'string', enum: enumValues }, description);
	return withDescription({ type }, description);
}

function objectSchema(children: Map<string, TreeNode>): JsonSchema {
	const entries = [...children.entries()];
	const required = entries.filter(([, child]) => isRequired(child)).map(([name]) => name);
	return {
		type: 'object',
		properties: Object.fromEntries(entries.map(([name, child]) => [name, nodeSchema(child)])),
		...(required.length > 0 ? { required } : {}),
		propertyOrdering: entries.map(([name]) => name),
	};
}

function nodeSchema(node: TreeNode): JsonSchema {
	const field = node.field;
	const description = field?.description;
	if (node.kind === 'object') return withDescription(objectSchema(node.children), description);
	if (node.kind === 'objectList') return withDescription({ type: 'array', items: objectSchema(node.children) }, description);
	// A leaf always has its row (parents created by paths are never leaves).
	const leaf = field as Field;
	if (leaf.type === 'array') {
		const itemType = leaf.itemType as Exclude<ItemType, 'object'>;
		return withDescription({ type: 'array', items: scalarSchema(itemType, leaf.enumValues, undefined) }, description);
	}
	return scalarSchema(leaf.type as Exclude<ItemType, 'object'>, leaf.enumValues, description);
}

/**
 * The JSON Schema (an object at the top level) for the rows of the `fields` parameter. Throws
 * SchemaError naming the row property to fix: an empty or invalid name, a duplicate, a field
 * nested in a scalar, a parent used both as object and list, an enum without values, an array
 * without item type, an Object without nested fields, or no fields at all.
 */
export function schemaFromFields(fields: FieldSpec[]): JsonSchema {
	const rows: unknown[] = Array.isArray(fields) ? fields : [];
	if (rows.length === 0) throw schemaError('fields', 'has no fields; add at least one field to extract');
	const tree = buildTree(rows.map(readField));
	assertContainersHaveFields(tree);
	return objectSchema(tree.children);
}

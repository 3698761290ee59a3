/**
 * Navigation in a JSON Schema document: JSON Pointers, the places where subschemas live, and
 * local `$ref` resolution (`#`, `#/$defs/Name`, `#anchor`). Shared by the Gemini support check
 * and the validator so both read a schema the same way.
 */
import { isJsonObject, type JsonSchema } from './types';

/** Keywords whose value is a map of subschemas. */
export const SCHEMA_MAP_KEYWORDS = ['properties', '$defs'] as const;
/** Keywords whose value is a list of subschemas. */
export const SCHEMA_LIST_KEYWORDS = ['prefixItems', 'anyOf', 'oneOf'] as const;
/** Keywords whose value is one subschema. */
export const SCHEMA_KEYWORDS = ['items', 'additionalProperties'] as const;

export interface Located {
	/** The value found at `pointer` (a subschema, or a wrong value the caller reports). */
	value: unknown;
	pointer: string;
}

/** Appends one reference token to a JSON Pointer (RFC 6901 escaping). */
export function childPointer(pointer: string, token: string | number): string {
	return `${pointer}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** `the top level` for the root pointer, else `/properties/x`. */
export function describePointer(pointer: string): string {
	return pointer === '' ? 'the top level' : pointer;
}

/** The direct subschemas of `schema` with their pointers, in document order. */
export function subschemas(schema: JsonSchema, pointer: string): Located[] {
	const found: Located[] = [];
	for (const [keyword, value] of Object.entries(schema)) {
		const at = childPointer(pointer, keyword);
		if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(keyword) && isJsonObject(value)) {
			for (const [name, child] of Object.entries(value)) found.push({ value: child, pointer: childPointer(at, name) });
		} else if ((SCHEMA_LIST_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) {
			value.forEach((child, index) => found.push({ value: child, pointer: childPointer(at, index) }));
		} else if ((SCHEMA_KEYWORDS as readonly string[]).includes(keyword) && isJsonObject(value)) {
			found.push({ value, pointer: at });
		}
	}
	return found;
}

/** Every schema object in the document, root first (depth-first, document order). */
export function allSchemas(root: JsonSchema): Array<{ schema: JsonSchema; pointer: string }> {
	const result: Array<{ schema: JsonSchema; pointer: string }> = [];
	const visit = (schema: JsonSchema, pointer: string): void => {
		result.push({ schema, pointer });
		for (const child of subschemas(schema, pointer)) {
			if (isJsonObject(child.value)) visit(child.value, child.pointer);
		}
	};
	visit(root, '');
	return result;
}

function decodeToken(token: string): string {
	return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function safeDecodeUri(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

function resolvePointer(root: JsonSchema, pointer: string): unknown {
	let current: unknown = root;
	for (const token of pointer.split('/').slice(1).map(decodeToken)) {
		if (Array.isArray(current) && /^\d+$/.test(token)) current = current[Number(token)];
		else if (isJsonObject(current) && Object.hasOwn(current, token)) current = current[token];
		else return undefined;
	}
	return current;
}

/** Splits a local `$ref` into its kind; undefined for anything that is not `#…`. */
export function parseLocalRef(ref: string): { kind: 'root' } | { kind: 'pointer'; pointer: string } | { kind: 'anchor'; anchor: string } | undefined {
	if (!ref.startsWith('#')) return undefined;
	const fragment = safeDecodeUri(ref.slice(1));
	if (fragment === undefined) return undefined;
	if (fragment === '') return { kind: 'root' };
	if (fragment.startsWith('/')) return { kind: 'pointer', pointer: fragment };
	return { kind: 'anchor', anchor: fragment };
}

/** The schema object a local `$ref` points at, or undefined when it does not resolve. */
export function resolveRef(root: JsonSchema, ref: string): { schema: JsonSchema; pointer: string } | undefined {
	const parsed = parseLocalRef(ref);
	if (!parsed) return undefined;
	if (parsed.kind === 'root') return { schema: root, pointer: '' };
	if (parsed.kind === 'pointer') {
		const target = resolvePointer(root, parsed.pointer);
		return isJsonObject(target) ? { schema: target, pointer: parsed.pointer } : undefined;
	}
	return allSchemas(root).find((entry) => entry.schema.$anchor === parsed.anchor);
}

/**
 * JSON Schema (the responseJsonSchema subset, https://ai.google.dev/gemini-api/docs/structured-output) → one zod schema, compiled once
 * and reused for every answer. Issues read like `items[2].total: expected number, got string`.
 *
 * Semantics worth knowing:
 * - keys not in `properties` are stripped from `data` (not an error) unless
 *   `additionalProperties` is false (then an issue) or a schema (then checked and kept); an object
 *   schema without `properties` keeps every key, since stripping would empty it;
 * - `oneOf` is checked like `anyOf`, as Gemini treats it (§6);
 * - formats `date` (YYYY-MM-DD, a real day) and `date-time` (ISO 8601) are checked, other
 *   formats are hints for the model only.
 */
import { getParsedType, z, ZodError, type RefinementCtx, type ZodIssue, type ZodTypeAny } from 'zod';

import { isIsoDate, isIsoDateTime } from './formats';
import { resolveRef } from './schemaWalk';
import { isJsonObject, schemaError, showValue, type JsonSchema } from './types';

export type ValidationResult = { ok: true; data: unknown } | { ok: false; issues: string[] };

/** At most this many issues are listed (a repair prompt and an error message stay readable). */
export const MAX_ISSUES = 20;

type Path = Array<string | number>;

/** Annotation keywords: they never constrain a value. */
const ANNOTATIONS = new Set(['$id', '$anchor', '$defs', '$schema', '$comment', 'title', 'description', 'propertyOrdering', 'anyOf', 'oneOf']);

function withPrefix(issue: ZodIssue, prefix: Path): ZodIssue {
	const path = [...prefix, ...issue.path];
	if (issue.code !== 'invalid_union') return { ...issue, path };
	// Branch errors carry paths too; keep them absolute so the formatter can compare depths.
	const unionErrors = issue.unionErrors.map((error) => new ZodError(error.issues.map((inner) => withPrefix(inner, prefix))));
	return { ...issue, path, unionErrors };
}

/** Parses `value` with `schema` inside a refinement, reporting issues under the current path. */
function parseInside(schema: ZodTypeAny, value: unknown, ctx: RefinementCtx, at: Path): unknown {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	for (const issue of result.error.issues) {
		const { path, ...rest } = withPrefix(issue, at);
		ctx.addIssue({ ...rest, path });
	}
	return value;
}

function listOf(value: unknown): unknown[] | undefined {
	return Array.isArray(value) && value.length > 0 ? value : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

class Compiler {
	private readonly compiled = new Map<JsonSchema, ZodTypeAny>();

	constructor(private readonly root: JsonSchema) {}

	compile(schema: unknown): ZodTypeAny {
		if (schema === false) return z.unknown().superRefine((value, ctx) => ctx.addIssue({ code: 'custom', message: `not allowed here, got ${showValue(value)}` }));
		if (!isJsonObject(schema)) return z.unknown();
		const known = this.compiled.get(schema);
		if (known) return known;
		const result = this.build(schema);
		this.compiled.set(schema, result);
		return result;
	}

	private build(schema: JsonSchema): ZodTypeAny {
		if (typeof schema.$ref === 'string') return this.reference(schema.$ref);
		let result = this.typed(schema);
		if (Array.isArray(schema.enum)) result = withEnum(result, schema.enum, typesOf(schema).includes('null'));
		for (const keyword of ['anyOf', 'oneOf']) {
			const branches = listOf(schema[keyword]);
			if (branches) result = this.withBranches(result, branches, hasConstraints(schema));
		}
		return result;
	}

	private reference(ref: string): ZodTypeAny {
		const target = resolveRef(this.root, ref);
		if (!target) throw schemaError('jsonSchema', `has "$ref": "${ref}", which does not exist in this schema`);
		// Lazy: recursive definitions compile on first use, then come from the cache.
		return z.lazy(() => this.compile(target.schema));
	}

	private typed(schema: JsonSchema): ZodTypeAny {
		const types = typesOf(schema);
		if (types.length === 0) return z.unknown();
		const options = types.map((type) => this.forType(type, schema));
		return options.length === 1 ? options[0] : oneOfBranches(options);
	}

	private forType(type: string, schema: JsonSchema): ZodTypeAny {
		switch (type) {
			case 'string':
				return stringSchema(schema);
			case 'number':
				return numberSchema(z.number(), schema);
			case 'integer':
				return integerSchema(schema);
			case 'boolean':
				return z.boolean();
			case 'null':
				return z.null();
			case 'object':
				return this.objectSchema(schema);
			case 'array':
				return this.arraySchema(schema);
			default:
				return z.unknown();
		}
	}

	private objectSchema(schema: JsonSchema): ZodTypeAny {
		const properties = isJsonObject(schema.properties) ? schema.properties : undefined;
		const required = new Set(Array.isArray(schema.required) ? schema.required : []);
		const entries = Object.entries(properties ?? {}).map(([name, child]): [string, ZodTypeAny] => {
			const compiled = this.compile(child);
			return [name, required.has(name) ? present(compiled) : compiled.optional()];
		});
		// `required` may name keys without a schema (e.g. in anyOf branches): they must be present.
		for (const name of required) {
			if (typeof name === 'string' && !Object.hasOwn(properties ?? {}, name)) entries.push([name, present(z.unknown())]);
		}
		const shape = Object.fromEntries(entries);
		const object = z.object(shape);
		const additional = schema.additionalProperties;
		if (additional === false) return object.strict();
		if (isJsonObject(additional)) return object.catchall(this.compile(additional));
		if (additional === true || !properties) return object.passthrough();
		return object; // strip: keys the schema does not list are dropped from data
	}

	private arraySchema(schema: JsonSchema): ZodTypeAny {
		const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.map((item) => this.compile(item)) : [];
		const rest = this.compile(schema.items ?? true);
		let array = z.array(prefix.length > 0 ? z.unknown() : rest);
		const minItems = numberOrUndefined(schema.minItems);
		const maxItems = numberOrUndefined(schema.maxItems);
		if (minItems !== undefined) array = array.min(minItems);
		if (maxItems !== undefined) array = array.max(maxItems);
		if (prefix.length === 0) return array;
		// prefixItems: position i follows prefixItems[i], the rest follow items.
		return array.transform((list, ctx) => list.map((element, index) => parseInside(prefix[index] ?? rest, element, ctx, [index])));
	}

	private withBranches(base: ZodTypeAny, branches: unknown[], constrained: boolean): ZodTypeAny {
		const compiled = branches.map((branch) => this.compile(branch));
		if (!constrained) return compiled.length === 1 ? compiled[0] : oneOfBranches(compiled);
		// Keywords beside anyOf apply too: the value must pass them and one branch.
		return base.superRefine((value, ctx) => {
			firstMatch(compiled, value, ctx);
		});
	}
}

/**
 * The data of the first branch that accepts `value`, or an invalid_union issue carrying every
 * branch's issues (with absolute paths) for the formatter to pick the closest. Not z.union:
 * that one settles for the first branch with any non-type issue, which is often the wrong one.
 */
function firstMatch(branches: ZodTypeAny[], value: unknown, ctx: RefinementCtx): unknown {
	const unionErrors: ZodError[] = [];
	for (const branch of branches) {
		const result = branch.safeParse(value);
		if (result.success) return result.data;
		unionErrors.push(new ZodError(result.error.issues.map((issue) => withPrefix(issue, ctx.path))));
	}
	ctx.addIssue({ code: 'invalid_union', unionErrors });
	return z.NEVER;
}

function oneOfBranches(branches: ZodTypeAny[]): ZodTypeAny {
	return z.unknown().transform((value, ctx) => firstMatch(branches, value, ctx));
}

function hasConstraints(schema: JsonSchema): boolean {
	return Object.keys(schema).some((keyword) => !ANNOTATIONS.has(keyword));
}

function typesOf(schema: JsonSchema): string[] {
	if (typeof schema.type === 'string') return [schema.type];
	if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === 'string');
	// No type: what the other keywords imply (Gemini reads them the same way).
	if (isJsonObject(schema.properties) || 'additionalProperties' in schema || 'required' in schema) return ['object'];
	if ('items' in schema || 'prefixItems' in schema) return ['array'];
	return [];
}

/** A required property: missing is "required", then the property's own schema applies. */
function present(schema: ZodTypeAny): ZodTypeAny {
	return z
		.unknown()
		.superRefine((value, ctx) => {
			if (value === undefined) ctx.addIssue({ code: 'invalid_type', expected: 'unknown', received: 'undefined' });
		})
		.pipe(schema);
}

/**
 * Gemini's enum holds strings and numbers only, so `"type": ["string", "null"]` with an enum is
 * the one way to say "one of these or null": null passes then even though the enum lacks it.
 */
function withEnum(schema: ZodTypeAny, values: unknown[], nullable: boolean): ZodTypeAny {
	const listed = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
	return schema.superRefine((value, ctx) => {
		if (nullable && value === null) return;
		if (!values.some((allowed) => allowed === value)) ctx.addIssue({ code: 'custom', message: `expected one of ${listed}, got ${showValue(value)}` });
	});
}

function stringSchema(schema: JsonSchema): ZodTypeAny {
	if (schema.format === 'date') {
		return z.string().superRefine((value, ctx) => {
			if (!isIsoDate(value)) ctx.addIssue({ code: 'custom', message: `expected a date as YYYY-MM-DD, got ${showValue(value)}` });
		});
	}
	if (schema.format === 'date-time') {
		return z.string().superRefine((value, ctx) => {
			if (!isIsoDateTime(value)) ctx.addIssue({ code: 'custom', message: `expected an ISO date-time such as 2026-01-31T09:30:00Z, got ${showValue(value)}` });
		});
	}
	return z.string();
}

/** Says "expected integer" for a value of another type too (z.number() would say "number"). */
function integerSchema(schema: JsonSchema): ZodTypeAny {
	return z
		.unknown()
		.superRefine((value, ctx) => {
			if (typeof value !== 'number') ctx.addIssue({ code: 'invalid_type', expected: 'integer', received: getParsedType(value) });
		})
		.pipe(numberSchema(z.number().int(), schema));
}

function numberSchema(base: z.ZodNumber, schema: JsonSchema): ZodTypeAny {
	let result = base;
	const minimum = numberOrUndefined(schema.minimum);
	const maximum = numberOrUndefined(schema.maximum);
	if (minimum !== undefined) result = result.min(minimum);
	if (maximum !== undefined) result = result.max(maximum);
	return result;
}

// ---- issue formatting -------------------------------------------------------------------

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `items[2].total`, `customer["e-mail address"]`, `(root)` for the value itself. */
export function formatPath(path: Path): string {
	let text = '';
	for (const token of path) {
		if (typeof token === 'number') text += `[${token}]`;
		else if (SIMPLE_KEY.test(token)) text += text === '' ? token : `.${token}`;
		else text += `[${JSON.stringify(token)}]`;
	}
	return text === '' ? '(root)' : text;
}

function valueAt(input: unknown, path: Path): unknown {
	let current = input;
	for (const token of path) {
		if (Array.isArray(current) && typeof token === 'number') current = current[token];
		else if (isJsonObject(current) && typeof token === 'string' && Object.hasOwn(current, token)) current = current[token];
		else return undefined;
	}
	return current;
}

function jsonTypeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function boundProblem(issue: ZodIssue & { code: 'too_small' | 'too_big' }, value: unknown): string {
	const small = issue.code === 'too_small';
	const limit = Number(small ? issue.minimum : issue.maximum);
	if (issue.type === 'array') {
		const count = Array.isArray(value) ? value.length : 0;
		return `expected ${small ? 'at least' : 'at most'} ${plural(limit, 'item')}, got ${count}`;
	}
	const relation = small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
	return `expected ${relation} ${limit}, got ${showValue(value)}`;
}

function typeProblem(issue: ZodIssue & { code: 'invalid_type' }, value: unknown): string {
	if (issue.received === 'undefined') return 'required';
	if (issue.expected === 'integer') return `expected integer, got ${typeof value === 'number' ? value : jsonTypeName(value)}`;
	return `expected ${issue.expected}, got ${jsonTypeName(value)}`;
}

interface Problem {
	path: Path;
	text: string;
}

/** The problems a failed anyOf/oneOf or type list stands for. */
function unionProblems(issue: ZodIssue & { code: 'invalid_union' }, input: unknown): Problem[] {
	const depth = issue.path.length;
	const wrongType = (inner: ZodIssue): boolean => inner.code === 'invalid_type' && inner.path.length === depth && inner.received !== 'undefined';
	const branches = issue.unionErrors.map((error) => error.issues);
	// Branches whose type matched the value failed deeper: their issues are the useful ones.
	const matching = branches.filter((issues) => issues.length > 0 && !issues.some(wrongType));
	if (matching.length > 0) {
		// Closest: fewest missing required keys (the value has that branch's shape), then fewest issues.
		const missing = (issues: ZodIssue[]): number => issues.filter((inner) => inner.code === 'invalid_type' && inner.received === 'undefined').length;
		const closest = matching.reduce((best, issues) => {
			const order = missing(issues) - missing(best) || issues.length - best.length;
			return order < 0 ? issues : best;
		});
		return closest.flatMap((inner) => problemsOf(inner, input));
	}
	const expected = [...new Set(branches.flat().filter(wrongType).map((inner) => (inner as ZodIssue & { code: 'invalid_type' }).expected))];
	const value = valueAt(input, issue.path);
	const text = expected.length > 0 ? `expected ${expected.join(' or ')}, got ${jsonTypeName(value)}` : `matches none of the allowed schemas, got ${showValue(value)}`;
	return [{ path: issue.path, text }];
}

function problemsOf(issue: ZodIssue, input: unknown): Problem[] {
	const value = valueAt(input, issue.path);
	switch (issue.code) {
		case 'invalid_union':
			return unionProblems(issue, input);
		case 'invalid_type':
			return [{ path: issue.path, text: typeProblem(issue, value) }];
		case 'unrecognized_keys':
			return [{ path: issue.path, text: `unexpected key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}` }];
		case 'too_small':
		case 'too_big':
			return [{ path: issue.path, text: boundProblem(issue, value) }];
		default:
			return [{ path: issue.path, text: issue.message }];
	}
}

/** One line per failing path, at most MAX_ISSUES (then a count of the rest). */
export function formatIssues(issues: ZodIssue[], input: unknown): string[] {
	const byPath = new Map<string, string>();
	for (const problem of issues.flatMap((issue) => problemsOf(issue, input))) {
		const path = formatPath(problem.path);
		if (!byPath.has(path)) byPath.set(path, `${path}: ${problem.text}`);
	}
	const lines = [...byPath.values()];
	if (lines.length <= MAX_ISSUES) return lines;
	return [...lines.slice(0, MAX_ISSUES), `… and ${plural(lines.length - MAX_ISSUES, 'more problem')}`];
}

/**
 * Compiles `schema` once into a validator. `data` is the value with keys outside the schema
 * stripped (see the file comment); `issues` name each failing path.
 */
export function compileValidator(schema: JsonSchema): (value: unknown) => ValidationResult {
	const compiled = new Compiler(schema).compile(schema);
	return (value) => {
		const result = compiled.safeParse(value);
		return result.success ? { ok: true, data: result.data as unknown } : { ok: false, issues: formatIssues(result.error.issues, value) };
	};
}

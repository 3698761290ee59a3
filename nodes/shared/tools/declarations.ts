/**
 * n8n tools (what an `ai_tool` input supplies: LangChain tools with a name, a description, a
 * schema and `invoke`) → Gemini `functionDeclarations` (https://ai.google.dev/api/caching#FunctionDeclaration).
 * Pure. Schemas come as zod (what n8n builds its tools with) or as JSON Schema; zod is read through
 * its public `_def` shape, so no zod or LangChain version is imported here.
 */

export interface N8nTool {
	name: string;
	description?: string;
	schema?: unknown;
	invoke(input: unknown): Promise<unknown>;
}

export interface FunctionDeclaration {
	name: string;
	description: string;
	parameters?: Record<string, unknown>;
}

type Json = Record<string, unknown>;
interface ZodDef {
	typeName?: string;
	type?: string;
	description?: string;
	[key: string]: unknown;
}

const defOf = (schema: unknown): ZodDef | undefined => {
	const def = (schema as { _def?: ZodDef } | undefined)?._def;
	return def && typeof def === 'object' ? def : undefined;
};

const WRAPPERS = ['ZodOptional', 'ZodNullable', 'ZodDefault', 'ZodEffects', 'ZodBranded', 'ZodReadonly', 'ZodCatch', 'ZodPipeline'];

/** The schema inside optional/default/transform wrappers, and whether it may be left out. */
function unwrap(schema: unknown): { inner: unknown; optional: boolean; description?: string } {
	let current = schema;
	let optional = false;
	let description: string | undefined;
	for (let def = defOf(current); def && WRAPPERS.includes(def.typeName ?? ''); def = defOf(current)) {
		description ??= def.description;
		if (def.typeName === 'ZodOptional' || def.typeName === 'ZodDefault') optional = true;
		current = def.innerType ?? def.schema ?? def.in ?? (def.typeName === 'ZodBranded' ? def.type : undefined);
		if (current === undefined) break;
	}
	return { inner: current, optional, description: description ?? defOf(current)?.description };
}

/** A zod (v3) schema as the OpenAPI subset Gemini reads; `{}` (any value) for what it cannot say. */
export function zodToSchema(schema: unknown): Json {
	const { inner, description } = unwrap(schema);
	const def = defOf(inner);
	const out: Json = {};
	switch (def?.typeName) {
		case 'ZodString':
			out.type = 'string';
			break;
		case 'ZodNumber':
			out.type = (def.checks as Array<{ kind: string }> | undefined)?.some((c) => c.kind === 'int') ? 'integer' : 'number';
			break;
		case 'ZodBigInt':
			out.type = 'integer';
			break;
		case 'ZodBoolean':
			out.type = 'boolean';
			break;
		case 'ZodEnum':
			Object.assign(out, { type: 'string', enum: def.values });
			break;
		case 'ZodLiteral':
			Object.assign(out, { type: typeof def.value === 'number' ? 'number' : typeof def.value === 'boolean' ? 'boolean' : 'string', enum: [def.value] });
			break;
		case 'ZodArray':
			Object.assign(out, { type: 'array', items: zodToSchema(def.type) });
			break;
		case 'ZodObject': {
			const shape = typeof def.shape === 'function' ? (def.shape as () => Json)() : ((def.shape ?? {}) as Json);
			const properties: Json = {};
			const required: string[] = [];
			for (const [key, value] of Object.entries(shape)) {
				properties[key] = zodToSchema(value);
				if (!unwrap(value).optional) required.push(key);
			}
			Object.assign(out, { type: 'object', properties });
			if (required.length) out.required = required;
			break;
		}
		default:
			break;
	}
	if (description) out.description = description;
	return out;
}

/** The tool's parameters: JSON Schema as given, zod converted; none for a tool without a schema. */
export function toolParameters(schema: unknown): Json | undefined {
	if (!schema || typeof schema !== 'object') return undefined;
	if (defOf(schema)) return zodToSchema(schema);
	// Gemini's schema subset has neither.
	return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema' && key !== 'additionalProperties'));
}

/** Gemini function names: letters, digits, underscores, dots, colons, dashes; at most 64 characters. */
export function functionName(name: string): string {
	return name.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64) || 'tool';
}

export function functionDeclarations(tools: readonly N8nTool[]): FunctionDeclaration[] {
	return tools.map((tool) => {
		const declaration: FunctionDeclaration = { name: functionName(tool.name), description: tool.description ?? '' };
		const parameters = toolParameters(tool.schema);
		if (parameters && Object.keys(parameters).length) declaration.parameters = parameters;
		return declaration;
	});
}

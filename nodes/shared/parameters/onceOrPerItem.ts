import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

/**
 * Parameter reads for nodes that read the same parameters for thousands of items. n8n resolves a
 * saved value per item only where it holds an expression: a string starting with "="
 * (https://docs.n8n.io/code/expressions/). A value without one (a default included: n8n fills
 * defaults into the node's parameters when it loads the workflow) is the same for every item,
 * so it is read once for the node instead of once per item through n8n's expression engine.
 */

/** Whether a raw parameter value holds an expression anywhere (collections and lists included). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/** The node's saved value of a top-level parameter, expressions unresolved (`fallback` when it has none). */
export function rawParameter(ctx: IExecuteFunctions, name: string, fallback: unknown): unknown {
	// getNode() (every n8n version) rather than getNodeParameter's newer rawExpressions option,
	// which an older n8n would ignore, handing back item 0's resolved value.
	return ctx.getNode().parameters[name] ?? fallback;
}

export interface ParameterRead<T> {
	(itemIndex: number): T;
	/** True when the value is read once for the node (it holds no expression). */
	readonly constant: boolean;
}

/**
 * Reads a parameter per item when its saved value holds an expression, else once (at the first
 * call, so errors still name the item that asked) and the same value for every item after.
 */
export function onceOrPerItem<T>(ctx: IExecuteFunctions, name: string, fallback: T, options?: IGetNodeParameterOptions): ParameterRead<T> {
	const read = (itemIndex: number) => ctx.getNodeParameter(name, itemIndex, fallback as never, options) as T;
	if (holdsExpression(rawParameter(ctx, name, fallback))) return Object.assign(read, { constant: false });
	let value: { read: T } | undefined;
	const once = (itemIndex: number) => (value ??= { read: read(itemIndex) }).read;
	return Object.assign(once, { constant: true });
}

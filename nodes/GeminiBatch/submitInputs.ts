import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { onceOrPerItem, rawParameter } from '../shared/parameters/onceOrPerItem';
import { InvalidParameterError } from '../shared/parameters/settings';

/**
 * Where Submit takes each item's prompt and request key from: the Prompt and Request Key
 * parameters (n8n expressions), or, with Prompt Source "Item Field", straight from the item's
 * JSON, without n8n's expression engine (bulk jobs of 100,000 items and more).
 */

export interface SubmitInputs {
	/** The prompt's raw value (an expression may give a number; the settings parser turns it into text). */
	prompt(itemIndex: number): unknown;
	key(itemIndex: number): string;
	/** The parameter the keys come from, for errors: `requestKey` or `keyField`. */
	keyParameter: { name: string; label: string };
}

/** Request Key's default: the item's index, known without asking n8n's expression engine. */
const ITEM_INDEX_KEY = /^=\{\{\s*\$itemIndex\s*\}\}$/;

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The value of `field` in the item's JSON, which must be text (or, for keys, a number). */
function fieldValue(json: IDataObject, field: string, parameter: string, label: string, numbers: boolean): string {
	const value = json[field];
	if (typeof value === 'string') return value;
	if (numbers && typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value === undefined) {
		const fields = Object.keys(json).slice(0, 10).join(', ') || 'none';
		throw new InvalidParameterError(parameter, `${label} (${parameter}) names "${field}", but the item has no such field (it has: ${fields})`);
	}
	const wanted = numbers ? 'text or a number' : 'text';
	throw new InvalidParameterError(parameter, `${label} (${parameter}) names "${field}", which holds ${describeValue(value)} on this item; it must hold ${wanted}`);
}

function fieldName(ctx: IExecuteFunctions, parameter: string, label: string, required: boolean): string {
	const name = String(ctx.getNodeParameter(parameter, 0, '') ?? '').trim();
	if (required && !name) throw new InvalidParameterError(parameter, `${label} (${parameter}) is empty; name the item field that holds each prompt`);
	return name;
}

function nonEmptyKey(key: string, parameter: string, label: string): string {
	const trimmed = key.trim();
	if (!trimmed) throw new InvalidParameterError(parameter, `${label} (${parameter}) is empty`);
	return trimmed;
}

export function submitInputs(ctx: IExecuteFunctions, items: INodeExecutionData[]): SubmitInputs {
	const fromFields = ctx.getNodeParameter('promptSource', 0, 'expression') === 'field';
	const promptField = fromFields ? fieldName(ctx, 'promptField', 'Prompt Field', true) : '';
	const keyField = fromFields ? fieldName(ctx, 'keyField', 'Key Field', false) : '';
	const prompt = fromFields
		? (itemIndex: number) => fieldValue(items[itemIndex].json, promptField, 'promptField', 'Prompt Field', false)
		: onceOrPerItem<unknown>(ctx, 'prompt', '');
	if (keyField) {
		const key = (itemIndex: number) => nonEmptyKey(fieldValue(items[itemIndex].json, keyField, 'keyField', 'Key Field', true), 'keyField', 'Key Field');
		return { prompt, key, keyParameter: { name: 'keyField', label: 'Key Field' } };
	}
	const keyParameter = { name: 'requestKey', label: 'Request Key' };
	const rawKey = rawParameter(ctx, 'requestKey', null);
	if (rawKey === null || (typeof rawKey === 'string' && ITEM_INDEX_KEY.test(rawKey))) return { prompt, key: String, keyParameter };
	const readKey = onceOrPerItem<unknown>(ctx, 'requestKey', '');
	return { prompt, key: (itemIndex) => nonEmptyKey(String(readKey(itemIndex) ?? ''), 'requestKey', 'Request Key'), keyParameter };
}

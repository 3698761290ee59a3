import type { INodeProperties } from 'n8n-workflow';

/** The user's own price table, the same field on both Gemini credentials. */
export const priceTableProperty: INodeProperties = {
	displayName: 'Price Table (JSON)',
	name: 'priceTable',
	type: 'string',
	typeOptions: { rows: 6 },
	default: '',
	placeholder: '{ "version": "acme-2026-12", "currency": "USD", "unit": "per 1M tokens", "models": [] }',
	description:
		'Optional. Your own prices (negotiated rates, models newer than this package) in the format of docs/price-table.schema.json, merged over the built-in table: a row with the same model ID and dates replaces the built-in one, other rows are added. Costs then show the version as "built-in+user:yours".',
};

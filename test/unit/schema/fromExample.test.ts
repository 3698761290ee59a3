import { assertGeminiSupports, compileValidator, schemaFromExample } from '../../../nodes/shared/schema';
import { schemaErrorOf } from './helpers';

describe('schemaFromExample', () => {
	it('infers types, dates, nested objects and requires every key, in example order', () => {
		const schema = schemaFromExample(`{
			"invoiceNumber": "INV-001",
			"total": 120,
			"paid": false,
			"dueDate": "2026-01-31",
			"createdAt": "2026-01-02T09:30:00Z",
			"customer": { "name": "Ada", "vatId": null }
		}`);

		expect(JSON.stringify(schema)).toBe(
			JSON.stringify({
				type: 'object',
				properties: {
					invoiceNumber: { type: 'string' },
					total: { type: 'number' },
					paid: { type: 'boolean' },
					dueDate: { type: 'string', format: 'date', description: 'A date as YYYY-MM-DD' },
					createdAt: { type: 'string', format: 'date-time' },
					customer: {
						type: 'object',
						properties: { name: { type: 'string' }, vatId: { type: ['string', 'null'] } },
						required: ['name', 'vatId'],
						propertyOrdering: ['name', 'vatId'],
					},
				},
				required: ['invoiceNumber', 'total', 'paid', 'dueDate', 'createdAt', 'customer'],
				propertyOrdering: ['invoiceNumber', 'total', 'paid', 'dueDate', 'createdAt', 'customer'],
			}),
		);
		expect(() => assertGeminiSupports(schema, 'example')).not.toThrow();
	});

	it('uses number for whole numbers so that real answers may have decimals', () => {
		const validate = compileValidator(schemaFromExample('{"quantity": 3}'));

		expect(validate({ quantity: 2.5 })).toEqual({ ok: true, data: { quantity: 2.5 } });
	});

	it('merges list elements: union of keys, required only when every element has the key', () => {
		const schema = schemaFromExample(`[
			{ "sku": "A1", "qty": 1, "note": "gift" },
			{ "sku": "B2", "qty": 2.5, "discount": 0.1 },
			{ "sku": "C3", "qty": null }
		]`);

		expect(schema).toEqual({
			type: 'array',
			items: {
				type: 'object',
				properties: {
					sku: { type: 'string' },
					qty: { type: ['number', 'null'] },
					note: { type: 'string' },
					discount: { type: 'number' },
				},
				required: ['sku', 'qty'],
				propertyOrdering: ['sku', 'qty', 'note', 'discount'],
			},
		});
	});

	it('makes null-only values nullable strings and nullable objects keep their properties', () => {
		const schema = schemaFromExample('{"middleName": null, "items": [null, {"a": 1}], "dates": ["2026-01-01", "not a date"]}');

		expect(schema.properties).toEqual({
			middleName: { type: ['string', 'null'] },
			items: {
				type: 'array',
				items: { type: ['object', 'null'], properties: { a: { type: 'number' } }, required: ['a'], propertyOrdering: ['a'] },
			},
			dates: { type: 'array', items: { type: 'string' } },
		});
	});

	it('takes element types from later elements when earlier lists are empty', () => {
		const schema = schemaFromExample('{"rows": [{"tags": []}, {"tags": ["x"]}]}');

		expect(schema.properties).toEqual({
			rows: {
				type: 'array',
				items: {
					type: 'object',
					properties: { tags: { type: 'array', items: { type: 'string' } } },
					required: ['tags'],
					propertyOrdering: ['tags'],
				},
			},
		});
	});

	it('does not take impossible dates or free text with a time for dates', () => {
		const schema = schemaFromExample('{"a": "2026-02-30", "b": "2026-01-31 09:30", "c": "2026-01-31T09:30:00+01:00"}');

		expect(schema.properties).toEqual({
			a: { type: 'string' },
			b: { type: 'string' },
			c: { type: 'string', format: 'date-time' },
		});
	});

	describe('errors name the example parameter', () => {
		it('reports invalid JSON with its position, line and column', () => {
			const error = schemaErrorOf(() => schemaFromExample('{\n  "a": 1,\n  "b": tru\n}'));

			expect(error.parameter).toBe('example');
			expect(error.message).toBe('Example (example) is not valid JSON: unexpected character "\\n", expected "true" at position 22 (line 3, column 11)');
		});

		it('reports a cut example', () => {
			expect(schemaErrorOf(() => schemaFromExample('{"a": [1, 2')).message).toBe(
				'Example (example) is not valid JSON: unexpected end of input, expected "," or "]" after an array element at position 11 (line 1, column 12)',
			);
		});

		it('refuses an empty example', () => {
			expect(schemaErrorOf(() => schemaFromExample('  \n')).message).toContain('Example (example) is empty');
		});

		it.each([['42'], ['"text"'], ['null'], ['true']])('refuses the top-level scalar %s', (text) => {
			const error = schemaErrorOf(() => schemaFromExample(text));

			expect(error.parameter).toBe('example');
			expect(error.message).toContain(`must be a JSON object or list at the top level`);
			expect(error.message).toContain(`got ${text}`);
		});

		it('refuses an empty list, naming where it is', () => {
			expect(schemaErrorOf(() => schemaFromExample('{"order": {"lines": []}}')).message).toBe(
				'Example (example) has an empty list at /order/lines; put one example element in it so the element type is known',
			);
			expect(schemaErrorOf(() => schemaFromExample('[]')).message).toContain('has an empty list at the top level');
		});

		it('refuses lists that mix types, naming the element', () => {
			expect(schemaErrorOf(() => schemaFromExample('{"lines": [{"qty": 1}, {"qty": "2"}]}')).message).toBe(
				'Example (example) mixes number and string values at /lines/1/qty; use one type per field, or write a JSON Schema for mixed types',
			);
		});

		it('refuses the key __proto__', () => {
			expect(schemaErrorOf(() => schemaFromExample('{"a": {"__proto__": 1}}')).message).toContain('reserved key "__proto__" at /a/__proto__');
		});
	});
});

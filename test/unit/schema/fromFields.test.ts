import {
	assertGeminiSupports,
	compileValidator,
	schemaFromFields,
	type FieldSpec,
	type JsonSchema,
} from '../../../nodes/shared/schema';
import { sampleFor, schemaErrorOf } from './helpers';

describe('schemaFromFields', () => {
	const invoiceFields: FieldSpec[] = [
		{ name: 'invoiceNumber', type: 'string', required: true, description: 'The number printed on the invoice' },
		{ name: 'issueDate', type: 'date', required: true },
		{ name: 'customer.name', type: 'string', required: true },
		{ name: 'customer.email', type: 'string' },
		{ name: 'status', type: 'enum', enumValues: ' paid, open ,paid,, overdue' },
		{ name: 'lineItems', type: 'array', itemType: 'object', description: 'One entry per line', required: true },
		{ name: 'lineItems[].description', type: 'string', required: true },
		{ name: 'lineItems[].quantity', type: 'integer' },
		{ name: 'tags', type: 'array', itemType: 'string' },
		{ name: 'dueDate', type: 'date', description: 'When payment is due' },
	];

	it('builds nested objects and arrays of objects from path names', () => {
		const lineItem = {
			type: 'object',
			properties: { description: { type: 'string' }, quantity: { type: 'integer' } },
			required: ['description'],
			propertyOrdering: ['description', 'quantity'],
		};
		const expected = {
			type: 'object',
			properties: {
				invoiceNumber: { type: 'string', description: 'The number printed on the invoice' },
				issueDate: { type: 'string', format: 'date', description: 'A date as YYYY-MM-DD' },
				customer: {
					type: 'object',
					properties: { name: { type: 'string' }, email: { type: 'string' } },
					required: ['name'],
					propertyOrdering: ['name', 'email'],
				},
				status: { type: 'string', enum: ['paid', 'open', 'overdue'] },
				lineItems: { type: 'array', description: 'One entry per line', items: lineItem },
				tags: { type: 'array', items: { type: 'string' } },
				dueDate: { type: 'string', format: 'date', description: 'When payment is due (YYYY-MM-DD)' },
			},
			required: ['invoiceNumber', 'issueDate', 'customer', 'lineItems'],
			propertyOrdering: ['invoiceNumber', 'issueDate', 'customer', 'status', 'lineItems', 'tags', 'dueDate'],
		};

		const schema = schemaFromFields(invoiceFields);

		// Serialised, so the key order (which Gemini 2.5+ follows) is checked too.
		expect(JSON.stringify(schema)).toBe(JSON.stringify(expected));
		expect(schema).not.toHaveProperty('additionalProperties');
		expect(() => assertGeminiSupports(schema, 'fields')).not.toThrow();
	});

	it('lets a parent be declared after its children to give it a description, and honours its Required', () => {
		const schema = schemaFromFields([
			{ name: 'customer.name', type: 'string', required: true },
			{ name: 'customer', type: 'object', description: 'The buyer', required: false },
			{ name: 'shipping.city', type: 'string' },
		]);
		const properties = schema.properties as Record<string, JsonSchema>;

		expect(properties.customer).toEqual({
			type: 'object',
			description: 'The buyer',
			properties: { name: { type: 'string' } },
			required: ['name'],
			propertyOrdering: ['name'],
		});
		// Declared optional wins over the required child; an implicit parent with only optional children is optional.
		expect(schema.required).toBeUndefined();
		expect(schema.propertyOrdering).toEqual(['customer', 'shipping']);
	});

	it('makes an implicit parent required when one of its children is required', () => {
		const schema = schemaFromFields([
			{ name: 'a.b.c', type: 'number', required: true },
			{ name: 'a.b.d', type: 'number' },
		]);
		const a = (schema.properties as Record<string, JsonSchema>).a;

		expect(schema.required).toEqual(['a']);
		expect(a.required).toEqual(['b']);
		expect((a.properties as Record<string, JsonSchema>).b.required).toEqual(['c']);
	});

	it('supports enums and dates as item types of arrays', () => {
		const schema = schemaFromFields([
			{ name: 'labels', type: 'array', itemType: 'enum', enumValues: 'red,green', description: 'Colours' },
			{ name: 'dates', type: 'array', itemType: 'date' },
		]);

		expect(schema.properties).toEqual({
			labels: { type: 'array', description: 'Colours', items: { type: 'string', enum: ['red', 'green'] } },
			dates: { type: 'array', items: { type: 'string', format: 'date', description: 'A date as YYYY-MM-DD' } },
		});
	});

	it('ignores values of hidden options, trims names and treats a missing type as string', () => {
		const schema = schemaFromFields([
			{ name: '  total ', type: 'number', enumValues: 'a,b', itemType: 'string' },
			{ name: 'note' } as FieldSpec,
		]);

		expect(schema.properties).toEqual({ total: { type: 'number' }, note: { type: 'string' } });
	});

	describe('a 50-field schema with several levels and arrays of objects', () => {
		function fiftyFields(): FieldSpec[] {
			const fields: FieldSpec[] = [];
			const scalars: FieldSpec['type'][] = ['string', 'number', 'integer', 'boolean', 'date'];
			for (let i = 0; i < 10; i++) fields.push({ name: `top${i}`, type: scalars[i % scalars.length], required: i % 2 === 0 });
			fields.push({ name: 'status', type: 'enum', enumValues: 'paid, open, overdue', required: true });
			for (let i = 0; i < 6; i++) fields.push({ name: `customer.address.geo.level4.f${i}`, type: scalars[i % scalars.length], required: true });
			fields.push({ name: 'customer.name', type: 'string', required: true });
			fields.push({ name: 'customer.contacts', type: 'array', itemType: 'object', required: true });
			fields.push({ name: 'customer.contacts[].kind', type: 'enum', enumValues: 'email,phone', required: true });
			fields.push({ name: 'customer.contacts[].value', type: 'string', required: true });
			for (let i = 0; i < 8; i++) fields.push({ name: `orders[].f${i}`, type: scalars[i % scalars.length], required: i < 4 });
			fields.push({ name: 'orders[].id', type: 'string', required: true });
			fields.push({ name: 'orders', type: 'array', itemType: 'object', description: 'Orders on the page', required: true });
			fields.push({ name: 'orders[].lines[].sku', type: 'string', required: true });
			fields.push({ name: 'orders[].lines[].qty', type: 'integer', required: true });
			fields.push({ name: 'orders[].lines[].tags', type: 'array', itemType: 'string' });
			fields.push({ name: 'orders[].lines[].price.amount', type: 'number', required: true });
			fields.push({ name: 'orders[].lines[].price.currency', type: 'enum', enumValues: 'EUR,USD', required: true });
			for (let i = 0; i < 8; i++) fields.push({ name: `meta.section${i % 2}.f${i}`, type: scalars[i % scalars.length] });
			fields.push({ name: 'notes', type: 'array', itemType: 'string' });
			fields.push({ name: 'scores', type: 'array', itemType: 'number' });
			fields.push({ name: 'shipDates', type: 'array', itemType: 'date' });
			fields.push({ name: 'flags', type: 'array', itemType: 'boolean' });
			fields.push({ name: 'counts', type: 'array', itemType: 'integer' });
			fields.push({ name: 'sizes', type: 'array', itemType: 'enum', enumValues: 'S,M,L' });
			return fields;
		}

		const fields = fiftyFields();
		const schema = schemaFromFields(fields);
		const validate = compileValidator(schema);

		it('has 50 fields, passes the Gemini check and accepts a matching object', () => {
			expect(fields).toHaveLength(50);
			expect(() => assertGeminiSupports(schema, 'fields')).not.toThrow();
			const value = sampleFor(schema);

			expect(validate(value)).toEqual({ ok: true, data: value });
		});

		it('reports precise paths for a wrong object', () => {
			const value = sampleFor(schema) as {
				top1: unknown;
				status: unknown;
				customer: { address: { geo: { level4: Record<string, unknown> } }; contacts: Array<Record<string, unknown>> };
				orders: Array<{ lines: Array<Record<string, unknown>>; id?: unknown; extra?: unknown }>;
			};
			value.top1 = '12.5';
			value.status = 'pending';
			value.customer.address.geo.level4.f4 = '31/01/2026';
			delete value.customer.contacts[1].value;
			value.orders[1].lines[0].qty = 2.5;
			delete value.orders[0].id;
			value.orders[0].extra = 'ignored';

			const result = validate(value);

			expect(result).toEqual({
				ok: false,
				issues: [
					'top1: expected number, got string',
					'status: expected one of paid, open, overdue, got "pending"',
					'customer.address.geo.level4.f4: expected a date as YYYY-MM-DD, got "31/01/2026"',
					'customer.contacts[1].value: required',
					'orders[0].id: required',
					'orders[1].lines[0].qty: expected integer, got 2.5',
				],
			});
		});
	});

	describe('errors name the row and property to fix', () => {
		const cases: Array<[string, FieldSpec[], string, string]> = [
			['no fields', [], 'fields', 'Fields (fields) has no fields'],
			['an empty name', [{ name: '  ', type: 'string' }], 'fields.field[0].name', 'Field 1 Name (fields.field[0].name) is empty'],
			['a space in a name', [{ name: 'customer name', type: 'string' }], 'fields.field[0].name', '"customer name" has the part "customer name", which is not a valid name'],
			['an empty segment', [{ name: 'a..b', type: 'string' }], 'fields.field[0].name', '"a..b" has an empty part between dots'],
			['a leading dot', [{ name: '.a', type: 'string' }], 'fields.field[0].name', 'empty part between dots'],
			['[] inside a segment', [{ name: 'a[]b.c', type: 'string' }], 'fields.field[0].name', 'has the part "a[]b"'],
			['[] at the end', [{ name: 'tags[]', type: 'string' }], 'fields.field[0].name', '"tags[]" ends with []; for a list make the field\'s Type Array'],
			['the name __proto__', [{ name: 'a.__proto__', type: 'string' }], 'fields.field[0].name', 'reserved name __proto__'],
			['a duplicate', [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }, { name: 'a', type: 'number' }], 'fields.field[2].name', 'Field 3 Name (fields.field[2].name) "a" is the same field as Field 1 ("a")'],
			[
				'a duplicate parent declaration',
				[{ name: 'c', type: 'object' }, { name: 'c.x', type: 'string' }, { name: 'c', type: 'object' }],
				'fields.field[2].name',
				'is the same field as Field 1 ("c")',
			],
			[
				'a scalar used as a parent',
				[{ name: 'total', type: 'number' }, { name: 'total.amount', type: 'number' }],
				'fields.field[1].name',
				'"total.amount" nests a field in "total", but Field 1 ("total") has type Number; only Object and Array of Object fields can have nested fields',
			],
			[
				'an array of scalars used as a parent',
				[{ name: 'tags', type: 'array', itemType: 'string' }, { name: 'tags[].x', type: 'string' }],
				'fields.field[1].name',
				'Field 1 ("tags") has type Array of String',
			],
			[
				'a parent declared as a scalar after its children',
				[{ name: 'customer.name', type: 'string' }, { name: 'customer', type: 'string' }],
				'fields.field[1].type',
				'Field 2 Type (fields.field[1].type) is String, but Field 1 ("customer.name") nests fields in "customer"; make it Object',
			],
			[
				'a list parent declared as Object',
				[{ name: 'lines[].sku', type: 'string' }, { name: 'lines', type: 'object' }],
				'fields.field[1].type',
				'make it Array with Item Type Object',
			],
			[
				'a parent used as object and as list',
				[{ name: 'items[].a', type: 'string' }, { name: 'items.b', type: 'string' }],
				'fields.field[1].name',
				'"items.b" uses "items" as an object, but Field 1 ("items[].a") uses it as a list of objects; write items[] in both',
			],
			[
				'an Object declared and then used as a list',
				[{ name: 'lines', type: 'object' }, { name: 'lines[].a', type: 'string' }],
				'fields.field[1].name',
				'uses "lines" as a list of objects, but Field 1 ("lines") uses it as an object',
			],
			['an enum without values', [{ name: 'status', type: 'enum', enumValues: ' , ,' }], 'fields.field[0].enumValues', 'Field 1 Values (fields.field[0].enumValues) is empty; list the values "status" may take'],
			['an enum array without values', [{ name: 's', type: 'array', itemType: 'enum' }], 'fields.field[0].enumValues', 'is empty'],
			['an array without item type', [{ name: 'tags', type: 'array' }], 'fields.field[0].itemType', 'Field 1 Item Type (fields.field[0].itemType) is missing'],
			['an array of arrays', [{ name: 'm', type: 'array', itemType: 'array' as 'string' }], 'fields.field[0].itemType', 'a list of lists is not supported'],
			['an unknown type', [{ name: 'x', type: 'text' as 'string' }], 'fields.field[0].type', 'Field 1 Type (fields.field[0].type) is "text"; use one of string, number'],
			['an Object without fields', [{ name: 'customer', type: 'object' }], 'fields.field[0].name', '"customer" is Object but no field is nested in it; add fields such as customer.name'],
			['a list of objects without fields', [{ name: 'x', type: 'string' }, { name: 'lines', type: 'array', itemType: 'object' }], 'fields.field[1].name', 'add fields such as lines[].name'],
			['a row that is not an object', [null as unknown as FieldSpec], 'fields.field[0]', 'must be a field with a name and a type'],
		];

		it.each(cases)('%s', (_title, fields, parameter, message) => {
			const error = schemaErrorOf(() => schemaFromFields(fields));

			expect(error.parameter).toBe(parameter);
			expect(error.message).toContain(message);
		});

		it('treats a parameter value that is not a list as no fields', () => {
			const error = schemaErrorOf(() => schemaFromFields(undefined as unknown as FieldSpec[]));

			expect(error.parameter).toBe('fields');
		});
	});
});

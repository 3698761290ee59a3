import { compileValidator, formatPath, MAX_ISSUES, type JsonSchema } from '../../../nodes/shared/schema';
import { schemaErrorOf } from './helpers';

function issuesOf(schema: JsonSchema, value: unknown): string[] {
	const result = compileValidator(schema)(value);
	if (result.ok) throw new Error(`expected issues, got data ${JSON.stringify(result.data)}`);
	return result.issues;
}

function dataOf(schema: JsonSchema, value: unknown): unknown {
	const result = compileValidator(schema)(value);
	if (!result.ok) throw new Error(`expected data, got issues ${result.issues.join('; ')}`);
	return result.data;
}

const invoice: JsonSchema = {
	type: 'object',
	properties: {
		status: { type: 'string', enum: ['paid', 'open'] },
		customer: {
			type: 'object',
			properties: { name: { type: 'string' }, email: { type: 'string' } },
			required: ['name', 'email'],
		},
		items: {
			type: 'array',
			items: { type: 'object', properties: { sku: { type: 'string' }, total: { type: 'number' } }, required: ['total'] },
		},
	},
	required: ['status', 'customer'],
};

describe('compileValidator', () => {
	it('returns the data when it matches, stripping keys the schema does not list', () => {
		const value = { status: 'paid', customer: { name: 'Ada', email: 'a@b.c', phone: '1' }, items: [{ total: 1, x: true }], note: 'extra' };

		expect(dataOf(invoice, value)).toEqual({ status: 'paid', customer: { name: 'Ada', email: 'a@b.c' }, items: [{ total: 1 }] });
	});

	it('formats issues as path: problem, one per failing path', () => {
		const value = {
			status: 'pending',
			customer: { name: 'Ada' },
			items: [{ total: 1 }, { total: 2 }, { total: '3.50', sku: 7 }],
		};

		expect(issuesOf(invoice, value)).toEqual([
			'status: expected one of paid, open, got "pending"',
			'customer.email: required',
			'items[2].sku: expected string, got number',
			'items[2].total: expected number, got string',
		]);
	});

	it('reports a wrong value at the top level', () => {
		expect(issuesOf(invoice, [])).toEqual(['(root): expected object, got array']);
		expect(issuesOf(invoice, null)).toEqual(['(root): expected object, got null']);
	});

	it('reports unexpected keys when additionalProperties is false, and checks an additionalProperties schema', () => {
		const strict = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false };
		const typed = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'number' } };

		expect(issuesOf(strict, { a: 'x', b: 1, c: 2 })).toEqual(['(root): unexpected keys "b", "c"']);
		expect(issuesOf({ type: 'object', properties: { o: strict } }, { o: { a: 'x', b: 1 } })).toEqual(['o: unexpected key "b"']);
		expect(dataOf(typed, { a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
		expect(issuesOf(typed, { a: 'x', b: 'y' })).toEqual(['b: expected number, got string']);
	});

	it('keeps every key of an object schema without properties', () => {
		expect(dataOf({ type: 'object', properties: { meta: { type: 'object' } } }, { meta: { any: 1, thing: [2] } })).toEqual({ meta: { any: 1, thing: [2] } });
	});

	it('checks integers', () => {
		const schema = { type: 'object', properties: { qty: { type: 'integer' } } };

		expect(issuesOf(schema, { qty: 2.5 })).toEqual(['qty: expected integer, got 2.5']);
		expect(issuesOf(schema, { qty: '2' })).toEqual(['qty: expected integer, got string']);
		expect(dataOf(schema, { qty: 2 })).toEqual({ qty: 2 });
	});

	it('checks minimum, maximum, minItems and maxItems', () => {
		const schema = {
			type: 'object',
			properties: {
				score: { type: 'number', minimum: 0, maximum: 10 },
				tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
			},
		};

		expect(issuesOf(schema, { score: -1, tags: [] })).toEqual(['score: expected at least 0, got -1', 'tags: expected at least 1 item, got 0']);
		expect(issuesOf(schema, { score: 11, tags: ['a', 'b', 'c'] })).toEqual(['score: expected at most 10, got 11', 'tags: expected at most 2 items, got 3']);
	});

	it('checks format date (a real day as YYYY-MM-DD) and date-time', () => {
		const schema = { type: 'object', properties: { day: { type: 'string', format: 'date' }, at: { type: 'string', format: 'date-time' }, mail: { type: 'string', format: 'email' } } };

		expect(dataOf(schema, { day: '2024-02-29', at: '2026-01-31T09:30:00.123+01:00', mail: 'not checked' })).toBeDefined();
		expect(dataOf(schema, { at: '2026-01-31T09:30:00Z' })).toBeDefined();
		expect(issuesOf(schema, { day: '31/01/2026', at: 'yesterday' })).toEqual([
			'day: expected a date as YYYY-MM-DD, got "31/01/2026"',
			'at: expected an ISO date-time such as 2026-01-31T09:30:00Z, got "yesterday"',
		]);
		expect(issuesOf(schema, { day: '2026-02-30' })).toEqual(['day: expected a date as YYYY-MM-DD, got "2026-02-30"']);
	});

	it('reports one issue per path even when several rules fail there', () => {
		expect(issuesOf({ type: 'object', properties: { d: { type: 'string', format: 'date', enum: ['2026-01-01'] } } }, { d: 'x' })).toEqual([
			'd: expected a date as YYYY-MM-DD, got "x"',
		]);
	});

	it('handles nullable type lists', () => {
		const schema = { type: 'object', properties: { vat: { type: ['string', 'null'] }, kind: { type: ['string', 'null'], enum: ['a', 'b'] } }, required: ['vat'] };

		expect(dataOf(schema, { vat: null, kind: null })).toEqual({ vat: null, kind: null });
		expect(issuesOf(schema, { vat: 5, kind: 'c' })).toEqual(['vat: expected string or null, got number', 'kind: expected one of a, b, got "c"']);
		expect(issuesOf(schema, {})).toEqual(['vat: required']);
	});

	it('checks number enums', () => {
		expect(issuesOf({ type: 'object', properties: { n: { type: 'integer', enum: [1, 2] } } }, { n: 3 })).toEqual(['n: expected one of 1, 2, got 3']);
	});

	describe('anyOf and oneOf', () => {
		const shapes: JsonSchema = {
			type: 'object',
			properties: {
				value: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
				payment: {
					anyOf: [
						{ type: 'object', properties: { iban: { type: 'string' } }, required: ['iban'] },
						{ type: 'object', properties: { card: { type: 'string' }, expiry: { type: 'string', format: 'date' } }, required: ['card', 'expiry'] },
					],
				},
				one: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
			},
		};

		it('accepts a value that matches a branch', () => {
			expect(dataOf(shapes, { value: 3, payment: { card: '4242', expiry: '2027-01-31' }, one: 2 })).toEqual({ value: 3, payment: { card: '4242', expiry: '2027-01-31' }, one: 2 });
		});

		it('lists the allowed types when no branch has the value type', () => {
			expect(issuesOf(shapes, { value: true })).toEqual(['value: expected string or integer, got boolean']);
		});

		it('reports the problems of the closest branch', () => {
			expect(issuesOf(shapes, { payment: { card: '4242', expiry: 'soon' } })).toEqual(['payment.expiry: expected a date as YYYY-MM-DD, got "soon"']);
		});

		it('applies keywords beside anyOf as well as one branch', () => {
			const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, anyOf: [{ required: ['a'] }, { required: ['b'] }] };

			expect(dataOf(schema, { b: 'x', c: 1 })).toEqual({ b: 'x' });
			expect(issuesOf(schema, { a: 1 })).toEqual(['a: expected string, got number']);
			expect(issuesOf(schema, { c: 1 })).toEqual(['a: required']);
		});
	});

	describe('$ref and $defs', () => {
		const tree: JsonSchema = {
			type: 'object',
			$defs: {
				node: {
					type: 'object',
					properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
					required: ['label'],
				},
				money: { $anchor: 'money', type: 'number', minimum: 0 },
			},
			properties: { tree: { $ref: '#/$defs/node' }, price: { $ref: '#money' } },
		};

		it('validates recursive definitions at any depth', () => {
			const value = { tree: { label: 'root', children: [{ label: 'a' }, { label: 'b', children: [{ label: 7 }, {}] }] }, price: -2 };

			expect(issuesOf(tree, value)).toEqual([
				'tree.children[1].children[0].label: expected string, got number',
				'tree.children[1].children[1].label: required',
				'price: expected at least 0, got -2',
			]);
		});

		it('returns stripped data through references', () => {
			expect(dataOf(tree, { tree: { label: 'r', x: 1, children: [{ label: 'c', y: 2 }] } })).toEqual({ tree: { label: 'r', children: [{ label: 'c' }] } });
		});

		it('refuses a reference that does not resolve when compiling', () => {
			expect(schemaErrorOf(() => compileValidator({ type: 'object', properties: { a: { $ref: '#/$defs/nope' } } })).message).toContain('"$ref": "#/$defs/nope"');
		});
	});

	it('checks prefixItems positions, then items for the rest', () => {
		const schema = { type: 'object', properties: { point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }], items: { type: 'boolean' }, maxItems: 4 } } };

		expect(dataOf(schema, { point: [1, 'a', true] })).toEqual({ point: [1, 'a', true] });
		expect(issuesOf(schema, { point: ['1', 'a', 3] })).toEqual(['point[0]: expected number, got string', 'point[2]: expected boolean, got number']);
	});

	it('lists at most MAX_ISSUES problems and counts the rest', () => {
		const issues = issuesOf({ type: 'array', items: { type: 'number' } }, Array.from({ length: 30 }, () => 'x'));

		expect(MAX_ISSUES).toBe(20);
		expect(issues).toHaveLength(21);
		expect(issues[0]).toBe('[0]: expected number, got string');
		expect(issues[20]).toBe('… and 10 more problems');
	});

	it('is compiled once and reused', () => {
		const validate = compileValidator(invoice);

		expect(validate({ status: 'open', customer: { name: 'a', email: 'b' } }).ok).toBe(true);
		expect(validate({ status: 'closed', customer: { name: 'a', email: 'b' } }).ok).toBe(false);
		expect(validate({ status: 'paid', customer: { name: 'a', email: 'b' } }).ok).toBe(true);
	});
});

describe('formatPath', () => {
	it('writes dots, indexes and quoted keys', () => {
		expect(formatPath([])).toBe('(root)');
		expect(formatPath(['items', 2, 'total'])).toBe('items[2].total');
		expect(formatPath(['customer', 'e-mail address', 'x_1'])).toBe('customer["e-mail address"].x_1');
		expect(formatPath([0, 'a'])).toBe('[0].a');
	});
});

import { describeParameter, parameterLabel, SchemaError } from '../../../nodes/shared/schema';

describe('schema error labels', () => {
	it.each([
		['fields', 'Fields'],
		['jsonSchema', 'JSON Schema'],
		['example', 'Example'],
		['schemaSource', 'Schema Source'],
		['fields.field[3].name', 'Field 4 Name'],
		['fields.field[0].enumValues', 'Field 1 Values'],
		['fields.field[12].itemType', 'Field 13 Item Type'],
		['somethingElse', 'somethingElse'],
	])('%s is labelled %s', (parameter, label) => {
		expect(parameterLabel(parameter)).toBe(label);
		expect(describeParameter(parameter)).toBe(`${label} (${parameter})`);
	});

	it('SchemaError keeps the parameter path', () => {
		const error = new SchemaError('jsonSchema', 'JSON Schema (jsonSchema) is empty');

		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('SchemaError');
		expect(error.parameter).toBe('jsonSchema');
		expect(error.message).toBe('JSON Schema (jsonSchema) is empty');
	});
});

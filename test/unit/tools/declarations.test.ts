import { z } from 'zod';

import { functionDeclarations, functionName, toolParameters, zodToSchema } from '../../../nodes/shared/tools/declarations';

const tool = (name: string, schema?: unknown) => ({ name, description: `${name} tool`, schema, invoke: async () => 'ok' });

describe('zodToSchema', () => {
	it('turns an n8n-style zod object into Gemini’s schema: types, enums, arrays, required, descriptions', () => {
		const schema = z.object({
			city: z.string().describe('City name'),
			days: z.number().int().optional(),
			units: z.enum(['metric', 'imperial']).default('metric'),
			tags: z.array(z.string()),
			exact: z.boolean().nullable(),
		});
		expect(zodToSchema(schema)).toEqual({
			type: 'object',
			properties: {
				city: { type: 'string', description: 'City name' },
				days: { type: 'integer' },
				units: { type: 'string', enum: ['metric', 'imperial'] },
				tags: { type: 'array', items: { type: 'string' } },
				exact: { type: 'boolean' },
			},
			required: ['city', 'tags', 'exact'],
		});
	});

	it('looks through a transform, as LangChain’s string-input tools wrap their schema', () => {
		const schema = z.object({ input: z.string().optional() }).transform((value) => value.input);
		expect(zodToSchema(schema)).toEqual({ type: 'object', properties: { input: { type: 'string' } } });
	});
});

describe('functionDeclarations', () => {
	it('passes JSON Schema through without what Gemini does not read', () => {
		expect(toolParameters({ $schema: 'x', type: 'object', properties: { q: { type: 'string' } }, additionalProperties: false })).toEqual({
			type: 'object',
			properties: { q: { type: 'string' } },
		});
	});

	it('names each function as Gemini allows, with its description and parameters', () => {
		expect(functionDeclarations([tool('Get weather!', z.object({ city: z.string() })), tool('ping')])).toEqual([
			{ name: 'Get_weather_', description: 'Get weather! tool', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
			{ name: 'ping', description: 'ping tool' },
		]);
		expect(functionName('x'.repeat(80))).toHaveLength(64);
	});
});

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	commonProperties,
	modelProperty,
	optionsProperty,
	promptProperty,
	safetySettingsProperty,
	SAFETY_CATEGORIES,
	SAFETY_THRESHOLDS,
	serviceTierProperty,
	sharedOptions,
} from '../../../nodes/shared/parameters/properties';

function optionValues(property: INodeProperties): unknown[] {
	return ((property.options ?? []) as INodePropertyOptions[]).map((o) => o.value);
}

function option(name: string): INodeProperties {
	const found = sharedOptions.find((o) => o.name === name);
	if (!found) throw new Error(`no option named ${name}`);
	return found;
}

const THRESHOLDS = ['BLOCK_NONE', 'BLOCK_ONLY_HIGH', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_LOW_AND_ABOVE', 'OFF'];

describe('modelProperty', () => {
	it('is a required resource locator named model', () => {
		expect(modelProperty.name).toBe('model');
		expect(modelProperty.type).toBe('resourceLocator');
		expect(modelProperty.required).toBe(true);
		expect(modelProperty.default).toEqual({ mode: 'list', value: 'gemini-2.5-flash' });
	});

	it('offers a searchable list backed by searchModels and an ID mode', () => {
		const modes = modelProperty.modes ?? [];

		expect(modes.map((m) => m.name)).toEqual(['list', 'id']);
		expect(modes[0].type).toBe('list');
		expect(modes[0].typeOptions?.searchListMethod).toBe('searchModels');
		expect(modes[0].typeOptions?.searchable).toBe(true);
		expect(modes[1].type).toBe('string');
	});
});

describe('promptProperty', () => {
	it('is a string named prompt that n8n does not require, so files alone can be sent', () => {
		expect(promptProperty).toMatchObject({ name: 'prompt', type: 'string', default: '' });
		expect(promptProperty.required).toBeFalsy();
	});
});

describe('serviceTierProperty', () => {
	it('offers flex, priority and standard, with standard the default', () => {
		const property = serviceTierProperty();

		expect(property.name).toBe('serviceTier');
		expect(property.type).toBe('options');
		expect(property.default).toBe('standard');
		expect(optionValues(property)).toEqual(['flex', 'priority', 'standard']);
	});

	it('adds the Batch node\'s batch tier, in name order, as its default', () => {
		const property = serviceTierProperty([{ name: 'Batch', value: 'batch' }], 'batch');

		expect(property.default).toBe('batch');
		expect(optionValues(property)).toEqual(['batch', 'flex', 'priority', 'standard']);
	});

	it('does not change the shared tier list when a node adds to it', () => {
		serviceTierProperty([{ name: 'Batch', value: 'batch' }], 'batch');

		expect(optionValues(serviceTierProperty())).toEqual(['flex', 'priority', 'standard']);
	});
});

describe('safetySettingsProperty', () => {
	const categories = (safetySettingsProperty.options ?? []) as INodeProperties[];

	it('is a collection named safetySettings with no default category', () => {
		expect(safetySettingsProperty.name).toBe('safetySettings');
		expect(safetySettingsProperty.type).toBe('collection');
		expect(safetySettingsProperty.default).toEqual({});
	});

	it('has exactly the five contract keys', () => {
		expect(categories.map((c) => c.name).sort()).toEqual(
			['civicIntegrity', 'dangerousContent', 'harassment', 'hateSpeech', 'sexuallyExplicit'],
		);
	});

	it.each(['harassment', 'hateSpeech', 'sexuallyExplicit', 'dangerousContent', 'civicIntegrity'])(
		'offers the five thresholds for %s',
		(name) => {
			const category = categories.find((c) => c.name === name);

			expect(category?.type).toBe('options');
			expect(optionValues(category as INodeProperties).sort()).toEqual([...THRESHOLDS].sort());
		},
	);

	it('has a HARM_CATEGORY_* name for every key and the same thresholds the validator accepts', () => {
		expect(Object.keys(SAFETY_CATEGORIES).sort()).toEqual(categories.map((c) => c.name).sort());
		for (const value of Object.values(SAFETY_CATEGORIES)) expect(value).toMatch(/^HARM_CATEGORY_[A-Z_]+$/);
		expect([...SAFETY_THRESHOLDS].sort()).toEqual([...THRESHOLDS].sort());
	});
});

describe('sharedOptions', () => {
	it.each([
		'systemInstruction',
		'temperature',
		'topP',
		'topK',
		'maxOutputTokens',
		'stopSequences',
		'seed',
		'presencePenalty',
		'frequencyPenalty',
		'thinkingBudget',
		'thinkingLevel',
		'includeThoughts',
		'cachedContent',
		'binaryProperties',
		'maxRetries',
	])('include %s', (name) => {
		expect(sharedOptions.map((o) => o.name)).toContain(name);
	});

	it('have unique names', () => {
		const names = sharedOptions.map((o) => o.name);

		expect(new Set(names).size).toBe(names.length);
	});

	it.each(['presencePenalty', 'frequencyPenalty'])('let %s range from -2 to 2, default 0', (name) => {
		const penalty = option(name);

		expect(penalty.type).toBe('number');
		expect(penalty.default).toBe(0);
		expect(penalty.typeOptions).toMatchObject({ minValue: -2, maxValue: 2 });
	});

	it('offer the four thinking levels in the lower case saved in workflows', () => {
		expect(optionValues(option('thinkingLevel')).sort()).toEqual(['high', 'low', 'medium', 'minimal']);
	});

	it('keep text fields as strings and includeThoughts as a boolean', () => {
		for (const name of ['systemInstruction', 'stopSequences', 'cachedContent', 'binaryProperties']) {
			expect(option(name).type).toBe('string');
		}
		expect(option('includeThoughts').type).toBe('boolean');
	});
});

describe('optionsProperty', () => {
	const displayNames = (property: INodeProperties) => (property.options as INodeProperties[]).map((o) => o.displayName);

	it('is a collection named options holding every shared option', () => {
		const property = optionsProperty();

		expect(property.name).toBe('options');
		expect(property.type).toBe('collection');
		expect(property.default).toEqual({});
		expect((property.options as INodeProperties[]).map((o) => o.name).sort()).toEqual(sharedOptions.map((o) => o.name).sort());
	});

	it('sorts the options by display name', () => {
		const names = displayNames(optionsProperty());

		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('merges a node\'s own options into the sorted list', () => {
		const nodeOption: INodeProperties = { displayName: 'Max Attempts', name: 'maxAttempts', type: 'number', default: 2 };
		const property = optionsProperty([nodeOption]);
		const names = displayNames(property);

		expect(names).toHaveLength(sharedOptions.length + 1);
		expect(names.indexOf('Max Attempts')).toBe(names.indexOf('Include Thoughts') + 1);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('commonProperties', () => {
	it('puts model, prompt, service tier and safety settings first, in that order', () => {
		expect(commonProperties().map((p) => p.name)).toEqual(['model', 'prompt', 'serviceTier', 'safetySettings']);
	});

	it('takes a node\'s own tier property', () => {
		const batchTier = serviceTierProperty([{ name: 'Batch', value: 'batch' }], 'batch');

		expect(commonProperties(batchTier)[2].default).toBe('batch');
	});
});

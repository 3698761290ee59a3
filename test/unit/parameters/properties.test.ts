import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	budgetOptions,
	commonProperties,
	estimateCostOnlyOption,
	modelProperty,
	optionCollections,
	promptProperty,
	safetySettingsProperty,
	SAFETY_CATEGORIES,
	SAFETY_THRESHOLDS,
	serviceTierProperty,
	concurrencyOption,
	REQUEST_OPTION_NAMES,
	REQUEST_OPTIONS_VERSION,
	sharedOptions,
	sharedRequestOptions,
} from '../../../nodes/shared/parameters/properties';

function optionValues(property: INodeProperties): unknown[] {
	return ((property.options ?? []) as INodePropertyOptions[]).map((o) => o.value);
}

function option(name: string): INodeProperties {
	const found = sharedOptions.find((o) => o.name === name);
	if (!found) throw new Error(`no option named ${name}`);
	return found;
}

/** From least to most blocking: the order the picker lists them in. */
const THRESHOLDS = ['OFF', 'BLOCK_NONE', 'BLOCK_ONLY_HIGH', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_LOW_AND_ABOVE'];

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
			expect(optionValues(category as INodeProperties)).toEqual(THRESHOLDS);
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
	])('include %s', (name) => {
		expect(sharedOptions.map((o) => o.name)).toContain(name);
	});

	it('leave retries, timeout, overload, penalty handling, prices, labels and uploads to Request Options', () => {
		const moved = ['billingLabels', 'fileUpload', 'flexOverload', 'maxRetries', 'maxRetryWaitSeconds', 'penaltyHandling', 'priceOverride', 'timeoutSeconds'];

		for (const name of moved) expect(sharedOptions.map((o) => o.name)).not.toContain(name);
		expect(sharedRequestOptions.map((o) => o.name).sort()).toEqual(moved);
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

describe('optionCollections', () => {
	const displayNames = (property: INodeProperties) => (property.options as INodeProperties[]).map((o) => o.displayName);
	const shown = (property: INodeProperties, version: number) =>
		(property.options as INodeProperties[]).filter((o) => {
			const versions = o.displayOptions?.show?.['@version'];
			return !versions || versions.includes(version);
		});

	it('are Options and Request Options, both empty collections by default', () => {
		const [options, requestOptions] = optionCollections();

		expect([options.name, requestOptions.name]).toEqual(['options', 'requestOptions']);
		expect([options.type, requestOptions.type]).toEqual(['collection', 'collection']);
		expect([options.default, requestOptions.default]).toEqual([{}, {}]);
	});

	it('from version 1.1: Options hold the shared and node options, Request Options the rest', () => {
		const [options, requestOptions] = optionCollections({ requestOptions: [concurrencyOption] });

		expect(shown(options, REQUEST_OPTIONS_VERSION).map((o) => o.name).sort()).toEqual(sharedOptions.map((o) => o.name).sort());
		expect(displayNames(requestOptions)).toEqual([
			'Billing Labels (Vertex AI)',
			'Concurrency',
			'Flex Overload',
			'Max Retries',
			'Max Retry Wait (Seconds)',
			'Penalty Handling',
			'Price Override',
			'Timeout (Seconds)',
			'Upload Binary Data',
		]);
		expect(requestOptions.displayOptions).toEqual({ hide: { '@version': [1] } });
	});

	it('in version 1 (workflows saved before 1.1): Options hold everything, as they did', () => {
		const [options] = optionCollections({ requestOptions: [concurrencyOption, estimateCostOnlyOption, ...budgetOptions] });

		expect(shown(options, 1).map((o) => o.name).sort()).toEqual([...sharedOptions.map((o) => o.name), ...REQUEST_OPTION_NAMES].sort());
	});

	it('sort each collection by display name', () => {
		for (const property of optionCollections({ requestOptions: [concurrencyOption] })) {
			const names = displayNames(property);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('merge a node\'s own options into the sorted list', () => {
		const nodeOption: INodeProperties = { displayName: 'Max Attempts', name: 'maxAttempts', type: 'number', default: 2 };
		const names = shown(optionCollections({ options: [nodeOption] })[0], REQUEST_OPTIONS_VERSION).map((o) => o.displayName);

		expect(names).toHaveLength(sharedOptions.length + 1);
		expect(names.indexOf('Max Attempts')).toBe(names.indexOf('Include Thoughts') + 1);
	});

	it('name every option a version-1 workflow may hold under options', () => {
		expect([...REQUEST_OPTION_NAMES].sort()).toEqual([...sharedRequestOptions.map((o) => o.name), 'concurrency', 'estimateCostOnly', 'budgetUsd', 'budgetAction', 'dailyBudgetUsd', 'budgetTokenCounting'].sort());
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

import type { IDataObject } from 'n8n-workflow';
import { parseBillingLabels } from '../../../nodes/shared/parameters/billingLabels';

import {
	InvalidParameterError,
	parseModel,
	parseSafetySettings,
	parseSettings,
	type RawParameters,
} from '../../../nodes/shared/parameters/settings';
import type { ServiceTier } from '../../../nodes/shared/pricing';

const REQUEST_TIERS: readonly ServiceTier[] = ['standard', 'flex', 'priority'];

function raw(overrides: Partial<RawParameters> = {}): RawParameters {
	return {
		model: { __rl: true, mode: 'list', value: 'gemini-2.5-flash' },
		prompt: 'Say hi',
		serviceTier: 'standard',
		safetySettings: {},
		options: {},
		...overrides,
	};
}

function withOptions(options: IDataObject) {
	return parseSettings(raw({ options }), REQUEST_TIERS);
}

function withRequestOptions(requestOptions: IDataObject, options: IDataObject = {}) {
	return parseSettings(raw({ options, requestOptions }), REQUEST_TIERS);
}

/** The InvalidParameterError `run` throws (fails the test when it throws nothing or something else). */
function refusal(run: () => unknown): InvalidParameterError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidParameterError);
		return error as InvalidParameterError;
	}
	throw new Error('expected an InvalidParameterError, nothing was thrown');
}

describe('InvalidParameterError', () => {
	it('is an Error carrying the parameter path', () => {
		const error = new InvalidParameterError('options.topK', 'Top K is wrong');

		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('InvalidParameterError');
		expect(error.parameter).toBe('options.topK');
		expect(error.message).toBe('Top K is wrong');
	});
});

describe('parseModel', () => {
	it.each<[string, unknown]>([
		['a resource locator in list mode', { __rl: true, mode: 'list', value: 'gemini-2.5-flash' }],
		['a resource locator in id mode', { __rl: true, mode: 'id', value: ' gemini-2.5-flash ' }],
		['a plain string', 'gemini-2.5-flash'],
		['a models/ prefix', 'models/gemini-2.5-flash'],
		['a models/ prefix inside a resource locator', { __rl: true, mode: 'id', value: 'models/gemini-2.5-flash' }],
	])('accepts %s', (_, value) => {
		expect(parseModel(value)).toEqual({ model: 'gemini-2.5-flash', modelPath: 'models/gemini-2.5-flash' });
	});

	it('keeps a tuned model path as it is', () => {
		expect(parseModel('tunedModels/my-model-4xk2')).toEqual({
			model: 'tunedModels/my-model-4xk2',
			modelPath: 'tunedModels/my-model-4xk2',
		});
	});

	it.each<[string, unknown]>([
		['an empty string', ''],
		['blanks', '   '],
		['an empty resource locator', { __rl: true, mode: 'list', value: '' }],
		['undefined', undefined],
		['a number', 42],
		['a bare models/ prefix', 'models/'],
		['a bare tunedModels/ prefix', 'tunedModels/'],
	])('refuses %s, naming the Model parameter', (_, value) => {
		const error = refusal(() => parseModel(value));

		expect(error.parameter).toBe('model');
		expect(error.message).toMatch(/^Model \(model\) must name a Gemini model, e\.g\. gemini-2\.5-flash; got /);
	});

	it.each(['gemini 2.5 flash', 'gemini-2.5-flash?key=x', 'gemini#1'])('refuses the malformed id %j', (value) => {
		const error = refusal(() => parseModel(value));

		expect(error.parameter).toBe('model');
		expect(error.message).toBe(`Model (model) is not a valid model ID; got "${value}"`);
	});
});

describe('parseSafetySettings', () => {
	it('maps all five categories, civic integrity included, to HARM_CATEGORY_* names', () => {
		const settings = parseSafetySettings({
			harassment: 'BLOCK_NONE',
			hateSpeech: 'BLOCK_ONLY_HIGH',
			sexuallyExplicit: 'BLOCK_MEDIUM_AND_ABOVE',
			dangerousContent: 'BLOCK_LOW_AND_ABOVE',
			civicIntegrity: 'OFF',
		});

		expect(settings).toEqual([
			{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' },
			{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' },
			{ category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', threshold: 'BLOCK_MEDIUM_AND_ABOVE' },
			{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'BLOCK_LOW_AND_ABOVE' },
			{ category: 'HARM_CATEGORY_CIVIC_INTEGRITY', threshold: 'OFF' },
		]);
	});

	it('returns nothing for an empty collection (model defaults)', () => {
		expect(parseSafetySettings({})).toEqual([]);
	});

	it('refuses an unknown category key, listing the known ones', () => {
		const error = refusal(() => parseSafetySettings({ violence: 'BLOCK_NONE' }));

		expect(error.parameter).toBe('safetySettings.violence');
		expect(error.message).toContain('Safety Settings (safetySettings.violence) has no category "violence"');
		expect(error.message).toContain('civicIntegrity, dangerousContent, harassment, hateSpeech, sexuallyExplicit');
	});

	it.each(['toString', 'constructor'])('refuses the inherited property name %s as a category', (key) => {
		const error = refusal(() => parseSafetySettings({ [key]: 'BLOCK_NONE' }));

		expect(error.parameter).toBe(`safetySettings.${key}`);
	});

	it('refuses an unknown threshold, naming the category', () => {
		const error = refusal(() => parseSafetySettings({ hateSpeech: 'BLOCK_SOME' }));

		expect(error.parameter).toBe('safetySettings.hateSpeech');
		expect(error.message).toBe(
			'Safety threshold (safetySettings.hateSpeech) must be one of OFF, BLOCK_NONE, BLOCK_ONLY_HIGH, BLOCK_MEDIUM_AND_ABOVE, BLOCK_LOW_AND_ABOVE; got "BLOCK_SOME"',
		);
	});

	it('refuses a lower-case threshold (the API enum is upper case)', () => {
		expect(refusal(() => parseSafetySettings({ harassment: 'block_none' })).parameter).toBe('safetySettings.harassment');
	});
});

describe('parseSettings', () => {
	describe('defaults', () => {
		const settings = parseSettings(raw(), REQUEST_TIERS);

		it('reads model and prompt', () => {
			expect(settings.model).toBe('gemini-2.5-flash');
			expect(settings.modelPath).toBe('models/gemini-2.5-flash');
			expect(settings.prompt).toBe('Say hi');
		});

		it('waits 900 s for an answer and retries 3 times within 120 s', () => {
			expect(settings.timeoutMs).toBe(900_000);
			expect(settings.retry).toEqual({ maxRetries: 3, maxTotalWaitMs: 120_000, baseDelayMs: 1_000, maxDelayMs: 32_000 });
		});

		it('retries Flex overloads, drops refused penalties with a warning, and adds no raw response', () => {
			expect(settings.flexOverload).toBe('retry');
			expect(settings.penaltyHandling).toBe('dropWithWarning');
			expect(settings.includeRawResponse).toBe(false);
		});

		it('sets no generation option, safety setting, cache or price override', () => {
			expect(settings.generation).toEqual({
				temperature: undefined,
				topP: undefined,
				topK: undefined,
				maxOutputTokens: undefined,
				stopSequences: undefined,
				seed: undefined,
				presencePenalty: undefined,
				frequencyPenalty: undefined,
				thinkingBudget: undefined,
			});
			expect(settings.safetySettings).toEqual([]);
			expect(settings.systemInstruction).toBeUndefined();
			expect(settings.cachedContent).toBeUndefined();
			expect(settings.priceOverride).toBeUndefined();
			expect(settings.binaryProperties).toEqual([]);
		});

		it('asks for the standard tier when the parameter is missing', () => {
			expect(parseSettings(raw({ serviceTier: undefined }), REQUEST_TIERS).serviceTier).toBe('standard');
		});
	});

	describe('prompt', () => {
		it.each<[string, unknown]>([
			['empty', ''],
			['blank', ' \n\t'],
			['missing', undefined],
		])('refuses an %s prompt without binary properties', (_, prompt) => {
			const error = refusal(() => parseSettings(raw({ prompt }), REQUEST_TIERS));

			expect(error.parameter).toBe('prompt');
			expect(error.message).toContain('Prompt (prompt) is empty; write a prompt, send binary data (option Binary Properties) or earlier turns (option Messages)');
		});

		it('accepts an empty prompt when binary properties carry the content', () => {
			const settings = parseSettings(raw({ prompt: '', options: { binaryProperties: ' data , invoice ,' } }), REQUEST_TIERS);

			expect(settings.prompt).toBe('');
			expect(settings.binaryProperties).toEqual(['data', 'invoice']);
		});

		it('turns a number from an expression into text', () => {
			expect(parseSettings(raw({ prompt: 42 }), REQUEST_TIERS).prompt).toBe('42');
		});
	});

	describe('serviceTier', () => {
		it.each(['standard', 'flex', 'priority'])('accepts %s', (tier) => {
			expect(parseSettings(raw({ serviceTier: tier }), REQUEST_TIERS).serviceTier).toBe(tier);
		});

		it('refuses a tier the node does not allow, listing the allowed ones', () => {
			const error = refusal(() => parseSettings(raw({ serviceTier: 'batch' }), REQUEST_TIERS));

			expect(error.parameter).toBe('serviceTier');
			expect(error.message).toBe('Service Tier (serviceTier) must be one of standard, flex, priority; got "batch"');
		});

		it('accepts batch where the node allows it', () => {
			expect(parseSettings(raw({ serviceTier: 'batch' }), ['batch', 'standard']).serviceTier).toBe('batch');
		});

		it('refuses upper case (the API rejects "FLEX")', () => {
			expect(refusal(() => parseSettings(raw({ serviceTier: 'FLEX' }), REQUEST_TIERS)).parameter).toBe('serviceTier');
		});
	});

	describe('number options', () => {
		it.each<[string, number | string, string, string]>([
			['temperature', -0.1, 'Temperature', 'must be between 0 and 2'],
			['temperature', 2.01, 'Temperature', 'must be between 0 and 2'],
			['topP', 1.5, 'Top P', 'must be between 0 and 1'],
			['topP', -0.01, 'Top P', 'must be between 0 and 1'],
			['topK', 0, 'Top K', 'must be at least 1'],
			['topK', 2.5, 'Top K', 'must be a whole number'],
			['maxOutputTokens', 0, 'Max Output Tokens', 'must be at least 1'],
			['maxOutputTokens', 100.5, 'Max Output Tokens', 'must be a whole number'],
			['seed', 1.5, 'Seed', 'must be a whole number'],
			['thinkingBudget', -2, 'Thinking Budget', 'must be at least -1'],
			['presencePenalty', 2.01, 'Presence Penalty', 'must be between -2 and 2'],
			['presencePenalty', -2.01, 'Presence Penalty', 'must be between -2 and 2'],
			['frequencyPenalty', 2.01, 'Frequency Penalty', 'must be between -2 and 2'],
			['frequencyPenalty', -3, 'Frequency Penalty', 'must be between -2 and 2'],
			['temperature', 'warm', 'Temperature', 'must be a number'],
		])('refuses %s = %j with "%s … %s"', (name, value, label, problem) => {
			const error = refusal(() => withOptions({ [name]: value }));

			expect(error.parameter).toBe(`options.${name}`);
			expect(error.message).toBe(`${label} (options.${name}) ${problem}; got ${JSON.stringify(value)}`);
		});

		it.each<[string, number, string, string]>([
			['maxRetries', 11, 'Max Retries', 'must be between 0 and 10'],
			['maxRetryWaitSeconds', -1, 'Max Retry Wait (Seconds)', 'must be at least 0'],
			['timeoutSeconds', 0, 'Timeout (Seconds)', 'must be at least 1'],
		])('refuses Request Options %s = %j with "%s … %s"', (name, value, label, problem) => {
			const error = refusal(() => withRequestOptions({ [name]: value }));

			expect(error.parameter).toBe(`requestOptions.${name}`);
			expect(error.message).toBe(`${label} (requestOptions.${name}) ${problem}; got ${JSON.stringify(value)}`);
		});

		it.each<[string, number]>([
			['temperature', 0],
			['temperature', 2],
			['topP', 0],
			['topP', 1],
			['topK', 1],
			['presencePenalty', -2],
			['presencePenalty', 2],
			['frequencyPenalty', -2],
			['frequencyPenalty', 2],
			['thinkingBudget', 0],
			['thinkingBudget', -1],
			['seed', -7],
		])('accepts %s = %d (a bound)', (name, value) => {
			expect(withOptions({ [name]: value }).generation).toMatchObject({ [name]: value });
		});

		it('reads numbers typed as text', () => {
			expect(withOptions({ temperature: '0.7', topK: '40' }).generation).toMatchObject({ temperature: 0.7, topK: 40 });
		});

		it('treats an empty or null value as not set', () => {
			const generation = withOptions({ temperature: '', topP: null }).generation;

			expect(generation.temperature).toBeUndefined();
			expect(generation.topP).toBeUndefined();
		});

		it('treats a blank text as not set rather than as 0', () => {
			const settings = withOptions({ temperature: '  ', topK: ' ', timeoutSeconds: ' ' });

			expect(settings.generation.temperature).toBeUndefined();
			expect(settings.generation.topK).toBeUndefined();
			expect(settings.timeoutMs).toBe(900_000);
		});
	});

	describe('stopSequences', () => {
		it('splits a comma-separated list and trims it', () => {
			expect(withOptions({ stopSequences: 'END, ###,  STOP ,' }).generation.stopSequences).toEqual(['END', '###', 'STOP']);
		});

		it('accepts an array and exactly 5 sequences', () => {
			expect(withOptions({ stopSequences: ['a', 'b', 'c', 'd', 'e'] }).generation.stopSequences).toHaveLength(5);
		});

		it('refuses more than 5 sequences', () => {
			const error = refusal(() => withOptions({ stopSequences: 'a,b,c,d,e,f' }));

			expect(error.parameter).toBe('options.stopSequences');
			expect(error.message).toBe('Stop Sequences (options.stopSequences) allows at most 5 sequences; got 6');
		});

		it('treats a list of blanks as not set', () => {
			expect(withOptions({ stopSequences: ' , ,' }).generation.stopSequences).toBeUndefined();
		});
	});

	describe('thinking', () => {
		it.each(['minimal', 'low', 'medium', 'high'])('accepts thinking level %s', (level) => {
			expect(withOptions({ thinkingLevel: level }).generation.thinkingLevel).toBe(level);
		});

		it('refuses another thinking level, listing the allowed ones', () => {
			const error = refusal(() => withOptions({ thinkingLevel: 'extreme' }));

			expect(error.parameter).toBe('options.thinkingLevel');
			expect(error.message).toBe('Thinking Level (options.thinkingLevel) must be one of minimal, low, medium, high; got "extreme"');
		});

		it('reads includeThoughts only as the boolean true', () => {
			expect(withOptions({ includeThoughts: true }).generation.includeThoughts).toBe(true);
			expect(withOptions({ includeThoughts: false }).generation.includeThoughts).toBe(false);
			expect(withOptions({ includeThoughts: 'true' }).generation.includeThoughts).toBe(false);
		});
	});

	describe('built-in tools', () => {
		it('reads the chosen tools and File Search stores, adding the fileSearchStores/ prefix', () => {
			expect(withOptions({ builtInTools: ['googleSearch', 'fileSearch'], fileSearchStoreNames: 'a, fileSearchStores/b' }).tools).toEqual({
				builtInTools: ['googleSearch', 'fileSearch'],
				fileSearchStoreNames: ['fileSearchStores/a', 'fileSearchStores/b'],
			});
			expect(withOptions({}).tools).toBeUndefined();
			expect(withOptions({ builtInTools: [] }).tools).toBeUndefined();
		});

		it('refuses File Search without a store, and stores without File Search', () => {
			expect(refusal(() => withOptions({ builtInTools: ['fileSearch'] })).parameter).toBe('options.fileSearchStoreNames');
			expect(refusal(() => withOptions({ builtInTools: ['googleSearch'], fileSearchStoreNames: 'a' })).message).toContain('File Search is not chosen');
		});

		it('refuses a tool it does not know, naming the parameter', () => {
			const error = refusal(() => withOptions({ builtInTools: ['webBrowsing'] }));
			expect(error.parameter).toBe('options.builtInTools');
			expect(error.message).toContain('googleSearch');
		});
	});

	describe('messages', () => {
		it('reads earlier turns, adds system messages to the system instruction, and lets the prompt be empty', () => {
			const settings = parseSettings(
				raw({ prompt: '', options: { systemInstruction: 'Be kind.', messages: [{ role: 'system', text: 'Be brief.' }, { role: 'user', text: 'Hi' }] } }),
				REQUEST_TIERS,
			);
			expect(settings.messages?.turns).toEqual([{ role: 'user', text: 'Hi' }]);
			expect(settings.systemInstruction).toBe('Be kind.\n\nBe brief.');
		});

		it('refuses messages it cannot read, naming the parameter', () => {
			const error = refusal(() => withOptions({ messages: '[{"role":"user"' }));
			expect(error.parameter).toBe('options.messages');
			expect(error.message).toMatch(/^Messages \(options\.messages\) is not valid JSON/);
			expect(refusal(() => withOptions({ messages: [{ role: 'robot', text: 'x' }] })).message).toContain('message 0 needs a role');
		});
	});

	describe('logprobs', () => {
		it('asks for logprobs with Include Logprobs, and for the top N only with it', () => {
			expect(withOptions({ includeLogprobs: true, topLogprobs: 5 }).generation).toMatchObject({ responseLogprobs: true, logprobs: 5 });
			expect(withOptions({ includeLogprobs: true }).generation.logprobs).toBeUndefined();
			expect(withOptions({ topLogprobs: 5 }).generation.responseLogprobs).toBeUndefined();
			expect(withOptions({ topLogprobs: 5 }).generation.logprobs).toBeUndefined();
		});

		it('refuses more than 20 top logprobs, naming the parameter', () => {
			const error = refusal(() => withOptions({ includeLogprobs: true, topLogprobs: 21 }));
			expect(error.parameter).toBe('options.topLogprobs');
		});
	});

	describe('other options', () => {
		it('trims the system instruction and drops a blank one', () => {
			expect(withOptions({ systemInstruction: '  Be brief.  ' }).systemInstruction).toBe('Be brief.');
			expect(withOptions({ systemInstruction: '   ' }).systemInstruction).toBeUndefined();
		});

		it('prefixes a bare cache id with cachedContents/ and keeps a full name', () => {
			expect(withOptions({ cachedContent: 'abc123' }).cachedContent).toBe('cachedContents/abc123');
			expect(withOptions({ cachedContent: 'cachedContents/abc123' }).cachedContent).toBe('cachedContents/abc123');
			expect(withOptions({ cachedContent: ' ' }).cachedContent).toBeUndefined();
		});

		it('accepts the response MIME types and refuses others', () => {
			expect(withOptions({ responseMimeType: 'application/json' }).generation.responseMimeType).toBe('application/json');
			const error = refusal(() => withOptions({ responseMimeType: 'text/x.enum' }));
			expect(error.parameter).toBe('options.responseMimeType');
			expect(error.message).toContain('Response MIME Type (options.responseMimeType)');
		});

		it('reads timeout and retry settings in seconds from Request Options', () => {
			const settings = withRequestOptions({ timeoutSeconds: 600, maxRetries: 0, maxRetryWaitSeconds: 30 });

			expect(settings.timeoutMs).toBe(600_000);
			expect(settings.retry).toEqual({ maxRetries: 0, maxTotalWaitMs: 30_000, baseDelayMs: 1_000, maxDelayMs: 32_000 });
		});

		it('reads flexOverload and penaltyHandling and refuses unknown values', () => {
			const settings = withRequestOptions({ flexOverload: 'fallbackToStandard', penaltyHandling: 'fail' }, { includeRawResponse: true });

			expect(settings.flexOverload).toBe('fallbackToStandard');
			expect(settings.penaltyHandling).toBe('fail');
			expect(settings.includeRawResponse).toBe(true);
			const flex = refusal(() => withRequestOptions({ flexOverload: 'wait' }));
			expect(flex.parameter).toBe('requestOptions.flexOverload');
			expect(flex.message).toBe('Flex Overload (requestOptions.flexOverload) must be one of retry, fallbackToStandard, fail; got "wait"');
			const penalty = refusal(() => withRequestOptions({ penaltyHandling: 'ignore' }));
			expect(penalty.parameter).toBe('requestOptions.penaltyHandling');
			expect(penalty.message).toContain('Penalty Handling (requestOptions.penaltyHandling)');
		});

		it('refuses Thinking Budget and Thinking Level together, naming both', () => {
			const error = refusal(() => withOptions({ thinkingBudget: 1024, thinkingLevel: 'low' }));

			expect(error.parameter).toBe('options.thinkingBudget');
			expect(error.message).toBe(
				'Thinking Budget (options.thinkingBudget) and Thinking Level (options.thinkingLevel) cannot be used together; remove one of them; got {"thinkingBudget":1024,"thinkingLevel":"low"}',
			);
			expect(withOptions({ thinkingLevel: 'low' }).generation.thinkingLevel).toBe('low');
			expect(withOptions({ thinkingBudget: 1024 }).generation.thinkingBudget).toBe(1024);
		});
	});

	describe('request options saved under Options (workflows from before Request Options)', () => {
		it('still apply', () => {
			const settings = withOptions({ timeoutSeconds: 60, maxRetries: 1, flexOverload: 'fail', priceOverride: { prices: { output: 2 } } });

			expect(settings.timeoutMs).toBe(60_000);
			expect(settings.retry.maxRetries).toBe(1);
			expect(settings.flexOverload).toBe('fail');
			expect(settings.priceOverride).toEqual({ output: 2 });
		});

		it('give way to the same option set in Request Options', () => {
			expect(withRequestOptions({ maxRetries: 5 }, { maxRetries: 1 }).retry.maxRetries).toBe(5);
		});

		it('are validated like the new ones', () => {
			expect(refusal(() => withOptions({ maxRetries: 11 })).parameter).toBe('requestOptions.maxRetries');
		});
	});

	describe('priceOverride', () => {
		it('keeps the prices that are set', () => {
			const settings = withRequestOptions({ priceOverride: { prices: { input: 0.1, output: 0.4, cacheRead: 0.025, audioInput: 0.7 } } });

			expect(settings.priceOverride).toEqual({ input: 0.1, output: 0.4, cacheRead: 0.025, audioInput: 0.7 });
		});

		it('reads 0 as "keep the table price"', () => {
			expect(withRequestOptions({ priceOverride: { prices: { input: 0, output: 2.5, cacheRead: 0, audioInput: 0 } } }).priceOverride).toEqual({
				output: 2.5,
			});
			expect(withRequestOptions({ priceOverride: { prices: { input: 0, output: 0 } } }).priceOverride).toBeUndefined();
		});

		it('reads per-tier prices into tiers, beside the Standard prices', () => {
			const settings = withRequestOptions({
				priceOverride: { prices: { input: 0.3 }, batchPrices: { input: 0.1, output: 0 }, priorityPrices: { output: 4 }, flexPrices: { input: 0 } },
			});

			expect(settings.priceOverride).toEqual({ input: 0.3, tiers: { batch: { input: 0.1 }, priority: { output: 4 } } });
			expect(withRequestOptions({ priceOverride: { flexPrices: { output: 1 } } }).priceOverride).toEqual({ tiers: { flex: { output: 1 } } });
		});

		it('names the tier group of a refused price', () => {
			expect(refusal(() => withRequestOptions({ priceOverride: { batchPrices: { input: -2 } } })).parameter).toBe('requestOptions.priceOverride.batchPrices.input');
		});

		it('is absent without the prices group', () => {
			expect(withRequestOptions({ priceOverride: {} }).priceOverride).toBeUndefined();
		});

		it('refuses a negative price, naming its path in the Request Options', () => {
			const error = refusal(() => withRequestOptions({ priceOverride: { prices: { output: -1 } } }));

			expect(error.parameter).toBe('requestOptions.priceOverride.prices.output');
			expect(error.message).toBe('Price Override output (requestOptions.priceOverride.prices.output) must be at least 0; got -1');
		});
	});
});

describe('Billing Labels (Vertex AI)', () => {
	it('become a string map on the settings, checked against Google\'s label rules', () => {
		const labels = { label: [{ key: 'team', value: 'growth' }, { key: 'workflow_id', value: 'wf-12' }] };
		expect(parseBillingLabels({ billingLabels: labels })).toEqual({ labels: { team: 'growth', workflow_id: 'wf-12' } });
		expect(parseBillingLabels({})).toEqual({});
		expect(parseBillingLabels({ billingLabels: { label: [{ key: 'Team', value: 'x' }] } }).problem).toMatch(/key "Team"/);
		expect(parseBillingLabels({ billingLabels: { label: [{ key: 'team', value: 'Growth Team' }] } }).problem).toMatch(/value "Growth Team" for "team"/);
	});
});

describe('parseSettings: media', () => {
	it('accepts File URLs alone as the content (no prompt) and reads Upload Binary Data from Request Options', () => {
		const settings = parseSettings(raw({ prompt: '', options: { fileUrls: 'files/abc' }, requestOptions: { fileUpload: 'always' } }), REQUEST_TIERS);
		expect(settings.media).toEqual({ uploadMode: 'always', fileUrls: ['files/abc'] });
	});

	it('keeps image and voice options on the generation settings, and leaves them out when unset', () => {
		expect(withOptions({ voiceName: 'Kore', mediaResolution: 'low' }).generation.media).toEqual({ voiceName: 'Kore', mediaResolution: 'low' });
		expect(withOptions({ aspectRatio: '', voiceName: '  ' }).generation.media).toBeUndefined();
	});
});

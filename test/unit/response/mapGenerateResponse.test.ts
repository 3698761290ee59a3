import {
	mapGenerateResponse,
	parseGenerateResponse,
	safetyReport,
	servedTier,
} from '../../../nodes/shared/response/mapGenerateResponse';
import { GeminiApiError } from '../../../nodes/shared/transport/googleError';

const usageMetadata = { promptTokenCount: 12, candidatesTokenCount: 40, thoughtsTokenCount: 17, totalTokenCount: 69 };

function candidate(parts: Array<Record<string, unknown>>, finishReason = 'STOP', extra: Record<string, unknown> = {}) {
	return { content: { role: 'model', parts }, finishReason, index: 0, ...extra };
}

function mapped(body: unknown) {
	return mapGenerateResponse(parseGenerateResponse(body));
}

describe('parseGenerateResponse', () => {
	it('keeps fields it does not know (Google adds fields often)', () => {
		const response = parseGenerateResponse({
			candidates: [candidate([{ text: 'hi' }], 'STOP', { avgLogprobs: -0.1, citationMetadata: { citationSources: [] } })],
			usageMetadata: { ...usageMetadata, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }] },
			modelVersion: 'gemini-2.5-flash-001',
			responseId: 'resp-1',
			createTime: '2026-06-02T10:00:00Z',
		});

		expect(response).toHaveProperty('createTime', '2026-06-02T10:00:00Z');
		expect(response.candidates?.[0]).toHaveProperty('avgLogprobs', -0.1);
	});

	it('accepts an empty object (every field is optional)', () => {
		expect(parseGenerateResponse({})).toEqual({});
	});

	it.each<[string, unknown, string]>([
		['candidates that are not an array', { candidates: 'hello' }, 'candidates:'],
		['a part whose text is not a string', { candidates: [candidate([{ text: 42 }])] }, 'candidates.0.content.parts.0.text:'],
		['a token count that is not a number', { usageMetadata: { promptTokenCount: 'many' } }, 'usageMetadata.promptTokenCount:'],
		['a body that is not an object', null, '(body:'],
	])('refuses %s with a GeminiApiError naming the field', (_, body, where) => {
		let thrown: unknown;
		try {
			parseGenerateResponse(body);
		} catch (error) {
			thrown = error;
		}

		expect(thrown).toBeInstanceOf(GeminiApiError);
		const error = thrown as GeminiApiError;
		expect(error.kind).toBe('http');
		expect(error.message).toMatch(/^Gemini's response did not have the expected shape \(/);
		expect(error.message).toContain(where);
	});
});

describe('mapGenerateResponse', () => {
	it('maps a plain answer', () => {
		const result = mapped({
			candidates: [candidate([{ text: 'Hello there.' }])],
			usageMetadata,
			modelVersion: 'gemini-2.5-flash-001',
			responseId: 'abc123',
		});

		expect(result.text).toBe('Hello there.');
		expect(result.finishReason).toBe('STOP');
		expect(result.modelVersion).toBe('gemini-2.5-flash-001');
		expect(result.responseId).toBe('abc123');
		expect(result.usageMetadata).toEqual(usageMetadata);
		expect(result.safety).toEqual({ blocked: false, blockReason: null, ratings: [] });
		expect(result).not.toHaveProperty('thoughts');
	});

	it('joins the text of every part, with no separator', () => {
		expect(mapped({ candidates: [candidate([{ text: 'Hel' }, { text: 'lo ' }, { text: 'world' }])] }).text).toBe('Hello world');
	});

	it('reads only the first candidate', () => {
		const result = mapped({ candidates: [candidate([{ text: 'first' }]), candidate([{ text: 'second' }], 'MAX_TOKENS')] });

		expect(result.text).toBe('first');
		expect(result.finishReason).toBe('STOP');
	});

	it('separates thought parts into thoughts', () => {
		const result = mapped({
			candidates: [
				candidate([
					{ text: 'Let me think. ', thought: true },
					{ text: 'The answer is 4.' },
					{ text: 'Checked.', thought: true },
				]),
			],
		});

		expect(result.text).toBe('The answer is 4.');
		expect(result.thoughts).toBe('Let me think. Checked.');
	});

	it('ignores an empty text part that only carries a thoughtSignature', () => {
		const result = mapped({
			candidates: [candidate([{ text: 'Done.' }, { text: '', thoughtSignature: 'CiQB0e2Kb3c=' }])],
		});

		expect(result.text).toBe('Done.');
		expect(result).not.toHaveProperty('thoughts');
	});

	it('skips parts without text (function calls, inline data)', () => {
		const result = mapped({
			candidates: [candidate([{ functionCall: { name: 'f', args: {} } }, { text: 'ok' }, { inlineData: { mimeType: 'image/png', data: 'AA' } }])],
		});

		expect(result.text).toBe('ok');
	});

	it('gives empty text, a null finish reason and empty usage for a body with nothing in it', () => {
		const result = mapped({});

		expect(result.text).toBe('');
		expect(result.finishReason).toBeNull();
		expect(result.usageMetadata).toEqual({});
		expect(result.modelVersion).toBeUndefined();
		expect(result.responseId).toBeUndefined();
	});

	it('reports a blocked prompt (HTTP 200, no candidates) as blocked, with its usage', () => {
		const ratings = [
			{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH', blocked: true },
			{ category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
		];
		const result = mapped({
			promptFeedback: { blockReason: 'SAFETY', safetyRatings: ratings },
			usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
			modelVersion: 'gemini-2.5-flash',
		});

		expect(result.safety).toEqual({ blocked: true, blockReason: 'SAFETY', ratings });
		expect(result.text).toBe('');
		expect(result.finishReason).toBeNull();
		expect(result.usageMetadata).toEqual({ promptTokenCount: 9, totalTokenCount: 9 });
	});
});

describe('safetyReport', () => {
	const ratings = [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'MEDIUM', blocked: true }];

	it('reports a prompt block with its reason and ratings, even without ratings', () => {
		expect(safetyReport({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } })).toEqual({
			blocked: true,
			blockReason: 'PROHIBITED_CONTENT',
			ratings: [],
		});
	});

	it.each(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'])(
		'reports a candidate that finished with %s as blocked, with its ratings',
		(finishReason) => {
			expect(safetyReport({ candidates: [candidate([], finishReason, { safetyRatings: ratings })] })).toEqual({
				blocked: true,
				blockReason: finishReason,
				ratings,
			});
		},
	);

	it.each(['STOP', 'MAX_TOKENS', 'OTHER', 'MALFORMED_FUNCTION_CALL'])('does not report %s as blocked', (finishReason) => {
		const report = safetyReport({ candidates: [candidate([{ text: 'partial' }], finishReason, { safetyRatings: ratings })] });

		expect(report.blocked).toBe(false);
		expect(report.blockReason).toBeNull();
		expect(report.ratings).toEqual(ratings);
	});

	it('prefers the prompt block over the candidate', () => {
		const report = safetyReport({
			promptFeedback: { blockReason: 'OTHER' },
			candidates: [candidate([], 'STOP')],
		});

		expect(report).toMatchObject({ blocked: true, blockReason: 'OTHER' });
	});
});

describe('servedTier', () => {
	it('takes the body field first', () => {
		expect(servedTier({ serviceTier: 'flex' }, { 'x-gemini-service-tier': 'standard' }, 'flex')).toEqual({
			tier: 'flex',
			reported: true,
			provisioned: false,
		});
	});

	it('takes the header when the body lacks the field', () => {
		expect(servedTier(usageMetadata, { 'x-gemini-service-tier': 'standard' }, 'priority')).toEqual({
			tier: 'standard',
			reported: true,
			provisioned: false,
		});
		expect(servedTier(undefined, { 'x-gemini-service-tier': 'priority' }, 'priority')).toEqual({
			tier: 'priority',
			reported: true,
			provisioned: false,
		});
	});

	it('takes the header when the body names a tier it does not know', () => {
		expect(servedTier({ serviceTier: 'SERVICE_TIER_UNSPECIFIED' }, { 'x-gemini-service-tier': 'flex' }, 'flex')).toEqual({
			tier: 'flex',
			reported: true,
			provisioned: false,
		});
	});

	it('assumes the requested tier, unreported, when neither says', () => {
		expect(servedTier(usageMetadata, {}, 'flex')).toEqual({ tier: 'flex', reported: false, provisioned: false });
		expect(servedTier(undefined, { 'x-gemini-service-tier': 'turbo' }, 'priority')).toEqual({ tier: 'priority', reported: false, provisioned: false });
	});

	it.each<[string, string]>([
		['FLEX', 'flex'],
		['Priority', 'priority'],
		['SERVICE_TIER_STANDARD', 'standard'],
		['service_tier_flex', 'flex'],
	])('reads %s case-insensitively as %s', (value, tier) => {
		expect(servedTier({ serviceTier: value }, {}, 'standard').tier).toBe(tier);
		expect(servedTier({}, { 'x-gemini-service-tier': value }, 'standard').tier).toBe(tier);
	});

	it.each<[string, string]>([
		['ON_DEMAND', 'standard'],
		['ON_DEMAND_FLEX', 'flex'],
		['ON_DEMAND_PRIORITY', 'priority'],
	])('reads Vertex trafficType %s as %s', (trafficType, tier) => {
		expect(servedTier({ trafficType }, {}, 'priority')).toEqual({ tier, reported: true, provisioned: false });
	});

	it('Provisioned Throughput: the requested tier, reported, prepaid', () => {
		expect(servedTier({ trafficType: 'PROVISIONED_THROUGHPUT' }, {}, 'standard')).toEqual({ tier: 'standard', reported: true, provisioned: true });
	});
});

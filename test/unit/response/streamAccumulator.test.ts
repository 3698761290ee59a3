import { mapGenerateResponse } from '../../../nodes/shared/response/mapGenerateResponse';
import { StreamAccumulator } from '../../../nodes/shared/response/streamAccumulator';
import { toolUseOf } from '../../../nodes/shared/response/toolUse';

const chunk = (parts: Array<{ text: string; thought?: boolean; thoughtSignature?: string }>, extra: Record<string, unknown> = {}) => ({
	candidates: [{ content: { role: 'model', parts }, ...(extra.finishReason ? { finishReason: extra.finishReason as string } : {}) }],
	usageMetadata: extra.usage as Record<string, number> | undefined,
	modelVersion: 'gemini-2.5-flash-001',
	responseId: 'r1',
});

describe('StreamAccumulator', () => {
	it('returns each chunk’s new answer text and joins them', () => {
		const acc = new StreamAccumulator();
		expect(acc.add(chunk([{ text: 'Hel' }]))).toBe('Hel');
		expect(acc.add(chunk([{ text: 'lo' }]))).toBe('lo');
		expect(acc.text).toBe('Hello');
		expect(acc.chunks).toBe(2);
	});

	it('keeps the grounding metadata of the stream, so its search queries are billed once', () => {
		const acc = new StreamAccumulator();
		acc.add(chunk([{ text: 'Sun' }]));
		const grounded = chunk([{ text: 'ny.' }], { finishReason: 'STOP' });
		acc.add({ ...grounded, candidates: [{ ...grounded.candidates[0], groundingMetadata: { webSearchQueries: ['weather', 'forecast'] } }] });
		expect(toolUseOf(acc.toResponse())).toEqual({ searchQueries: 2, searchGrounded: true, mapsGrounded: false });
		expect(toolUseOf(new StreamAccumulator().toResponse()).searchQueries).toBe(0);
	});

	it('keeps thought parts apart from the answer', () => {
		const acc = new StreamAccumulator();
		expect(acc.add(chunk([{ text: 'thinking…', thought: true }]))).toBe('');
		acc.add(chunk([{ text: 'Answer' }]));
		const mapped = mapGenerateResponse(acc.toResponse());
		expect(mapped.text).toBe('Answer');
		expect(mapped.thoughts).toBe('thinking…');
	});

	it('takes usage from the last chunk (running totals), never a sum, and the finish reason from the end', () => {
		const acc = new StreamAccumulator();
		acc.add(chunk([{ text: 'a' }], { usage: { promptTokenCount: 10, candidatesTokenCount: 1, totalTokenCount: 11 } }));
		acc.add(chunk([{ text: 'b' }], { usage: { promptTokenCount: 10, candidatesTokenCount: 2, totalTokenCount: 12 } }));
		acc.add(chunk([{ text: '', thoughtSignature: 'sig' }], {
			finishReason: 'STOP',
			usage: { promptTokenCount: 10, candidatesTokenCount: 2, totalTokenCount: 12 },
		}));
		const response = acc.toResponse();
		expect(response.usageMetadata).toEqual({ promptTokenCount: 10, candidatesTokenCount: 2, totalTokenCount: 12 });
		expect(response.candidates?.[0].finishReason).toBe('STOP');
		expect(response.responseId).toBe('r1');
		expect(acc.text).toBe('ab');
	});

	it('reports a stream that ended without a final event as having no finish reason', () => {
		const acc = new StreamAccumulator();
		acc.add(chunk([{ text: 'partial' }]));
		expect(mapGenerateResponse(acc.toResponse()).finishReason).toBeNull();
	});

	it('keeps a blocked prompt’s feedback', () => {
		const acc = new StreamAccumulator();
		acc.add({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } });
		const mapped = mapGenerateResponse(acc.toResponse());
		expect(mapped.safety).toMatchObject({ blocked: true, blockReason: 'SAFETY' });
		expect(mapped.text).toBe('');
	});
});

describe('StreamAccumulator: the merged stream keeps every part', () => {
	const event = (parts: Array<Record<string, unknown>>, candidate: Record<string, unknown> = {}) => ({
		candidates: [{ content: { role: 'model', parts }, ...candidate }],
		modelVersion: 'gemini-3-flash-preview',
		responseId: 'r2',
	});

	it('keeps code, calls and images in order between the joined text runs', () => {
		const acc = new StreamAccumulator();
		acc.add(event([{ executableCode: { language: 'PYTHON', code: 'print(1)' } }, { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1\n' } }]));
		acc.add(event([{ text: 'The ' }]));
		acc.add(event([{ text: 'answer.' }]));
		acc.add(event([{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }, { functionCall: { name: 'f', args: {} } }], { finishReason: 'STOP' }));

		expect(acc.toResponse().candidates?.[0].content?.parts).toEqual([
			{ executableCode: { language: 'PYTHON', code: 'print(1)' } },
			{ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1\n' } },
			{ text: 'The answer.' },
			{ inlineData: { mimeType: 'image/png', data: 'AAAA' } },
			{ functionCall: { name: 'f', args: {} } },
		]);
		expect(acc.text).toBe('The answer.');
	});

	it('puts a closing signature on the answer it signs, and keeps thoughts a separate run', () => {
		const acc = new StreamAccumulator();
		acc.add(event([{ text: 'hmm', thought: true }]));
		acc.add(event([{ text: 'Hi' }]));
		acc.add(event([{ text: '', thoughtSignature: 'sig' }], { finishReason: 'STOP' }));
		expect(acc.toResponse().candidates?.[0].content?.parts).toEqual([{ text: 'hmm', thought: true }, { text: 'Hi', thoughtSignature: 'sig' }]);
	});

	it('takes the grounding and finish message of the last events and concatenates citations and logprobs', () => {
		const acc = new StreamAccumulator();
		acc.add(event([{ text: 'a' }], { citationMetadata: { citationSources: [{ uri: 'u1' }] }, logprobsResult: { chosenCandidates: [{ token: 'a' }] } }));
		acc.add(event([{ text: 'b' }], {
			finishReason: 'STOP',
			finishMessage: 'done',
			groundingMetadata: { webSearchQueries: ['q'] },
			citationMetadata: { citationSources: [{ uri: 'u2' }] },
			logprobsResult: { chosenCandidates: [{ token: 'b' }] },
		}));
		const candidate = acc.toResponse().candidates?.[0] as Record<string, unknown>;
		expect(candidate.groundingMetadata).toEqual({ webSearchQueries: ['q'] });
		expect(candidate.finishMessage).toBe('done');
		expect(candidate.citationMetadata).toEqual({ citationSources: [{ uri: 'u1' }, { uri: 'u2' }] });
		expect((candidate.logprobsResult as { chosenCandidates: unknown[] }).chosenCandidates).toEqual([{ token: 'a' }, { token: 'b' }]);
	});
});

import type { GenerateContentRequest } from '../../../nodes/shared/request/buildGenerateRequest';
import type { GenerateContentResponse } from '../../../nodes/shared/response/schemas';
import { runFunctionLoop } from '../../../nodes/shared/tools/functionLoop';

const call = (name: string, args: Record<string, unknown>, signature?: string): GenerateContentResponse => ({
	candidates: [{ content: { role: 'model', parts: [{ functionCall: { name, args }, ...(signature ? { thoughtSignature: signature } : {}) }] }, finishReason: 'STOP' }],
});
const text = (answer: string): GenerateContentResponse => ({ candidates: [{ content: { role: 'model', parts: [{ text: answer }] }, finishReason: 'STOP' }] });
const first: GenerateContentRequest = { contents: [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }] };

function scripted(answers: GenerateContentResponse[]) {
	const sent: GenerateContentRequest[] = [];
	return {
		sent,
		send: async (request: GenerateContentRequest) => {
			sent.push(request);
			const response = answers[sent.length - 1];
			return { reply: sent.length, response };
		},
	};
}

describe('runFunctionLoop', () => {
	it('runs the called tool, sends the model’s turn back with its signature and the result, and ends on text', async () => {
		const server = scripted([call('weather', { city: 'Paris' }, 'sig-1'), text('It is sunny.')]);
		const invoked: unknown[] = [];
		const outcome = await runFunctionLoop({
			request: first,
			tools: [{ name: 'weather', invoke: async (args) => (invoked.push(args), '{"sky":"sunny"}') }],
			maxIterations: 5,
			send: server.send,
		});
		expect(invoked).toEqual([{ city: 'Paris' }]);
		expect(outcome.toolCalls).toEqual([{ name: 'weather', args: { city: 'Paris' }, result: { sky: 'sunny' } }]);
		expect(outcome.rounds.map((r) => r.reply)).toEqual([1, 2]);
		expect(server.sent[1].contents.slice(1)).toEqual([
			{ role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-1' }] },
			{ role: 'user', parts: [{ functionResponse: { name: 'weather', response: { result: { sky: 'sunny' } } } }] },
		]);
		expect(outcome.warnings).toEqual([]);
	});

	it('gives the model a failing tool’s error as its result and keeps going', async () => {
		const server = scripted([call('weather', {}), text('Sorry.')]);
		const outcome = await runFunctionLoop({
			request: first,
			tools: [{ name: 'weather', invoke: async () => Promise.reject(new Error('city missing')) }],
			maxIterations: 5,
			send: server.send,
		});
		expect(outcome.toolCalls).toEqual([{ name: 'weather', args: {}, result: { error: 'city missing' }, error: 'city missing' }]);
		expect(outcome.rounds).toHaveLength(2);
	});

	it('stops at Max Tool Iterations with a warning, leaving the last calls unrun', async () => {
		const server = scripted([call('weather', {}), call('weather', {}), call('weather', {})]);
		let runs = 0;
		const outcome = await runFunctionLoop({ request: first, tools: [{ name: 'weather', invoke: async () => ++runs }], maxIterations: 1, send: server.send });
		expect(runs).toBe(1);
		expect(outcome.rounds).toHaveLength(2);
		expect(outcome.warnings).toEqual([expect.stringContaining('Max Tool Iterations')]);
	});

	it('without tools a call is the answer: one round, nothing run', async () => {
		const server = scripted([call('weather', {})]);
		const outcome = await runFunctionLoop({ request: first, tools: [], maxIterations: 5, send: server.send });
		expect(outcome.rounds).toHaveLength(1);
		expect(outcome.toolCalls).toEqual([]);
	});
});

import { startFakeGemini } from './server';
import { call } from './testkit';
import type { FakeGemini } from './types';

const tools = [{ functionDeclarations: [{ name: 'lookup', parametersJsonSchema: { type: 'object' } }] }];
const ask = { role: 'user', parts: [{ text: 'Find it [[fake:call=lookup args=\'{"q":"x"}\']]' }] };
const answer = { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { result: 'found' } } }] };

let fake: FakeGemini;
beforeAll(async () => {
	fake = await startFakeGemini({ port: 0 });
});
afterAll(async () => await fake.close());

const generate = async (model: string, contents: unknown[], withTools = true) =>
	await call(fake, 'POST', `/v1beta/models/${model}:generateContent`, withTools ? { contents, tools } : { contents });

describe('fake function calling (call= directive)', () => {
	it('calls the tool with a signature on Gemini 3, then answers from its response', async () => {
		const first = await generate('gemini-3-flash-preview', [ask]);
		const part = (first.json as any).candidates[0].content.parts[0];
		expect(part.functionCall).toEqual({ name: 'lookup', args: { q: 'x' } });
		expect(typeof part.thoughtSignature).toBe('string');
		const usage = (first.json as any).usageMetadata;
		expect(usage.candidatesTokenCount).toBe(Math.ceil(JSON.stringify(part.functionCall).length / 4));

		const second = await generate('gemini-3-flash-preview', [ask, { role: 'model', parts: [part] }, answer]);
		expect((second.json as any).candidates[0].content.parts[0].text).toBe('Tool lookup answered: {"result":"found"}');
	});

	it('refuses a Gemini 3 follow-up whose call lost its signature, as Google does', async () => {
		const unsigned = { role: 'model', parts: [{ functionCall: { name: 'lookup', args: { q: 'x' } } }] };
		const reply = await generate('gemini-3-flash-preview', [ask, unsigned, answer]);
		expect(reply.status).toBe(400);
		expect(reply.text).toContain('Function call is missing a thought_signature');
		const skipped = { role: 'model', parts: [{ ...unsigned.parts[0], thoughtSignature: 'skip_thought_signature_validator' }] };
		expect((await generate('gemini-3-flash-preview', [ask, skipped, answer])).status).toBe(200);
	});

	it('does not sign on Gemini 2.5 and accepts unsigned follow-ups there', async () => {
		const first = await generate('gemini-2.5-flash', [ask]);
		const part = (first.json as any).candidates[0].content.parts[0];
		expect(part.thoughtSignature).toBeUndefined();
		expect((await generate('gemini-2.5-flash', [ask, { role: 'model', parts: [part] }, answer])).status).toBe(200);
	});

	it('refuses a call to a tool the request does not declare', async () => {
		const reply = await generate('gemini-2.5-flash', [ask], false);
		expect(reply.status).toBe(400);
		expect(reply.text).toContain('does not declare');
	});
});

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeExecutionContext } from 'n8n-core/dist/execution-engine/node-execution-context/node-execution-context';

import { GeminiExtract } from '../../nodes/GeminiExtract/GeminiExtract.node';
import { GeminiGenerate } from '../../nodes/GeminiGenerate/GeminiGenerate.node';
import { fakeGeminiForSuite } from '../fake-gemini/suite';
import { runNode } from './engine';

/**
 * Parameters without an expression are read once per node run, those with one per item: what each
 * item sends must not change, whichever way a parameter is read.
 */

const API_KEY = 'test-secret-key-reads-41c2';
const fake = fakeGeminiForSuite({ apiKey: API_KEY });

type SentBody = { contents: Array<{ parts: IDataObject[] }>; generationConfig?: IDataObject; systemInstruction?: { parts: IDataObject[] } };
const sent = () =>
	fake()
		.requests
		.filter((r) => r.path.includes(':generateContent'))
		.map((r) => r.body as SentBody)
		.sort((a, b) => String(a.contents[0].parts[0].text).localeCompare(String(b.contents[0].parts[0].text)));

async function generate(items: IDataObject[], parameters: IDataObject, continueOnFail = false) {
	return await runNode({
		nodeType: new GeminiGenerate(),
		parameters: { model: { __rl: true, mode: 'id', value: 'gemini-2.5-flash' }, prompt: '={{ $json.prompt }}', ...parameters },
		items: items.map((json): INodeExecutionData => ({ json })),
		credentials: { apiKey: API_KEY, baseUrl: fake().url },
		continueOnFail,
	});
}

describe('parameter reads per node run and per item', () => {
	/** How many times n8n resolved each parameter (raw reads, which skip n8n's expression engine, left out) in a run of `count` items. */
	async function resolvedReads(count: number): Promise<Map<string, number>> {
		const reads = jest.spyOn(NodeExecutionContext.prototype as unknown as { _getNodeParameter: (name: string) => unknown }, '_getNodeParameter');
		try {
			const numbers = Array.from({ length: count }, (_, i) => i + 1);
			const result = await generate(
				numbers.map((i) => ({ prompt: `item ${i}` })),
				{ options: { systemInstruction: 'Be brief.', temperature: 0.4 }, requestOptions: { maxRetries: 1 } },
			);
			expect(result.error).toBeUndefined();
			expect(sent().map((body) => [body.contents[0].parts[0].text, body.generationConfig?.temperature, body.systemInstruction?.parts[0].text])).toEqual(
				numbers.map((i) => [`item ${i}`, 0.4, 'Be brief.']).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
			);
			const counts = new Map<string, number>();
			for (const [name, , , options] of reads.mock.calls as unknown as Array<[string, number, unknown, IDataObject | undefined]>) {
				if (!options?.rawExpressions) counts.set(name, (counts.get(name) ?? 0) + 1);
			}
			return counts;
		} finally {
			reads.mockRestore();
		}
	}

	it('resolves the prompt expression once per item, and parameters without an expression as often for 9 items as for 3', async () => {
		const few = await resolvedReads(3);
		fake().reset();
		const many = await resolvedReads(9);
		expect(few.get('prompt')).toBe(3);
		expect(many.get('prompt')).toBe(9);
		few.delete('prompt');
		many.delete('prompt');
		expect([...few.keys()]).toEqual(expect.arrayContaining(['model', 'options', 'requestOptions', 'safetySettings', 'serviceTier']));
		expect(Object.fromEntries(many)).toEqual(Object.fromEntries(few));
	});

	it('resolves an expression inside Options for each item', async () => {
		const result = await generate(
			[0.1, 0.7, 1.3].map((t, i) => ({ prompt: `item ${i}`, t })),
			{ options: { temperature: '={{ $json.t }}', systemInstruction: 'Same for all.' } },
		);
		expect(result.error).toBeUndefined();
		expect(sent().map((body) => body.generationConfig?.temperature)).toEqual([0.1, 0.7, 1.3]);
	});

	it('fails only the item whose prompt is blank (Continue On Fail) and sends the others', async () => {
		const result = await generate([{ prompt: 'first' }, { prompt: '   ' }, { prompt: 'third' }], {}, true);
		expect(result.items).toHaveLength(3);
		expect(String(result.items[1].json.error)).toMatch(/Prompt \(prompt\) is empty/);
		expect([result.items[0].json.text, result.items[2].json.text]).toEqual([expect.stringContaining('first'), expect.stringContaining('third')]);
		expect(sent()).toHaveLength(2);
	});

	it('gives every Gemini Extract item the same system instruction (settings parsed once are not shared between items)', async () => {
		const result = await runNode({
			nodeType: new GeminiExtract(),
			parameters: {
				model: 'gemini-2.5-flash',
				prompt: '={{ $json.prompt }}',
				schemaSource: 'fields',
				fields: { field: [{ name: 'total', type: 'number', required: true }] },
				options: { systemInstruction: 'Amounts are in EUR.' },
			},
			items: ['a', 'b', 'c'].map((prompt): INodeExecutionData => ({ json: { prompt: `Invoice ${prompt}, total 40` } })),
			credentials: { apiKey: API_KEY, baseUrl: fake().url },
		});
		expect(result.error).toBeUndefined();
		const instructions = sent().map((body) => String(body.systemInstruction?.parts[0].text));
		expect(instructions).toHaveLength(3);
		expect(new Set(instructions).size).toBe(1);
		expect(instructions[0].match(/Amounts are in EUR\./g)).toHaveLength(1);
	});
});

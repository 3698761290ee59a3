import type { ILoadOptionsFunctions, INode } from 'n8n-workflow';

import { searchModels } from '../../nodes/shared/methods/listSearch';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server';

/** The model picker against the fake server's paginated models endpoint. */

let fake: FakeGemini;
beforeAll(async () => {
	fake = await startFakeGemini({ apiKey: 'list-key-3b7e' });
});
afterAll(async () => {
	await fake.close();
});

/** The two things searchModels asks of n8n's load-options context. */
function loadOptionsContext(apiKey: string): ILoadOptionsFunctions {
	const node = { name: 'Gemini Generate', type: 'n8n-nodes-gemini-meter.geminiGenerate' } as INode;
	return {
		getCredentials: async () => ({ apiKey, baseUrl: fake.url }),
		getNode: () => node,
	} as unknown as ILoadOptionsFunctions;
}

describe('searchModels', () => {
	it('lists only models that can generate, by ID without the models/ prefix', async () => {
		const ctx = loadOptionsContext('list-key-3b7e');
		const values: string[] = [];
		let token: string | undefined;
		do {
			const page = await searchModels.call(ctx, undefined, token);
			values.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken;
		} while (token);
		expect(values).toContain('gemini-2.5-flash');
		expect(values).toContain('gemini-fake-experimental');
		expect(values).not.toContain('gemini-embedding-001');
		expect(values.every((v) => !v.startsWith('models/'))).toBe(true);
	});

	it('filters by the search text', async () => {
		const page = await searchModels.call(loadOptionsContext('list-key-3b7e'), 'PRO');
		expect(page.results.length).toBeGreaterThan(0);
		expect(page.results.every((r) => /pro/i.test(`${r.value} ${r.name}`))).toBe(true);
	});

	it('explains a bad key with Google’s message', async () => {
		await expect(searchModels.call(loadOptionsContext('wrong-key-000000'))).rejects.toThrow(
			/Could not list Gemini models: API key not valid/,
		);
	});
});

import { NodeApiError, type ILoadOptionsFunctions, type INodeListSearchResult, type JsonObject } from 'n8n-workflow';
import { z } from 'zod';

import { clientFromCredentials } from '../transport/credentials';
import { GeminiApiError } from '../transport/googleError';

const modelsPageSchema = z
	.object({
		models: z
			.array(
				z
					.object({
						name: z.string(),
						displayName: z.string().optional(),
						description: z.string().optional(),
						supportedGenerationMethods: z.array(z.string()).optional(),
					})
					.passthrough(),
			)
			.optional(),
		nextPageToken: z.string().optional(),
	})
	.passthrough();

export type ModelsPage = z.infer<typeof modelsPageSchema>;

/**
 * Vertex AI's publisher catalogue (`{publisherModels: [{name: "publishers/google/models/…"}]}`,
 * https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1beta1/publishers.models/list)
 * as a Gemini API models page. It lists no generation methods: its Gemini models (not the
 * embedding ones) are the ones that generate. A Gemini API page passes unchanged. Pure.
 */
export function asModelsPage(body: unknown): unknown {
	const record = body as { publisherModels?: unknown; nextPageToken?: unknown } | null;
	if (!record || !Array.isArray(record.publisherModels)) return body;
	const models = record.publisherModels
		.map((entry) => String((entry as { name?: unknown })?.name ?? '').replace(/^publishers\/google\/models\//, ''))
		.filter((id) => id !== '')
		.map((id) => ({ name: `models/${id}`, supportedGenerationMethods: /^gemini-(?!.*embedding)/.test(id) ? ['generateContent'] : [] }));
	return { models, nextPageToken: record.nextPageToken };
}

/** Models of one page that can answer generateContent and match the search text. Pure. */
export function generativeModels(page: ModelsPage, filter?: string): INodeListSearchResult['results'] {
	const needle = filter?.trim().toLowerCase();
	return (page.models ?? [])
		.filter((m) => m.supportedGenerationMethods?.includes('generateContent'))
		.map((m) => ({ id: m.name.replace(/^models\//, ''), model: m }))
		.filter(
			({ id, model }) =>
				!needle || id.toLowerCase().includes(needle) || (model.displayName ?? '').toLowerCase().includes(needle),
		)
		.map(({ id, model }) => ({
			name: model.displayName && model.displayName !== id ? `${model.displayName} (${id})` : id,
			value: id,
			description: model.description,
		}));
}

/** Model picker: pages through the models (Gemini API) or the publisher catalogue (Vertex AI), keeping models that can generate. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await clientFromCredentials(this);
	const query = new URLSearchParams({ pageSize: '100' });
	if (paginationToken) query.set('pageToken', paginationToken);
	try {
		const { body } = await client.json<unknown>('GET', `models?${query.toString()}`, undefined, {
			timeoutMs: 30_000,
			retry: { maxRetries: 1, maxTotalWaitMs: 5_000, baseDelayMs: 500, maxDelayMs: 2_000 },
		});
		const page = modelsPageSchema.parse(asModelsPage(body));
		return { results: generativeModels(page, filter), paginationToken: page.nextPageToken || undefined };
	} catch (error) {
		if (error instanceof GeminiApiError) {
			throw new NodeApiError(this.getNode(), error.toJSON() as JsonObject, {
				message: `Could not list Gemini models: ${error.message}`,
				httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			});
		}
		throw new NodeApiError(this.getNode(), { message: `Could not list Gemini models: ${String(error)}` });
	}
}

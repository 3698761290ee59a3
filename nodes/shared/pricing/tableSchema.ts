import { z } from 'zod/v4';

/**
 * The price table format, for the built-in table and for users' tables alike. Objects are
 * strict: a misspelt rate ("ouput") is an error, never a silently missing price.
 * docs/price-table.schema.json is generated from this schema (npm run prices -- --schema) and a
 * test keeps the two equal.
 */
const usd = z.number().min(0).describe('USD per 1M tokens');
const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date YYYY-MM-DD or an ISO date-time with a zone')
	.describe('UTC date (YYYY-MM-DD, midnight) or ISO date-time');

export const rateCardSchema = z.strictObject({
	input: usd.describe('Uncached prompt tokens, USD per 1M'),
	output: usd.describe('Text output and thinking tokens, USD per 1M').optional(),
	cacheRead: usd.describe('Cached prompt tokens, USD per 1M').optional(),
	audioInput: usd.describe('Uncached audio prompt tokens (default: input), USD per 1M').optional(),
	audioCacheRead: usd.describe('Cached audio prompt tokens (default: cacheRead), USD per 1M').optional(),
	imageOutput: usd.describe('Image output tokens, USD per 1M').optional(),
	audioOutput: usd.describe('Audio output tokens, USD per 1M').optional(),
	videoOutput: usd.describe('Video output tokens, USD per 1M').optional(),
});

const tierRates = {
	standard: rateCardSchema.optional(),
	flex: rateCardSchema.optional(),
	priority: rateCardSchema.optional(),
	batch: rateCardSchema.optional(),
};

const toolFeeSchema = z.strictObject({
	usd: z.number().min(0).describe('USD per query or per grounded prompt ($14 / 1,000 = 0.014)'),
	per: z.enum(['query', 'prompt']),
});

export const modelPricesSchema = z.strictObject({
	id: z.string().min(1).describe('Model id as the API names it, without "models/"'),
	aliases: z.array(z.string().min(1)).optional(),
	from: isoDate.describe('First moment the row is in force (inclusive)').optional(),
	until: isoDate.describe('First moment the row is no longer in force (exclusive)').optional(),
	source: z.string().describe('Where the numbers come from (URL, owner/repo@commit:path, contract)').optional(),
	captured: isoDate.describe('Date the source was read').optional(),
	...tierRates,
	longContext: z
		.strictObject({ thresholdTokens: z.number().int().min(0).describe('Long-context rates apply above this many prompt tokens'), ...tierRates })
		.optional(),
	cacheStorage: z.number().min(0).describe('Context cache storage, USD per 1M tokens per hour').optional(),
	tools: z.strictObject({ googleSearch: toolFeeSchema.optional(), googleMaps: toolFeeSchema.optional() }).optional(),
	perUnit: z.record(z.string(), z.number().min(0)).describe('USD per generated unit ("second", "song", "image")').optional(),
	note: z.string().optional(),
});

export const priceTableSchema = z.strictObject({
	$schema: z.string().optional(),
	version: z.string().min(1).describe('Shown on every cost as pricing.table'),
	source: z.string().optional(),
	currency: z.literal('USD'),
	unit: z.literal('per 1M tokens'),
	fees: z
		.record(z.string(), z.strictObject({ usdPerMillionTokens: z.number().min(0), source: z.string().optional(), note: z.string().optional() }))
		.optional(),
	models: z.array(modelPricesSchema),
});

export type PriceTableInput = z.infer<typeof priceTableSchema>;

/** The JSON Schema of the format (docs/price-table.schema.json). */
export function priceTableJsonSchema(): Record<string, unknown> {
	return {
		...z.toJSONSchema(priceTableSchema, { target: 'draft-2020-12' }),
		title: 'n8n-nodes-gemini-meter price table',
	};
}

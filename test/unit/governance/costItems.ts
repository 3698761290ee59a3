import { computeCost, type ServiceTier } from '../../../nodes/shared/pricing';
import { publicUsage } from '../../../nodes/shared/pricing';

/** An output item as our nodes make it: usage and a cost computed by the engine. */
export function costItem(model: string, tier: ServiceTier, prompt: number, output: number, cached = 0): Record<string, unknown> {
	const usage = {
		promptTokens: prompt,
		cachedTokens: cached,
		outputTokens: output,
		thoughtsTokens: 0,
		toolUsePromptTokens: 0,
		totalTokens: prompt + output,
		audioPromptTokens: 0,
		audioCachedTokens: 0,
	};
	const cost = computeCost({ model, tier, usage });
	return { text: 'x', model, serviceTier: { requested: tier, served: tier }, usage: publicUsage(usage), cost };
}

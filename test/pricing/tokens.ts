import type { TokenCounts } from '../../nodes/shared/pricing';

/** Token counts with every field 0 except those given; totalTokens derived like the API does. */
export function tokens(counts: Partial<TokenCounts>): TokenCounts {
	const base: TokenCounts = {
		promptTokens: 0,
		cachedTokens: 0,
		outputTokens: 0,
		thoughtsTokens: 0,
		toolUsePromptTokens: 0,
		totalTokens: 0,
		audioPromptTokens: 0,
		audioCachedTokens: 0,
		...counts,
	};
	if (counts.totalTokens === undefined) {
		base.totalTokens =
			base.promptTokens + base.outputTokens + base.thoughtsTokens + base.toolUsePromptTokens;
	}
	return base;
}

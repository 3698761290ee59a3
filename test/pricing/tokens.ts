import { ZERO_TOKEN_COUNTS, type TokenCounts } from '../../nodes/shared/pricing';

/** Token counts with every field 0 except those given; totalTokens derived like the API does. */
export function tokens(counts: Partial<TokenCounts>): TokenCounts {
	const base: TokenCounts = { ...ZERO_TOKEN_COUNTS, ...counts };
	if (counts.totalTokens === undefined) {
		base.totalTokens =
			base.promptTokens + base.outputTokens + base.thoughtsTokens + base.toolUsePromptTokens;
	}
	return base;
}

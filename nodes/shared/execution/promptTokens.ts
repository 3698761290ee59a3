import { estimatePromptTokens } from '../governance/budget';
import { buildGenerateRequest } from '../request/buildGenerateRequest';
import type { GeminiClient } from '../transport/GeminiClient';
import type { PreparedItem } from './itemCall';

export type TokenCounting = 'estimate' | 'countTokens';

/**
 * Prompt tokens of one prepared item before it is sent: counted by Gemini's countTokens (free,
 * https://ai.google.dev/api/tokens) or estimated locally (no request). An answer without a count
 * falls back to the local estimate, and says so.
 */
export async function promptTokens(
	client: GeminiClient,
	prepared: PreparedItem,
	counting: TokenCounting,
	signal: AbortSignal,
): Promise<{ tokens: number; countedBy: TokenCounting }> {
	const { settings, inlineParts } = prepared;
	if (counting === 'countTokens') {
		const request = buildGenerateRequest(settings, inlineParts);
		const { body } = await client.json<{ totalTokens?: number }>(
			'POST',
			`${settings.modelPath}:countTokens`,
			{ generateContentRequest: { model: settings.modelPath, ...request } },
			{ signal, timeoutMs: settings.timeoutMs, retry: settings.retry },
		);
		if (typeof body.totalTokens === 'number') return { tokens: body.totalTokens, countedBy: 'countTokens' };
	}
	const texts = [settings.prompt, settings.systemInstruction ?? '', ...(settings.messages?.turns ?? []).map((turn) => turn.text)];
	return { tokens: estimatePromptTokens(texts, inlineParts.reduce((sum, part) => sum + ('data' in part ? part.data.length : 0), 0)), countedBy: 'estimate' };
}

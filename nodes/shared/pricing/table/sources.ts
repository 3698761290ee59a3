/**
 * Where the built-in prices come from. Google's pricing page
 * (https://ai.google.dev/gemini-api/docs/pricing) is the authority; these are the public copies
 * and transcriptions of it we could read, each with the date it gives. A row cites the sources its
 * numbers were checked against; a rate no source prints is left out (its cost is then unknown).
 */

/** Verbatim transcription of the pricing page ("every price_text was found verbatim"). */
export const AE_GEMINI = 'api-evangelist/gemini@3a1090a4ad91e16a9f699089bb900a5d134f8c41:plans/gemini-plans-pricing.yml';
/** Same kind of transcription, more rows. */
export const AE_DEEPMIND = 'api-evangelist/deepmind@47a9772bdb46163b5e5560285bbc88bb11b86073:plans/deepmind-plans-pricing.yml';
/** pydantic/genai-prices provider file (each model row carries its own `prices_checked`). */
export const GENAI_PRICES = 'pydantic/genai-prices@d492ce0fecbb0d0f74bf3119b867a1a051d4087b:prices/providers/google.yml';
/** LiteLLM's cost map (commit older than 2026-07-21). */
export const LITELLM = 'BerriAI/litellm@00035b69f416be24e2e323c13198d9b7d2d1bdf9:model_prices_and_context_window.json';
/** LiteLLM-derived cost map synced 2026-07-24 (tier fields *_batches, *_flex, *_priority). */
export const LITELLM_SYNC = 'Wei-Shaw/model-price-repo@f9ff14734f6203c490573cb1e2ae8fdac7a52a41:model_prices_and_context_window.json';
export const TOKENMETER = 'https://github.com/iyulab/TokenMeter/releases';
export const GEMINI_38_FLASH_PAGE = 'https://ai.google.dev/gemini-api/docs/models/gemini-3.8-flash';
export const GENAI_PRICES_38_FLASH = 'https://github.com/pydantic/genai-prices/pull/678';
export const OPTIMIZATION_PAGE = 'https://ai.google.dev/gemini-api/docs/optimization';

/** Several sources in one row's `source` field. */
export function sources(...list: string[]): string {
	return list.join(' ; ');
}

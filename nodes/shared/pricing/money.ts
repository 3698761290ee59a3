/**
 * Exact money arithmetic. Prices (USD per 1M tokens) become whole "price units" of 1e-6 USD per
 * 1M tokens; tokens × price units is then a whole number of picodollars (1e-12 USD). Integers
 * add exactly, and one final division by 1e12 gives the double nearest to the decimal result,
 * so 12 tokens at $0.15 come out as 0.0000018, not 0.0000017999999.
 * Exact while sums stay below 2^53 picodollars (about $9,000), far above any single request.
 */
const PRICE_UNITS_PER_USD = 1e6;
const PICODOLLARS_PER_USD = 1e12;

/** A price in USD per 1M tokens as whole units of 1e-6 USD per 1M tokens (finer digits are rounded). */
export function priceUnits(usdPerMillionTokens: number): number {
	return Math.round(usdPerMillionTokens * PRICE_UNITS_PER_USD);
}

/** Cost of `tokens` at `usdPerMillionTokens`, in picodollars. */
export function tokensCostPico(tokens: number, usdPerMillionTokens: number): number {
	return tokens * priceUnits(usdPerMillionTokens);
}

export function picoToUsd(picodollars: number): number {
	return picodollars / PICODOLLARS_PER_USD;
}

/** Inverse of picoToUsd for amounts it produced (the rounding absorbs the division's error). */
export function usdToPico(usd: number): number {
	return Math.round(usd * PICODOLLARS_PER_USD);
}

/**
 * An amount as plain decimal text, never in exponent form: 9e-7 → "0.0000009". JSON and n8n's
 * table view print small numbers as 9e-7, which few people read at a glance; the text is exact
 * to the picodollar, like the amounts themselves.
 */
export function usdDecimalText(usd: number): string {
	const pico = usdToPico(Math.abs(usd));
	const whole = Math.floor(pico / PICODOLLARS_PER_USD);
	const fraction = String(pico - whole * PICODOLLARS_PER_USD).padStart(12, '0').replace(/0+$/, '');
	return `${usd < 0 && pico > 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Reads a 429's `google.rpc.QuotaFailure` to tell a quota that the next minute refills from one
 * that will not come back today: a per-day quota (`quotaId` …PerDay…) or a limit of zero (the
 * model has no free tier). Retrying those only repeats the same 429, so they are not retried.
 * Pure; see https://ai.google.dev/gemini-api/docs/rate-limits for the quota ids.
 */

export interface QuotaViolation {
	quotaId?: string;
	quotaMetric?: string;
	/** The limit as Google sends it (an int64 string); absent when it is 0 (proto3 JSON drops zeros). */
	quotaValue?: string;
	model?: string;
}

export interface QuotaExhaustion {
	/** `daily`: a per-day quota is used up; `zeroLimit`: the limit itself is 0. */
	kind: 'daily' | 'zeroLimit';
	violations: QuotaViolation[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	return typeof value === 'number' ? String(value) : undefined;
}

/** Every violation of every `google.rpc.QuotaFailure` detail. */
export function quotaViolations(details: readonly unknown[]): QuotaViolation[] {
	const violations: QuotaViolation[] = [];
	for (const detail of details) {
		if (!isRecord(detail) || !String(detail['@type'] ?? '').endsWith('google.rpc.QuotaFailure')) continue;
		for (const entry of Array.isArray(detail.violations) ? detail.violations : []) {
			if (!isRecord(entry)) continue;
			const dimensions = isRecord(entry.quotaDimensions) ? entry.quotaDimensions : {};
			violations.push({
				quotaId: text(entry.quotaId),
				quotaMetric: text(entry.quotaMetric),
				quotaValue: text(entry.quotaValue),
				model: text(dimensions.model),
			});
		}
	}
	return violations;
}

const PER_DAY = /per_?day/i;
/** Google's message lists each violated quota as "…, limit: 0, model: …" (its QuotaFailure then omits quotaValue). */
const ZERO_LIMIT_IN_MESSAGE = /\blimit: 0\b/;

/**
 * A quota exhaustion that waiting minutes will not fix, or undefined. Per-day quota ids first:
 * they say the most about when it ends.
 */
export function quotaExhaustion(httpStatus: number | undefined, details: readonly unknown[], message: string): QuotaExhaustion | undefined {
	if (httpStatus !== 429) return undefined;
	const violations = quotaViolations(details);
	if (violations.length === 0) return undefined;
	const daily = violations.filter((v) => PER_DAY.test(v.quotaId ?? ''));
	if (daily.length > 0) return { kind: 'daily', violations: daily };
	const zero = violations.filter((v) => v.quotaValue !== undefined && Number(v.quotaValue) === 0);
	if (zero.length > 0) return { kind: 'zeroLimit', violations: zero };
	if (ZERO_LIMIT_IN_MESSAGE.test(message)) return { kind: 'zeroLimit', violations };
	return undefined;
}

const PACIFIC = 'America/Los_Angeles';
const DAY_MS = 86_400_000;

/** Milliseconds since midnight of `at` on a Pacific wall clock. */
function pacificTimeOfDayMs(at: Date): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: PACIFIC,
		hourCycle: 'h23',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(at);
	const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
	return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + at.getUTCMilliseconds();
}

/**
 * The next midnight Pacific time after `now`, when Google resets requests-per-day quotas
 * (https://ai.google.dev/gemini-api/docs/rate-limits). A day that changes daylight saving time
 * is 23 or 25 hours long: the first guess is corrected by what the clock then shows.
 */
export function nextPacificMidnight(now: Date): Date {
	const guess = new Date(now.getTime() + DAY_MS - pacificTimeOfDayMs(now));
	const off = pacificTimeOfDayMs(guess);
	if (off === 0) return guess;
	return new Date(guess.getTime() + (off > DAY_MS / 2 ? DAY_MS - off : -off));
}

function describeViolation(v: QuotaViolation): string {
	const limit = v.quotaValue === undefined ? '' : `, limit ${v.quotaValue}`;
	const model = v.model ? `, model ${v.model}` : '';
	return `${v.quotaId ?? 'quota'} (${v.quotaMetric ?? 'unknown metric'}${limit}${model})`;
}

function formatWait(ms: number): string {
	const minutes = Math.max(1, Math.round(ms / 60_000));
	return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * One sentence for the error: which quota, that it was not retried, and when it comes back (the
 * documented daily reset, and Google's own RetryInfo wait when it sent one).
 */
export function describeQuotaExhaustion(exhaustion: QuotaExhaustion, retryDelayMs: number | undefined, now = new Date()): string {
	const which = exhaustion.violations.map(describeViolation).join('; ');
	const hint = retryDelayMs === undefined ? '' : ` Google's RetryInfo asks to retry in ${Math.round(retryDelayMs / 1000)} s.`;
	if (exhaustion.kind === 'zeroLimit') {
		return `The quota limit is 0 for ${which}: this model has no quota on this project's plan (for example no free tier), so the request was not retried. Enable billing or choose another model.${hint}`;
	}
	const reset = nextPacificMidnight(now);
	return `Daily quota exhausted: ${which}. Not retried: a daily quota resets at midnight Pacific time (${reset.toISOString()}, in ${formatWait(reset.getTime() - now.getTime())}).${hint}`;
}

/** The string formats this layer infers and checks: ISO dates and date-times. */

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Seconds, fraction and offset optional: ISO 8601 allows them out, and a model that drops the
// zone still gave a usable timestamp (failing it would only cost a repair call).
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;

/** True when the first 10 characters are a real calendar day (no 2026-02-30). */
function isCalendarDay(text: string): boolean {
	const day = text.slice(0, 10);
	const date = new Date(`${day}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** `2026-01-31`. */
export function isIsoDate(text: string): boolean {
	return DATE.test(text) && isCalendarDay(text);
}

/** `2026-01-31T09:30:00Z`, `2026-01-31T09:30:00.5+01:00`, `2026-01-31T09:30`. */
export function isIsoDateTime(text: string): boolean {
	return DATE_TIME.test(text) && isCalendarDay(text);
}

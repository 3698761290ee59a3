import { fallbackReason, fallbackWarning } from '../governance/fallback';
import { parseModel } from '../parameters/settings';
import type { PreparedItem } from './itemCall';
import { settle } from './runItems';

/** The prepared item sent to another model: same prompt, options and tier. */
export function onModel(prepared: PreparedItem, model: string): PreparedItem {
	return { ...prepared, settings: { ...prepared.settings, ...parseModel(model) } };
}

/**
 * Sends `prepared` with `call`; when the primary fails in a way another model may not
 * (`reasonOf`, by default overload, rate limits, server errors), sends it once more on the
 * fallback model (Fallback Model option) and adds a warning saying which model answered.
 */
export async function callWithFallback<T extends { warnings: string[] }>(
	prepared: PreparedItem,
	call: (prepared: PreparedItem) => Promise<T>,
	reasonOf: (error: unknown) => string | undefined = fallbackReason,
): Promise<T> {
	const fallback = prepared.settings.fallbackModel;
	const first = await settle(call(prepared));
	if (first.ok) return first.value;
	const reason = fallback && fallback !== prepared.settings.model ? reasonOf(first.error) : undefined;
	if (!reason) throw first.error;
	const answered = await call(onModel(prepared, fallback!));
	return { ...answered, warnings: [fallbackWarning(prepared.settings.model, fallback!, reason), ...answered.warnings] };
}

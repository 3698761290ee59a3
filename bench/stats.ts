/** The median of the numbers (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The middle element by `key` (the upper middle for an even count): a whole run, not just its number. */
export function medianBy<T>(values: T[], key: (value: T) => number): T {
	const sorted = [...values].sort((a, b) => key(a) - key(b));
	return sorted[Math.floor(sorted.length / 2)];
}

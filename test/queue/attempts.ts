import type { RecordedRequest } from '../fake-gemini/types';

/**
 * The generateContent attempts the fake received for each prompt tag (a word such as `storm-3-7`
 * in the prompt), in arrival order: what the tests read retries and their waits from.
 */
export function attemptsByTag(requests: readonly RecordedRequest[], tagPattern: RegExp): Map<string, number[]> {
	const byTag = new Map<string, number[]>();
	for (const request of requests) {
		if (!request.path.includes(':generateContent')) continue;
		const tag = tagPattern.exec(JSON.stringify(request.body))?.[0];
		if (tag === undefined) continue;
		byTag.set(tag, [...(byTag.get(tag) ?? []), request.time]);
	}
	for (const times of byTag.values()) times.sort((a, b) => a - b);
	return byTag;
}

/** The waits between consecutive attempts, ms. */
export function gaps(times: readonly number[]): number[] {
	return times.slice(1).map((time, index) => time - times[index]);
}

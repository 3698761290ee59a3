/**
 * One bench section run on its own (`ts-node bench/<section>.ts`, after `npm run build`): the fake
 * Gemini server in its own process answering after `latencyMs`, the section's markdown and its
 * JSON printed, the server stopped whatever happens.
 */
import { performance } from 'node:perf_hooks';

import { startFakeProcess } from './fakeProcess';

export interface AloneSection<T> {
	/** The key of the printed JSON, e.g. `realN8n`. */
	name: string;
	apiKey: string;
	latencyMs: number;
	run(fakeUrl: string): Promise<T>;
	render(result: T): string[];
}

export function runAlone<T>(section: AloneSection<T>): void {
	const main = async () => {
		const started = performance.now();
		const fake = await startFakeProcess({ apiKey: section.apiKey, latencyMs: section.latencyMs });
		try {
			const result = await section.run(fake.url);
			console.log(section.render(result).join('\n'));
			console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
			console.log(JSON.stringify({ [section.name]: result }));
		} finally {
			await fake.stop();
		}
	};
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}

/**
 * Cost engine speed: `meterUsage` (usage metadata → token counts → exact cost from the dated
 * price table, the work every output item pays for) in calls per second, next to a floor: the
 * same numbers through a bare floating-point formula with the prices written in (no table lookup,
 * no tiers, no long context, no exact arithmetic). Inputs rotate over every priced model and
 * tier with realistic usage (cached tokens, thoughts, a long-context prompt), so no single path
 * is measured alone.
 */
import { performance } from 'node:perf_hooks';

import { meterUsage } from '../nodes/shared/output/buildOutputItem';
import { PRICE_TABLE } from '../nodes/shared/pricing/priceTable';
import type { ServiceTier } from '../nodes/shared/pricing/types';
import type { UsageMetadata } from '../nodes/shared/response/schemas';
import { median } from './stats';

export interface CostBenchResult {
	priceTable: string;
	inputs: number;
	meterUsage: { callsPerSecond: number; usPerCall: number };
	floatFormula: { callsPerSecond: number; usPerCall: number };
}

interface Case {
	model: string;
	tier: ServiceTier;
	usageMetadata: UsageMetadata;
	/** For the float floor: that model and tier's standard rates. */
	input: number;
	output: number;
}

const USAGES: UsageMetadata[] = [
	{ promptTokenCount: 1200, candidatesTokenCount: 350, totalTokenCount: 1550 },
	{ promptTokenCount: 8000, cachedContentTokenCount: 6000, candidatesTokenCount: 900, thoughtsTokenCount: 1200, totalTokenCount: 10100 },
	{ promptTokenCount: 250_000, candidatesTokenCount: 2000, totalTokenCount: 252_000 },
	{ promptTokenCount: 40, candidatesTokenCount: 20, totalTokenCount: 60 },
];

function cases(): Case[] {
	const out: Case[] = [];
	for (const model of PRICE_TABLE.models) {
		for (const tier of ['standard', 'flex', 'priority', 'batch'] as const) {
			const rates = model[tier];
			if (!rates) continue;
			for (const usageMetadata of USAGES) out.push({ model: model.id, tier, usageMetadata, input: rates.input ?? 0, output: rates.output ?? 0 });
		}
	}
	return out;
}

/** Calls per second of `call` over the cases: the median of five ~200 ms measurements. */
function rate(all: Case[], call: (c: Case) => number): { callsPerSecond: number; usPerCall: number; checksum: number } {
	let checksum = 0;
	const measurements: number[] = [];
	for (let round = 0; round < 6; round++) {
		let calls = 0;
		const started = performance.now();
		while (performance.now() - started < 200) {
			for (const one of all) checksum += call(one);
			calls += all.length;
		}
		if (round > 0) measurements.push((calls * 1000) / (performance.now() - started)); // round 0 warms the JIT
	}
	const callsPerSecond = median(measurements);
	return { callsPerSecond: Math.round(callsPerSecond), usPerCall: +(1e6 / callsPerSecond).toFixed(3), checksum };
}

export function benchCost(): CostBenchResult {
	const all = cases();
	const ours = rate(all, (c) => meterUsage({ model: c.model, servedTier: c.tier, usageMetadata: c.usageMetadata }).cost.total ?? 0);
	const floor = rate(all, (c) => ((c.usageMetadata.promptTokenCount ?? 0) * c.input + (c.usageMetadata.candidatesTokenCount ?? 0) * c.output) / 1e6);
	// Keeps both loops' results alive (and checks that the engine priced something).
	if (!(ours.checksum > 0 && floor.checksum > 0)) throw new Error('cost bench: nothing was priced');
	return {
		priceTable: PRICE_TABLE.version,
		inputs: all.length,
		meterUsage: { callsPerSecond: ours.callsPerSecond, usPerCall: ours.usPerCall },
		floatFormula: { callsPerSecond: floor.callsPerSecond, usPerCall: floor.usPerCall },
	};
}

if (require.main === module) console.log(JSON.stringify(benchCost()));

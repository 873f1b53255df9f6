import type { EvalResult } from '../job.ts';
import { taskMetricRange } from '../metric-range.ts';
import { RAS_METHODS } from '../selection.ts';
import { bootstrapMeanCI, type MeanCI } from '../stats.ts';

/** Per-seed paired difference of final metric, RAS method − SL, on the seeds both ran (issue 18). */
export interface PairedDifference {
  method: string;
  seeds: number[];
  /** RAS final − SL final, per seed (same order as `seeds`). */
  diffs: number[];
  /** Mean difference with a bootstrap 95 % interval inside ±(metric range width). */
  mean: MeanCI;
  wins: number;
  ties: number;
}

/** Paired differences of every RAS method present beside `sl`; empty without sl. */
export function pairedDifferences(results: EvalResult[]): PairedDifference[] {
  const finals = (m: string) => new Map(results.filter((r) => r.method === m).map((r) => [r.seed, r.final]));
  const sl = finals('sl');
  if (sl.size === 0) return [];
  const [lo, hi] = taskMetricRange(results[0]?.task);
  const width = hi - lo;
  const out: PairedDifference[] = [];
  for (const method of RAS_METHODS) {
    const ras = finals(method);
    const seeds = [...ras.keys()].filter((s) => sl.has(s)).sort((a, b) => a - b);
    if (seeds.length === 0) continue;
    const diffs = seeds.map((s) => ras.get(s)! - sl.get(s)!);
    out.push({
      method,
      seeds,
      diffs,
      mean: bootstrapMeanCI(diffs, [-width, width]),
      wins: diffs.filter((d) => d > 0).length,
      ties: diffs.filter((d) => d === 0).length,
    });
  }
  return out;
}

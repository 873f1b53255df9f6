/**
 * How much of the best-of-N ceiling a reward captures (issue 19): per RAS method, the selection
 * efficiency (RAS − SL) / (oracle − SL) of the final metric, with a 95 % bootstrap interval over
 * seeds (paired: each resample draws seeds, and all three methods are read on those seeds).
 * 1 means the reward picks as well as the privileged oracle, 0 no better than a random candidate.
 */
import type { EvalResult } from './job.ts';
import { gainShare } from './gain-share.ts';
import { NON_NEGATIVE } from './metric-range.ts';
import { bootstrapMeanCI, type MeanCI } from './stats.ts';

export interface SelectionEfficiency {
  method: string;
  /** Point estimate on all paired seeds; NaN when oracle and SL tie on average. */
  efficiency: number;
  lo: number;
  hi: number;
  /** Seeds with a result for the method, sl and oracle. */
  n: number;
  /** Mean per-decision regret (oracle return − chosen return), when measured. */
  regret: MeanCI | null;
}

/** Methods whose decisions come from a learned reward over the policy's candidates. */
export const RAS_METHODS = ['explicit', 'implicit', 'rapl'] as const;
/** Selection efficiency of every RAS method present beside `sl` and `oracle`. */
export function selectionEfficiencies(results: EvalResult[], seed = 0): SelectionEfficiency[] {
  const finals = (method: string) => new Map(results.filter((r) => r.method === method).map((r) => [r.seed, r]));
  const sl = finals('sl'),
    oracle = finals('oracle');
  if (sl.size === 0 || oracle.size === 0) return [];
  const out: SelectionEfficiency[] = [];
  for (const method of RAS_METHODS) {
    const ras = finals(method);
    const seeds = [...ras.keys()].filter((s) => sl.has(s) && oracle.has(s)).sort((a, b) => a - b);
    if (seeds.length === 0) continue;
    const r = seeds.map((s) => ras.get(s)!.final),
      b = seeds.map((s) => sl.get(s)!.final),
      o = seeds.map((s) => oracle.get(s)!.final);
    const e = gainShare(r, b, o, seed);
    const regrets = seeds.map((s) => ras.get(s)!.extra.regret).filter((v): v is number => v !== undefined);
    out.push({
      method,
      efficiency: e.share,
      lo: e.lo,
      hi: e.hi,
      n: seeds.length,
      regret: regrets.length ? bootstrapMeanCI(regrets, NON_NEGATIVE) : null,
    });
  }
  return out;
}

/**
 * The two-axis trade-off of combined objectives (issue 19 §4): for each weight λ of the
 * `combined` method (λ on the first reward, 1 − λ on the second), the mean final task metric and
 * the mean of a second per-episode figure (e.g. push-T's `keepOutViolations`, what a keep-out
 * style preference penalises), both with 95 % intervals over the same seeds. Data for a plot;
 * the HTML report draws it.
 */
import type { EvalResult } from './job.ts';
import { meanCI, type MeanCI } from './stats.ts';

export interface TradeoffPoint {
  lambda: number;
  /** Mean final task metric. */
  final: MeanCI;
  /** Mean of the second axis over episodes that report it (n = 0 when none does). */
  second: MeanCI;
  successRate: number;
}

export interface Tradeoff {
  /** x: the task metric; y: the extra figure named `axis`. */
  axes: { x: string; y: string };
  rewards: { reward: string | null; reward2: string | null };
  points: TradeoffPoint[];
}

/** One point from the `combined` episodes run at weight `lambda`. */
export function tradeoffPoint(lambda: number, results: EvalResult[], axis: string): TradeoffPoint {
  const own = results.filter((r) => r.method === 'combined');
  if (own.length === 0) throw new Error(`tradeoff: no combined episodes at λ = ${lambda}`);
  return {
    lambda,
    final: meanCI(own.map((r) => r.final)),
    second: meanCI(own.flatMap((r) => (r.extra[axis] === undefined ? [] : [r.extra[axis]]))),
    successRate: own.filter((r) => r.success).length / own.length,
  };
}

import type { EvalResult } from './job.ts';
import { NON_NEGATIVE, taskMetricRange } from './metric-range.ts';
import { bootstrapMeanCI, type MeanCI, type RateCI, wilsonCI } from './stats.ts';

/**
 * Per-method summary of an evaluation (issue 7): curves and finals with bootstrap 95 % intervals
 * inside the metric's range, the success rate with its Wilson interval (issue 18).
 */
export interface MethodSummary {
  method: string;
  episodes: number;
  curve: MeanCI[];
  final: MeanCI;
  successRate: number;
  /** Success rate with its Wilson 95 % interval. */
  success: RateCI;
  /** Steps to success over the episodes that succeeded; mean NaN (shown "—") when none did. */
  stepsToSuccess: MeanCI;
  diversity: MeanCI;
  decisionsPerSecond: number;
  /** Extra per-episode numbers (counts, regrets: all non-negative), bootstrap intervals. */
  extra: Record<string, MeanCI>;
}

export function summariseMethod(method: string, results: EvalResult[]): MethodSummary {
  const rs = results.filter((r) => r.method === method).sort((a, b) => a.seed - b.seed);
  const range = taskMetricRange(rs[0]?.task);
  const len = Math.max(0, ...rs.map((r) => r.curve.length));
  const curve = Array.from({ length: len }, (_, i) =>
    bootstrapMeanCI(
      rs.map((r) => r.curve[Math.min(i, r.curve.length - 1)]),
      range,
      i,
    ),
  );
  const decisions = rs.reduce((a, r) => a + r.decisions, 0);
  const seconds = rs.reduce((a, r) => a + r.decisionMs, 0) / 1000;
  const extraKeys = [...new Set(rs.flatMap((r) => Object.keys(r.extra)))];
  const successes = rs.filter((r) => r.success).length;
  return {
    method,
    episodes: rs.length,
    curve,
    final: bootstrapMeanCI(
      rs.map((r) => r.final),
      range,
    ),
    successRate: rs.length ? successes / rs.length : NaN,
    success: wilsonCI(successes, rs.length),
    // A failed episode's stepsToSuccess is the step limit, not a time to success: leave it out.
    stepsToSuccess: bootstrapMeanCI(
      rs.filter((r) => r.success).map((r) => r.stepsToSuccess),
      NON_NEGATIVE,
    ),
    diversity: bootstrapMeanCI(
      rs.map((r) => r.diversity),
      NON_NEGATIVE,
    ),
    decisionsPerSecond: seconds > 0 ? decisions / seconds : NaN,
    extra: Object.fromEntries(
      extraKeys.map((k) => [
        k,
        bootstrapMeanCI(
          rs.map((r) => r.extra[k] ?? NaN),
          NON_NEGATIVE,
        ),
      ]),
    ),
  };
}

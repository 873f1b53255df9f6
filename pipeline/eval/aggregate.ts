import type { EvalResult } from './job.ts';
import { meanCI, type MeanCI } from './stats.ts';

/** Per-method summary of an evaluation (issue 7): curves with 95 % CIs, finals, success. */
export interface MethodSummary {
  method: string;
  episodes: number;
  curve: MeanCI[];
  final: MeanCI;
  successRate: number;
  stepsToSuccess: MeanCI;
  diversity: MeanCI;
  decisionsPerSecond: number;
  extra: Record<string, MeanCI>;
}

export function summariseMethod(method: string, results: EvalResult[]): MethodSummary {
  const rs = results.filter((r) => r.method === method).sort((a, b) => a.seed - b.seed);
  const len = Math.max(0, ...rs.map((r) => r.curve.length));
  const curve = Array.from({ length: len }, (_, i) => meanCI(rs.map((r) => r.curve[Math.min(i, r.curve.length - 1)])));
  const decisions = rs.reduce((a, r) => a + r.decisions, 0);
  const seconds = rs.reduce((a, r) => a + r.decisionMs, 0) / 1000;
  const extraKeys = [...new Set(rs.flatMap((r) => Object.keys(r.extra)))];
  return {
    method,
    episodes: rs.length,
    curve,
    final: meanCI(rs.map((r) => r.final)),
    successRate: rs.length ? rs.filter((r) => r.success).length / rs.length : NaN,
    stepsToSuccess: meanCI(rs.map((r) => r.stepsToSuccess)),
    diversity: meanCI(rs.map((r) => r.diversity)),
    decisionsPerSecond: seconds > 0 ? decisions / seconds : NaN,
    extra: Object.fromEntries(extraKeys.map((k) => [k, meanCI(rs.map((r) => r.extra[k] ?? NaN))])),
  };
}

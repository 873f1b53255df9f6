import type { EvalJobInput, EvalResult } from './job.ts';
import type { JobRunner } from './local-pool.ts';
import { summariseMethod, type MethodSummary } from './aggregate.ts';
import { selectionEfficiencies, type SelectionEfficiency } from './selection.ts';
import { METHOD_NOTES } from './methods.ts';

export interface EvalPlan {
  task: string;
  methods: string[];
  seeds: number;
  /** First seed (default 0): seeds are firstSeed .. firstSeed + seeds − 1. */
  firstSeed?: number;
  models?: Record<string, string>;
  steps?: number;
  candidates?: number;
  /** RAS methods measure their regret against every candidate (privileged; on when `oracle` is planned). */
  regret?: boolean;
}

export interface EvalReport {
  task: string;
  seeds: number[];
  methods: MethodSummary[];
  results: EvalResult[];
  wallSeconds: number;
  episodesPerMinute: number;
  /** Candidates per decision, N. */
  candidates: number;
  /** Per RAS method, (RAS − SL) / (oracle − SL) with a bootstrap 95 % interval; empty without sl and oracle. */
  selectionEfficiency: SelectionEfficiency[];
  /** Caveats of the methods run (METHOD_NOTES), e.g. rapl's privileged look-ahead. */
  notes: string[];
}

/** The self-contained jobs of a plan, in a fixed order (method-major). */
export function planJobs(plan: EvalPlan): EvalJobInput[] {
  const first = plan.firstSeed ?? 0;
  return plan.methods.flatMap((method) =>
    Array.from({ length: plan.seeds }, (_, i) => ({
      task: plan.task,
      seed: first + i,
      method,
      models: plan.models ?? {},
      steps: plan.steps,
      candidates: plan.candidates ?? 8,
      ...((plan.regret ?? plan.methods.includes('oracle')) ? { regret: true } : {}),
    })),
  );
}

/** Runs every job of the plan on `runner` (any number of workers) and summarises per method. */
export async function runEvaluation(
  plan: EvalPlan,
  runner: JobRunner,
  onResult?: (r: EvalResult, done: number, total: number) => void,
): Promise<EvalReport> {
  const jobs = planJobs(plan);
  const t0 = performance.now();
  let done = 0;
  const results = await Promise.all(
    jobs.map((j) =>
      runner.run(j).then((r) => {
        onResult?.(r, ++done, jobs.length);
        return r;
      }),
    ),
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  return {
    task: plan.task,
    seeds: Array.from({ length: plan.seeds }, (_, i) => (plan.firstSeed ?? 0) + i),
    methods: plan.methods.map((m) => summariseMethod(m, results)),
    results,
    wallSeconds,
    episodesPerMinute: (jobs.length / wallSeconds) * 60,
    candidates: plan.candidates ?? 8,
    selectionEfficiency: selectionEfficiencies(results),
    notes: plan.methods.flatMap((m) => (METHOD_NOTES[m] ? [METHOD_NOTES[m]] : [])),
  };
}

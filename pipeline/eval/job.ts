import { z } from 'zod';

/**
 * One self-contained evaluation unit: everything a worker on any machine needs to run one
 * episode. Models are named by registry id, file path or content hash (resolved by the worker).
 */
export const EvalJobSchema = z
  .object({
    task: z.string().describe('task id'),
    seed: z.number().int().min(0).describe('seed of the initial state and of the actor'),
    method: z.string().describe('method id (see METHODS registry)'),
    models: z.record(z.string(), z.string()).default({}).describe('role → model reference (policy, reward)'),
    steps: z.number().int().positive().optional().describe('action limit (default: the task step limit)'),
    candidates: z.number().int().min(1).default(8).describe('candidates per decision, N (paper 8)'),
    regret: z
      .boolean()
      .optional()
      .describe(
        "RAS methods also run every candidate from the decision's snapshot and record their regret (privileged, " +
          'N× the simulation)',
      ),
  })
  .strict();

export type EvalJob = z.infer<typeof EvalJobSchema>;
export type EvalJobInput = z.input<typeof EvalJobSchema>;

/** What one job returns: the metric curve of one episode and its decision statistics. */
export interface EvalResult {
  task: string;
  seed: number;
  method: string;
  /** Task reward metric after each step, index 0 the start state; padded with the last value. */
  curve: number[];
  final: number;
  success: boolean;
  stepsToSuccess: number;
  /** DeformPAM candidate diversity of the first decision's candidates (NaN without candidates). */
  diversity: number;
  decisions: number;
  decisionMs: number;
  /** Extra per-episode numbers (e.g. keep-out violations on push-T). */
  extra: Record<string, number>;
}

/**
 * Several evaluation episodes in one queued job, so a job's fixed cost (two Redis round trips,
 * parsing, model lookup) is spread over enough run time. Each episode runs exactly as a single
 * eval job would: results do not depend on how the episodes were batched.
 */
import { z } from 'zod';
import { EvalJobSchema, runEvalJob, type EvalJob, type EvalResult } from '../eval/index.ts';

/** Upper bound of episodes per job: a lost worker costs at most this many episodes again. */
export const MAX_SEEDS_PER_JOB = 256;

export const EvalBatchJobSchema = z
  .object({
    jobs: z
      .array(EvalJobSchema)
      .min(1)
      .max(MAX_SEEDS_PER_JOB)
      .describe('eval jobs run one after another in one worker'),
  })
  .strict();

export type EvalBatchJob = { jobs: EvalJob[] };
export type EvalBatchResult = EvalResult[];

/** Runs the episodes in order in this thread; results in the same order. */
export async function runEvalBatchJob(batch: EvalBatchJob): Promise<EvalBatchResult> {
  const out: EvalResult[] = [];
  for (const job of batch.jobs) out.push(await runEvalJob(job));
  return out;
}

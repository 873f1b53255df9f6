/**
 * The kinds of queued job (the BullMQ job name) and their payload schemas: one explicit
 * registry, parsed at the worker's boundary.
 */
import type { z } from 'zod';
import { EvalJobSchema, type EvalJob, type EvalResult } from '../eval/index.ts';
import { EvalBatchJobSchema, type EvalBatchJob, type EvalBatchResult } from './eval-batch-job.ts';
import {
  PrepareQueryJobSchema,
  type PrepareQueryJob,
  type PrepareQueryResult,
  type ResolvedPrepareQueryJob,
} from './prepare-query-job.ts';
import { RolloutJobSchema, type ResolvedRolloutJob, type RolloutJob, type RolloutResult } from './rollout-job.ts';

export const JOB_KINDS = ['eval', 'eval-batch', 'rollout', 'prepare-query'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_SCHEMAS: { readonly [K in JobKind]: z.ZodType<JobPayload[K]> } = {
  eval: EvalJobSchema,
  'eval-batch': EvalBatchJobSchema,
  rollout: RolloutJobSchema,
  'prepare-query': PrepareQueryJobSchema,
};

/** Payloads as queued (references by content hash). */
export interface JobPayload {
  eval: EvalJob;
  'eval-batch': EvalBatchJob;
  rollout: RolloutJob;
  'prepare-query': PrepareQueryJob;
}

/** Payloads after the worker resolved references (verified local model paths, snapshot bytes). */
export interface ResolvedPayload {
  eval: EvalJob;
  'eval-batch': EvalBatchJob;
  rollout: ResolvedRolloutJob;
  'prepare-query': ResolvedPrepareQueryJob;
}

export interface JobResult {
  eval: EvalResult;
  'eval-batch': EvalBatchResult;
  rollout: RolloutResult;
  'prepare-query': PrepareQueryResult;
}

export function isJobKind(name: string): name is JobKind {
  return (JOB_KINDS as readonly string[]).includes(name);
}

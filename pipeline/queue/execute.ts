/** Runs one resolved job of any kind in this thread (a worker process or a pool thread). */
import { runEvalJob } from '../eval/index.ts';
import { runEvalBatchJob } from './eval-batch-job.ts';
import type { JobKind, JobResult, ResolvedPayload } from './job-kinds.ts';
import { runPrepareQueryJob } from './prepare-query-job.ts';
import { runRolloutJob } from './rollout-job.ts';

/** A resolved job as handed to an executor (structured-clone safe). */
export type ExecRequest = { [K in JobKind]: { kind: K; payload: ResolvedPayload[K] } }[JobKind];

export async function executeJob(req: ExecRequest): Promise<JobResult[JobKind]> {
  switch (req.kind) {
    case 'eval':
      return runEvalJob(req.payload);
    case 'eval-batch':
      return runEvalBatchJob(req.payload);
    case 'rollout':
      return runRolloutJob(req.payload);
    case 'prepare-query':
      return runPrepareQueryJob(req.payload);
  }
}

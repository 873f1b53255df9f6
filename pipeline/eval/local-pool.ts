import { makeThreadPool } from '../threads/thread-pool.ts';
import type { EvalJobInput, EvalResult } from './job.ts';
import { runEvalJob } from './run-job.ts';

/** Runs evaluation jobs; `close()` releases its threads. */
export interface JobRunner {
  run(job: EvalJobInput): Promise<EvalResult>;
  close(): Promise<void>;
}

/**
 * A worker_threads pool: each worker has its own Rapier world and ONNX sessions, and is recycled
 * on memory (see makeThreadPool). `workers: 0` runs jobs in this thread.
 */
export function makeLocalPool(workers: number, recycleMb = 1500): JobRunner {
  if (workers === 0) return { run: runEvalJob, close: async () => {} };
  return makeThreadPool<EvalJobInput, EvalResult>(new URL('./worker.ts', import.meta.url), workers, recycleMb);
}

import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { EvalJobInput, EvalResult } from './job.ts';
import { runEvalJob } from './run-job.ts';

/** Runs evaluation jobs; `close()` releases its threads. */
export interface JobRunner {
  run(job: EvalJobInput): Promise<EvalResult>;
  close(): Promise<void>;
}

/**
 * A worker_threads pool (tinypool). Each worker has its own Rapier world and ONNX sessions.
 * Workers are recycled past `recycleMb` of memory, since every snapshot restore leaks a little
 * WASM memory (~1.7 KB). `workers: 0` runs jobs in this thread.
 */
export function makeLocalPool(workers: number, recycleMb = 1500): JobRunner {
  if (workers === 0) return { run: runEvalJob, close: async () => {} };
  const pool = new Tinypool({
    filename: fileURLToPath(new URL('./worker-entry.mjs', import.meta.url)),
    minThreads: workers,
    maxThreads: workers,
    maxMemoryLimitBeforeRecycle: recycleMb * 1024 * 1024,
  });
  return {
    run: (job) => pool.run(job) as Promise<EvalResult>,
    close: () => pool.destroy(),
  };
}

/**
 * Where a queue worker runs its jobs: with a budget of one thread in this process (one Rapier
 * world, ONNX in-process), with more in a local pool of that many worker threads.
 */
import { makeThreadPool } from '../threads/thread-pool.ts';
import { executeJob, type ExecRequest } from './execute.ts';

export interface Executor {
  run(req: ExecRequest): Promise<unknown>;
  close(): Promise<void>;
}

/** `threads` ≤ 1 runs jobs in this thread. `recycleMb` as in pipeline/eval's local pool. */
export function makeExecutor(threads: number, recycleMb = 1500): Executor {
  if (threads <= 1) return { run: executeJob, close: async () => {} };
  return makeThreadPool<ExecRequest, unknown>(new URL('./thread.ts', import.meta.url), threads, recycleMb);
}

/**
 * Where a queue worker runs its jobs: in this process (one Rapier world, ONNX in-process) or in a
 * local pool of `threads` worker threads.
 */
import { makeThreadPool } from '../threads/thread-pool.ts';
import { executeJob, type ExecRequest } from './execute.ts';

export interface Executor {
  run(req: ExecRequest): Promise<unknown>;
  close(): Promise<void>;
}

/** `threads: 0` runs jobs in this thread. `recycleMb` as in pipeline/eval's local pool. */
export function makeExecutor(threads: number, recycleMb = 1500): Executor {
  if (threads === 0) return { run: executeJob, close: async () => {} };
  return makeThreadPool<ExecRequest, unknown>(new URL('./thread.ts', import.meta.url), threads, recycleMb);
}

/**
 * Where a queue worker runs its jobs: in this process (one Rapier world, ONNX in-process) or in a
 * local tinypool of `threads` worker threads.
 */
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { executeJob, type ExecRequest } from './execute.ts';

export interface Executor {
  run(req: ExecRequest): Promise<unknown>;
  close(): Promise<void>;
}

/** `threads: 0` runs jobs in this thread. `recycleMb` as in pipeline/eval's local pool. */
export function makeExecutor(threads: number, recycleMb = 1500): Executor {
  if (threads === 0) return { run: executeJob, close: async () => {} };
  const pool = new Tinypool({
    filename: fileURLToPath(new URL('./thread-entry.mjs', import.meta.url)),
    minThreads: threads,
    maxThreads: threads,
    maxMemoryLimitBeforeRecycle: recycleMb * 1024 * 1024,
  });
  return { run: (req) => pool.run(req), close: () => pool.destroy() };
}

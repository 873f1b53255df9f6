/**
 * How many threads one process of prefsim may keep busy. `availableParallelism` counts the cores
 * this process is allowed on (it honours `taskset`), so a pinned process sizes itself to its
 * cores; `processesOnHost` splits them between processes that share them. Oversubscribing cores
 * with compute threads only adds switching: each job runs on one thread (ONNX sessions use one
 * intra-op thread, nn/runtime/session.ts), so the budget is also the number of jobs at once.
 */
import { availableParallelism } from 'node:os';

export function defaultThreadBudget(processesOnHost = 1): number {
  if (!(Number.isInteger(processesOnHost) && processesOnHost >= 1))
    throw new Error(`processes on host: expected an integer ≥ 1, got ${processesOnHost}`);
  return Math.max(1, Math.floor(availableParallelism() / processesOnHost));
}

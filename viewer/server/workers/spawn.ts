import { Worker } from 'node:worker_threads';

/** Starts a worker thread running the TypeScript module `entry` (a file URL) with `data`. */
export function spawnTsWorker(entry: URL, data: Record<string, unknown>): Worker {
  return new Worker(new URL('./boot.mjs', import.meta.url), { workerData: { ...data, __entry: entry.href } });
}

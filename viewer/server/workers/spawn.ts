import { Worker } from 'node:worker_threads';
import { runnableModule } from '../../../core/compiled-module.ts';

/**
 * Starts a worker thread running the TypeScript module `entry` (a file URL; its compiled bundle when the CLI runs
 * compiled) with `data`.
 */
export function spawnTsWorker(entry: URL, data: Record<string, unknown>): Worker {
  return new Worker(new URL('./boot.mjs', import.meta.url), {
    workerData: { ...data, __entry: runnableModule(entry).url.href },
  });
}

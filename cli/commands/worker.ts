import type { Command } from 'commander';
import { parseQueueUrl, startQueueWorker } from '../../pipeline/queue/index.ts';
import { intFlag, UsageError } from '../usage-error.ts';

interface WorkerFlags {
  queue: string; concurrency: string; threads: string; lockMs: string; cache?: string; modelsDir: string[];
}

/**
 * `prefsim worker --queue redis://HOST:PORT`: consumes eval, rollout and prepare-query jobs until
 * SIGINT/SIGTERM. Logs one line per job on stderr.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('consume evaluation, rollout and query-preparation jobs from a shared Redis queue (run one per host or more)')
    .requiredOption('--queue <url>', 'queue address, redis://HOST:PORT')
    .option('--concurrency <n>', 'jobs this process works on at once', '1')
    .option('--threads <n>', 'worker threads running the jobs (0 runs them in this process)', '0')
    .option('--lock-ms <ms>', 'job lock; a job whose worker died is retried elsewhere after about this long', '30000')
    .option('--cache <dir>', 'folder of verified models (default <tmp>/prefsim-models)')
    .option('--models-dir <dir>', 'shared folder searched for models by hash before fetching through Redis (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (f: WorkerFlags) => {
      try {
        parseQueueUrl(f.queue, '--queue');
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const concurrency = intFlag('--concurrency', f.concurrency, 1, 256);
      const threads = intFlag('--threads', f.threads, 0, 64);
      const lockMs = intFlag('--lock-ms', f.lockMs, 200, 3_600_000);
      const log = (t: string) => process.stderr.write(t + '\n');
      const worker = await startQueueWorker({
        url: f.queue, concurrency, threads, lockMs, cacheDir: f.cache, sharedModelDirs: f.modelsDir,
        onEvent: (e) => {
          if (e.type === 'active') log(`job ${e.id} ${e.kind} started (attempt ${e.attempt})`);
          else if (e.type === 'completed') log(`job ${e.id} ${e.kind} done in ${e.ms.toFixed(0)} ms`);
          else if (e.type === 'failed') log(`job ${e.id} ${e.kind} failed: ${e.error}`);
          else log(`queue: ${e.error}`);
        },
      });
      log(`worker ${worker.name} ready on ${f.queue} (concurrency ${concurrency}, ${threads === 0 ? 'in-process' : `${threads} threads`})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      log(`worker ${worker.name} stopping`);
      await worker.close();
    });
}

import type { Command } from 'commander';
import { CLOSE_DEADLINE_MS, parseQueueUrl, startQueueWorker } from '../../pipeline/queue/index.ts';
import { defaultThreadBudget } from '../../pipeline/threads/thread-budget.ts';
import { deprecatedAlias } from '../flag-alias.ts';
import { intFlag, UsageError } from '../usage-error.ts';

interface WorkerFlags {
  queue: string;
  workers?: string;
  hostWorkers: string;
  concurrency?: string;
  lockMs: string;
  cache?: string;
  modelsDir: string[];
}

/** After SIGTERM the process is gone by then whatever Redis does (the close gives up earlier). */
const EXIT_DEADLINE_MS = 9000;

/**
 * `prefsim worker --queue redis://HOST:PORT`: consumes eval, rollout and prepare-query jobs until
 * SIGINT/SIGTERM. Logs one line per job on stderr.
 */
export function registerWorker(program: Command): void {
  const worker = program
    .command('worker')
    .description(
      'consume evaluation, rollout and query-preparation jobs from a shared Redis queue (run one per host or more)',
    )
    .requiredOption('--queue <url>', 'queue address, redis://HOST:PORT')
    .option(
      '--workers <n>',
      'worker threads: jobs run at once, one thread each (1 runs them in this process); default: the cores this ' +
        'process may use ÷ --host-workers',
    )
    .option('--host-workers <n>', "worker processes sharing this host's cores (sets the default --workers)", '1')
    .option('--concurrency <n>', 'jobs taken from the queue at once (default: --workers)')
    .option('--lock-ms <ms>', 'job lock; a job whose worker died is retried elsewhere after about this long', '30000')
    .option('--cache <dir>', 'folder of verified models (default <tmp>/prefsim-models)')
    .option(
      '--models-dir <dir>',
      'shared folder searched for models by hash before fetching through Redis (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .action(async (f: WorkerFlags) => {
      try {
        parseQueueUrl(f.queue, '--queue');
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const hostWorkers = intFlag('--host-workers', f.hostWorkers, 1, 1024);
      const threads =
        f.workers === undefined ? defaultThreadBudget(hostWorkers) : intFlag('--workers', f.workers, 1, 64);
      const concurrency = f.concurrency === undefined ? threads : intFlag('--concurrency', f.concurrency, 1, 256);
      const lockMs = intFlag('--lock-ms', f.lockMs, 200, 3_600_000);
      const log = (t: string) => process.stderr.write(t + '\n');
      const running = await startQueueWorker({
        url: f.queue,
        concurrency,
        threads,
        lockMs,
        cacheDir: f.cache,
        sharedModelDirs: f.modelsDir,
        onEvent: (e) => {
          if (e.type === 'active') log(`job ${e.id} ${e.kind} started (attempt ${e.attempt})`);
          else if (e.type === 'completed')
            log(`job ${e.id} ${e.kind} done in ${e.ms.toFixed(0)} ms (run ${e.runMs.toFixed(0)} ms)`);
          else if (e.type === 'failed') log(`job ${e.id} ${e.kind} failed: ${e.error}`);
          else log(`queue: ${e.error}`);
        },
      });
      log(
        `worker ${running.name} ready on ${f.queue} (workers ${threads}, concurrency ${concurrency}, ` +
          `${threads === 1 ? 'in-process' : 'thread pool'})`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      log(`worker ${running.name} stopping`);
      // Whatever hangs (a Redis that is gone, a stuck job), the process ends.
      setTimeout(() => process.exit(1), EXIT_DEADLINE_MS).unref();
      const clean = await running.close(CLOSE_DEADLINE_MS);
      if (!clean) {
        log(
          `worker ${running.name}: Redis did not answer within ${CLOSE_DEADLINE_MS / 1000} s; its jobs go back to ` +
            `the queue when their lock expires`,
        );
        process.exit(1);
      }
    });
  deprecatedAlias(worker, '--threads <n>', '--workers');
}

/**
 * `JobRunner` over the queue: `runEvaluation` hands it the same self-contained eval jobs it hands
 * the local pool, and they run on whichever workers share the queue. Jobs handed over in the same
 * tick are batched, several episodes per queued job, so that each job's fixed cost (Redis round
 * trips, parsing, model lookup: ~15 ms, `npm run bench -- queue`) stays a small share of its run
 * time. Each episode runs exactly as alone: batching never changes a result.
 */
import { EvalJobSchema, type EvalJob, type EvalJobInput, type EvalResult, type JobRunner } from '../eval/index.ts';
import { MAX_SEEDS_PER_JOB } from './eval-batch-job.ts';
import type { QueueClient } from './queue-client.ts';

/**
 * Run time a batched job aims for (ms) when `seedsPerJob` is `auto`: 20× the fixed cost per job
 * measured on this machine, so that cost stays under 5 %.
 */
export const TARGET_JOB_MS = 400;

export interface QueueRunnerOptions {
  /** Role → `sha256:` reference (see `publishModels`); replaces each job's models. */
  models?: Record<string, string>;
  /** `close()` closes the client too. */
  ownsClient?: boolean;
  /**
   * Episodes per queued job. `auto` (default): the first jobs go one per worker, and the run time
   * of the first one sets the batch size for the rest (`targetJobMs`), at most a share that keeps
   * every worker with two jobs or more.
   */
  seedsPerJob?: number | 'auto';
  /** Aim of `auto` (ms, default TARGET_JOB_MS). */
  targetJobMs?: number;
}

interface Waiting {
  job: EvalJob;
  resolve(r: EvalResult): void;
  reject(e: unknown): void;
}

export function makeQueueRunner(client: QueueClient, opts: QueueRunnerOptions = {}): JobRunner {
  const fixed = opts.seedsPerJob === undefined || opts.seedsPerJob === 'auto' ? undefined : opts.seedsPerJob;
  if (fixed !== undefined && !(Number.isInteger(fixed) && fixed >= 1 && fixed <= MAX_SEEDS_PER_JOB)) {
    throw new Error(`seedsPerJob: expected an integer 1..${MAX_SEEDS_PER_JOB} or "auto", got ${fixed}`);
  }
  const target = opts.targetJobMs ?? TARGET_JOB_MS;
  let episodeMs: number | undefined; // measured run time of one episode (auto)
  let buffer: Waiting[] = [];

  const submit = (batch: Waiting[]): Promise<void> => {
    const first = batch[0].job;
    if (batch.length === 1) {
      return client
        .submitWithWorker('eval', first, `eval ${first.task} seed ${first.seed} method ${first.method}`)
        .then(
          (r) => {
            episodeMs ??= r.runMs;
            batch[0].resolve(r.result);
          },
          (e: unknown) => batch[0].reject(e),
        );
    }
    const seeds = batch.map((w) => w.job.seed);
    const what =
      `eval-batch ${first.task} ${batch.length} episodes (seeds ${seeds[0]}..${seeds[seeds.length - 1]}` +
      `, method ${first.method})`;
    return client.submitWithWorker('eval-batch', { jobs: batch.map((w) => w.job) }, what).then(
      (r) => {
        episodeMs ??= r.runMs / batch.length;
        r.result.forEach((res, i) => batch[i].resolve(res));
      },
      (e: unknown) => {
        for (const w of batch) w.reject(e);
      },
    );
  };

  const chunk = (jobs: Waiting[], k: number) => {
    for (let i = 0; i < jobs.length; i += k) void submit(jobs.slice(i, i + k));
  };

  const flush = async () => {
    const jobs = buffer;
    buffer = [];
    if (fixed !== undefined) return chunk(jobs, fixed);
    const workers = Math.max(1, await client.bullQueue.getWorkersCount().catch(() => 1));
    let rest = jobs;
    if (episodeMs === undefined) {
      // Probe: one job per worker; the first to finish measures an episode.
      const probe = rest.slice(0, workers);
      rest = rest.slice(workers);
      await Promise.race(
        probe.map(
          (w) =>
            new Promise<void>((resolve) => {
              void submit([
                {
                  ...w,
                  resolve: (r) => {
                    w.resolve(r);
                    resolve();
                  },
                  reject: (e) => {
                    w.reject(e);
                    resolve();
                  },
                },
              ]);
            }),
        ),
      );
    }
    if (rest.length === 0) return;
    const wanted = Math.ceil(target / Math.max(episodeMs ?? target, 1e-3));
    const balanced = Math.ceil(rest.length / (2 * workers));
    chunk(rest, Math.max(1, Math.min(wanted, balanced, MAX_SEEDS_PER_JOB)));
  };

  return {
    run: (input: EvalJobInput): Promise<EvalResult> => {
      const parsed = EvalJobSchema.parse(input);
      const job = opts.models ? { ...parsed, models: opts.models } : parsed;
      return new Promise<EvalResult>((resolve, reject) => {
        buffer.push({ job, resolve, reject });
        if (buffer.length === 1) setImmediate(() => void flush());
      });
    },
    close: async () => {
      if (opts.ownsClient) await client.close();
    },
  };
}

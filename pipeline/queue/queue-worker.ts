/**
 * A queue worker: consumes eval, rollout and prepare-query jobs from the shared queue, resolves
 * their content-hash references (models verified, snapshots verified), runs them in this process
 * or a local thread pool, and returns the wire-encoded result. Any number of these, on any host,
 * share one queue; a job whose worker dies is taken over by another once its lock expires
 * (BullMQ's stalled-job check).
 */
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import { formatZodError } from '../../sim/index.ts';
import { BlobStore, type BlobClient } from './blob-store.ts';
import { KEY_PREFIX, openConnection, parseQueueUrl, QUEUE_NAME } from './connection.ts';
import { makeExecutor } from './executor.ts';
import type { ExecRequest } from './execute.ts';
import { isJobKind, JOB_KINDS, JOB_SCHEMAS, type JobKind, type JobPayload } from './job-kinds.ts';
import { ModelCache } from './model-cache.ts';
import { TolerantWorker } from './tolerant-worker.ts';
import { defaultThreadBudget } from '../threads/thread-budget.ts';
import { encodeWire } from './wire.ts';

export interface QueueWorkerOptions {
  /** redis://HOST:PORT of the queue. */
  url: string;
  /**
   * Thread budget: jobs run at once, each on its own thread (1 runs them in this process, more in
   * a pool of that many threads). Default: this process's cores (defaultThreadBudget).
   */
  threads?: number;
  /** Jobs taken from the queue at once (default `threads`). */
  concurrency?: number;
  /** Job lock in ms (BullMQ lockDuration; also the stalled-check interval). Default 30 000. */
  lockMs?: number;
  /** Folder of verified models (default `<tmp>/prefsim-models`). */
  cacheDir?: string;
  /** Shared folders searched for models before fetching them through Redis. */
  sharedModelDirs?: string[];
  /** Worker name recorded on each job (default `<host>-<pid>`). */
  name?: string;
  onEvent?: (e: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'active'; id: string; kind: string; attempt: number }
  | { type: 'completed'; id: string; kind: string; ms: number; runMs: number }
  | { type: 'failed'; id: string; kind: string; error: string }
  | { type: 'error'; error: string };

/** What a worker returns through the queue (wire-encoded): who ran it, and the result. */
export interface WorkerReply {
  worker: string;
  result: unknown;
  /** Time spent running the job itself (ms), without fetching its references. */
  runMs: number;
}

export interface QueueWorker {
  readonly name: string;
  /** Thread budget in use (jobs at once). */
  readonly threads: number;
  /**
   * Finishes the current jobs and disconnects. If that takes longer than `deadlineMs` (Redis gone,
   * a job stuck), gives up on Redis: connections are dropped and the jobs left to the stalled
   * check of another worker. Resolves `true` when the close was clean.
   */
  close(deadlineMs?: number): Promise<boolean>;
}

/** Default close deadline (ms): leaves a supervisor's 10 s SIGTERM grace period unspent. */
export const CLOSE_DEADLINE_MS = 5000;

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const addr = parseQueueUrl(opts.url);
  const name = opts.name ?? `${hostname()}-${process.pid}`;
  const lockMs = opts.lockMs ?? 30_000;
  const threads = opts.threads ?? defaultThreadBudget();
  const executor = makeExecutor(threads);
  const emit = (e: WorkerEvent) => opts.onEvent?.(e);
  let cache: ModelCache | undefined;
  let blobs: BlobStore | undefined;

  const resolve = async (kind: JobKind, p: JobPayload[JobKind]): Promise<ExecRequest> => {
    const b = blobs!,
      c = cache!;
    switch (kind) {
      case 'eval': {
        const e = p as JobPayload['eval'];
        return { kind, payload: { ...e, models: await c.resolveAll(e.models) } };
      }
      case 'eval-batch': {
        const e = p as JobPayload['eval-batch'];
        const jobs = [];
        for (const [i, j] of e.jobs.entries())
          jobs.push({ ...j, models: await c.resolveAll(j.models, `jobs[${i}].models`) });
        return { kind, payload: { jobs } };
      }
      case 'rollout': {
        const r = p as JobPayload['rollout'];
        const snapshot = r.snapshot ? await b.get(r.snapshot, 'snapshot') : undefined;
        return { kind, payload: { ...r, models: await c.resolveAll(r.models), snapshot } };
      }
      case 'prepare-query': {
        const q = p as JobPayload['prepare-query'];
        return { kind, payload: { ...q, snapshot: await b.get(q.snapshot, 'snapshot') } };
      }
    }
  };

  const processor = async (job: Job): Promise<string> => {
    const t0 = performance.now();
    emit({ type: 'active', id: job.id!, kind: job.name, attempt: job.attemptsMade + 1 });
    const corrupt = worker.takeCorruption(job.id!);
    if (corrupt) throw new UnrecoverableError(corrupt);
    if (!isJobKind(job.name))
      throw new UnrecoverableError(`job name: unknown kind "${job.name}"; accepted: ${JOB_KINDS.join(', ')}`);
    const parsed = JOB_SCHEMAS[job.name].safeParse(job.data);
    // A malformed payload fails the same way every time: no retries.
    if (!parsed.success) throw new UnrecoverableError(`${job.name} job: ${formatZodError(parsed.error)}`);
    const req = await resolve(job.name, parsed.data);
    const t1 = performance.now();
    const result = await executor.run(req);
    const runMs = performance.now() - t1;
    emit({ type: 'completed', id: job.id!, kind: job.name, ms: performance.now() - t0, runMs });
    return encodeWire({ worker: name, result, runMs } satisfies WorkerReply);
  };

  const connection = openConnection(addr);
  connection.on('error', () => {}); // reported through the worker's 'error' event
  const worker = new TolerantWorker(QUEUE_NAME, processor, {
    connection,
    prefix: KEY_PREFIX,
    name,
    concurrency: opts.concurrency ?? threads,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
    autorun: false,
    // After a lost connection, try again within a second rather than BullMQ's 15 s.
    runRetryDelay: 1000,
  });
  worker.on('error', (e) => emit({ type: 'error', error: e.message }));
  worker.on('failed', (job, e) =>
    emit({ type: 'failed', id: job?.id ?? '?', kind: job?.name ?? '?', error: e.message }),
  );
  try {
    await worker.waitUntilReady();
    blobs = new BlobStore(connection as unknown as BlobClient);
    cache = new ModelCache(blobs, {
      dir: opts.cacheDir ?? join(tmpdir(), 'prefsim-models'),
      shared: opts.sharedModelDirs,
    });
  } catch (e) {
    await worker.close();
    connection.disconnect();
    await executor.close();
    throw e;
  }
  void worker.run().catch((e: Error) => emit({ type: 'error', error: e.message }));
  let closing: Promise<boolean> | undefined;
  return {
    name,
    threads,
    close: (deadlineMs = CLOSE_DEADLINE_MS) =>
      (closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<false>((r) => {
          timer = setTimeout(() => r(false), deadlineMs);
        });
        const clean = await Promise.race([worker.close().then(() => true as const), late]);
        clearTimeout(timer);
        if (!clean) void worker.close(true).catch(() => {});
        connection.disconnect();
        await executor.close();
        return clean;
      })()),
  };
}

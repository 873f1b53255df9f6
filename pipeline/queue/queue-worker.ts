/**
 * A queue worker: consumes eval, rollout and prepare-query jobs from the shared queue, resolves
 * their content-hash references (models verified, snapshots verified), runs them in this process
 * or a local thread pool, and returns the wire-encoded result. Any number of these, on any host,
 * share one queue; a job whose worker dies is taken over by another once its lock expires
 * (BullMQ's stalled-job check).
 */
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { formatZodError } from '../../sim/index.ts';
import { BlobStore, type BlobClient } from './blob-store.ts';
import { KEY_PREFIX, openConnection, parseQueueUrl, QUEUE_NAME } from './connection.ts';
import { makeExecutor } from './executor.ts';
import type { ExecRequest } from './execute.ts';
import { isJobKind, JOB_KINDS, JOB_SCHEMAS, type JobKind, type JobPayload } from './job-kinds.ts';
import { ModelCache } from './model-cache.ts';
import { encodeWire } from './wire.ts';

export interface QueueWorkerOptions {
  /** redis://HOST:PORT of the queue. */
  url: string;
  /** Jobs this process works on at once (default 1). */
  concurrency?: number;
  /** Pool threads running the jobs; 0 (default) runs them in this process. */
  threads?: number;
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
  | { type: 'completed'; id: string; kind: string; ms: number }
  | { type: 'failed'; id: string; kind: string; error: string }
  | { type: 'error'; error: string };

/** What a worker returns through the queue (wire-encoded): who ran it, and the result. */
export interface WorkerReply {
  worker: string;
  result: unknown;
}

export interface QueueWorker {
  readonly name: string;
  close(): Promise<void>;
}

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const addr = parseQueueUrl(opts.url);
  const name = opts.name ?? `${hostname()}-${process.pid}`;
  const lockMs = opts.lockMs ?? 30_000;
  const executor = makeExecutor(opts.threads ?? 0);
  const emit = (e: WorkerEvent) => opts.onEvent?.(e);
  let cache: ModelCache | undefined;
  let blobs: BlobStore | undefined;

  const resolve = async (kind: JobKind, p: JobPayload[JobKind]): Promise<ExecRequest> => {
    const b = blobs!, c = cache!;
    switch (kind) {
      case 'eval': {
        const e = p as JobPayload['eval'];
        return { kind, payload: { ...e, models: await c.resolveAll(e.models) } };
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
    if (!isJobKind(job.name)) throw new UnrecoverableError(`job name: unknown kind "${job.name}"; accepted: ${JOB_KINDS.join(', ')}`);
    const parsed = JOB_SCHEMAS[job.name].safeParse(job.data);
    // A malformed payload fails the same way every time: no retries.
    if (!parsed.success) throw new UnrecoverableError(`${job.name} job: ${formatZodError(parsed.error)}`);
    const req = await resolve(job.name, parsed.data);
    const result = await executor.run(req);
    emit({ type: 'completed', id: job.id!, kind: job.name, ms: performance.now() - t0 });
    return encodeWire({ worker: name, result } satisfies WorkerReply);
  };

  const connection = openConnection(addr);
  connection.on('error', () => {}); // reported through the worker's 'error' event
  const worker = new Worker(QUEUE_NAME, processor, {
    connection,
    prefix: KEY_PREFIX,
    name,
    concurrency: opts.concurrency ?? 1,
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
  worker.on('failed', (job, e) => emit({ type: 'failed', id: job?.id ?? '?', kind: job?.name ?? '?', error: e.message }));
  try {
    await worker.waitUntilReady();
    blobs = new BlobStore(connection as unknown as BlobClient);
    cache = new ModelCache(blobs, { dir: opts.cacheDir ?? join(tmpdir(), 'prefsim-models'), shared: opts.sharedModelDirs });
  } catch (e) {
    await worker.close();
    connection.disconnect();
    await executor.close();
    throw e;
  }
  void worker.run().catch((e: Error) => emit({ type: 'error', error: e.message }));
  let closing: Promise<void> | undefined;
  return {
    name,
    close: () => (closing ??= (async () => {
      await worker.close();
      connection.disconnect();
      await executor.close();
    })()),
  };
}

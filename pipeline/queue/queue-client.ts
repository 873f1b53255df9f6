/**
 * The coordinator's side of the queue: submits jobs and resolves each with its result when a
 * worker posts it back. Results come through BullMQ's event stream, and a poll of the jobs still
 * outstanding catches anything the stream missed (e.g. across a Redis restart). Each job id is
 * settled once: a second completion of the same job (a stalled job finished twice) is counted in
 * `stats.duplicates` and otherwise ignored. A completed job is deleted from Redis once its result
 * is in hand, and `close()` releases the models this client published: a finished run leaves no
 * keys of its own behind (failed jobs stay in the failed set, for inspection, for 7 days).
 */
import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import { BlobStore, type BlobClient } from './blob-store.ts';
import type { RedisClient } from 'bullmq';
import { KEY_PREFIX, openConnection, parseQueueUrl, QUEUE_NAME } from './connection.ts';
import type { JobKind, JobResult } from './job-kinds.ts';
import type { WorkerReply } from './queue-worker.ts';
import { decodeWire } from './wire.ts';

export interface QueueClientOptions {
  /** Tries per job before it goes to the failed set (default 3). */
  attempts?: number;
  /** Wait between tries, ms (default 200). */
  backoffMs?: number;
  /** Poll interval for outstanding jobs, ms (default 1000). */
  pollMs?: number;
  /** Leave completed jobs in Redis (for inspection; default false: deleted once settled). */
  keepCompleted?: boolean;
}

/** A job that ended in the failed set: its id, what it was, tries made and the last error. */
export class QueueJobFailedError extends Error {
  override name = 'QueueJobFailedError';
  constructor(
    readonly jobId: string,
    readonly what: string,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(`job ${jobId} (${what}) failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`);
  }
}

export interface SubmitOptions {
  /** BullMQ priority: 1 is served first (default none: FIFO after prioritised jobs). */
  priority?: number;
  /** Called with the job's id as soon as it is assigned (before the job reaches Redis). */
  onId?: (jobId: string) => void;
}

interface Pending {
  what: string;
  resolve(reply: WorkerReply): void;
  reject(e: Error): void;
}

export class QueueClient {
  readonly stats = { submitted: 0, completed: 0, failed: 0, duplicates: 0 };
  readonly #pending = new Map<string, Pending>();
  readonly #settled = new Set<string>();
  readonly #runId = randomUUID().slice(0, 8);
  #next = 0;
  #toAdd: { name: string; data: unknown; opts: Record<string, unknown> }[] = [];
  #poll: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;
  readonly #removals = new Set<Promise<void>>();

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly connections: RedisClient[],
    readonly blobs: BlobStore,
    private readonly opts: Required<QueueClientOptions>,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => this.#complete(jobId, returnvalue));
    events.on('failed', ({ jobId }) => {
      if (this.#pending.has(jobId)) void this.#check(jobId);
    });
    this.#poll = setInterval(() => void this.#pollAll(), opts.pollMs);
  }

  /** Connects to `redis://HOST:PORT`; waits until the event stream is being read. */
  static async open(url: string, options: QueueClientOptions = {}): Promise<QueueClient> {
    const addr = parseQueueUrl(url);
    const connections = [openConnection(addr), openConnection(addr)];
    const queue = new Queue(QUEUE_NAME, { connection: connections[0], prefix: KEY_PREFIX });
    const events = new QueueEvents(QUEUE_NAME, { connection: connections[1], prefix: KEY_PREFIX });
    // Connection errors (Redis restarting) are survived: commands retry, the poll catches up.
    queue.on('error', () => {});
    events.on('error', () => {});
    for (const c of connections) c.on('error', () => {});
    try {
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      const blobs = new BlobStore(connections[0] as unknown as BlobClient);
      return new QueueClient(queue, events, connections, blobs, {
        attempts: 3,
        backoffMs: 200,
        pollMs: 1000,
        keepCompleted: false,
        ...options,
      });
    } catch (e) {
      await Promise.allSettled([queue.close(), events.close()]);
      for (const c of connections) c.disconnect();
      throw e;
    }
  }

  /** The BullMQ queue (for inspection: failed set, counts). */
  get bullQueue(): Queue {
    return this.queue;
  }

  /** Enqueues one job; resolves with its result and the worker that ran it. */
  submitWithWorker<K extends JobKind>(
    kind: K,
    payload: unknown,
    what: string,
    opts: SubmitOptions = {},
  ): Promise<{ worker: string; result: JobResult[K]; runMs: number }> {
    if (this.#closed) return Promise.reject(new Error('queue client closed'));
    const jobId = `${this.#runId}-${++this.#next}`;
    opts.onId?.(jobId);
    this.stats.submitted++;
    const done = new Promise<WorkerReply>((resolve, reject) => this.#pending.set(jobId, { what, resolve, reject }));
    this.#toAdd.push({
      name: kind,
      data: payload,
      opts: {
        jobId,
        attempts: this.opts.attempts,
        backoff: { type: 'fixed', delay: this.opts.backoffMs },
        priority: opts.priority,
      },
    });
    // Jobs submitted in the same tick go to Redis in one round trip.
    if (this.#toAdd.length === 1) setImmediate(() => void this.#flush());
    return done as Promise<{ worker: string; result: JobResult[K]; runMs: number }>;
  }

  async submit<K extends JobKind>(
    kind: K,
    payload: unknown,
    what: string,
    opts: SubmitOptions = {},
  ): Promise<JobResult[K]> {
    return (await this.submitWithWorker(kind, payload, what, opts)).result;
  }

  /** Jobs submitted and not yet settled. */
  get outstanding(): number {
    return this.#pending.size;
  }

  /** Stops listening, rejects what is still outstanding, closes every connection. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#poll);
    for (const [id, p] of this.#pending)
      p.reject(new Error(`queue client closed with job ${id} (${p.what}) outstanding`));
    this.#pending.clear();
    await Promise.allSettled([...this.#removals]);
    await this.blobs.release().catch(() => {});
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    for (const c of this.connections) c.disconnect();
  }

  async #flush(): Promise<void> {
    const batch = this.#toAdd;
    this.#toAdd = [];
    // Job ids are fixed before the first try, so retrying an add cannot enqueue a job twice.
    for (let tries = 0; !this.#closed; tries++) {
      try {
        await this.queue.addBulk(batch as Parameters<Queue['addBulk']>[0]);
        return;
      } catch (e) {
        if (tries >= 120) {
          for (const b of batch) this.#fail(String(b.opts.jobId), new Error(`enqueue failed: ${(e as Error).message}`));
          return;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  #complete(jobId: string, returnvalue: unknown): void {
    if (this.#settled.has(jobId)) {
      this.stats.duplicates++;
      return;
    }
    const p = this.#pending.get(jobId);
    if (!p) return;
    let reply: WorkerReply;
    try {
      const raw = typeof returnvalue === 'string' ? returnvalue : JSON.stringify(returnvalue);
      reply = decodeWire<WorkerReply>(raw);
    } catch (e) {
      this.#fail(jobId, new Error(`job ${jobId} (${p.what}): unreadable result: ${(e as Error).message}`));
      return;
    }
    this.#settle(jobId);
    this.stats.completed++;
    if (!this.opts.keepCompleted) this.#remove(jobId);
    p.resolve(reply);
  }

  /** Deletes a completed job (hash and logs); a job still locked by a late duplicate stays. */
  #remove(jobId: string): void {
    const done: Promise<void> = this.queue
      .remove(jobId)
      .then(
        () => {},
        () => {},
      )
      .finally(() => this.#removals.delete(done));
    this.#removals.add(done);
  }

  #fail(jobId: string, e: Error): void {
    const p = this.#pending.get(jobId);
    if (!p) return;
    this.#settle(jobId);
    this.stats.failed++;
    p.reject(e);
  }

  #settle(jobId: string): void {
    this.#pending.delete(jobId);
    this.#settled.add(jobId);
  }

  /** Looks the job up in Redis: settles it if it completed or ended in the failed set. */
  async #check(jobId: string): Promise<void> {
    const state = await this.queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed') return;
    const job = await Job.fromId(this.queue, jobId);
    if (!job || !this.#pending.has(jobId)) return;
    if (state === 'completed') this.#complete(jobId, job.returnvalue);
    else
      this.#fail(
        jobId,
        new QueueJobFailedError(jobId, this.#pending.get(jobId)!.what, job.attemptsMade, job.failedReason),
      );
  }

  async #pollAll(): Promise<void> {
    if (this.#polling || this.#closed || this.#pending.size === 0) return;
    this.#polling = true;
    try {
      await Promise.all([...this.#pending.keys()].map((id) => this.#check(id)));
    } catch {
      // Redis unreachable: the next poll tries again, the connection reconnects on its own.
    } finally {
      this.#polling = false;
    }
  }
}

/**
 * Queries prepared ahead, per flow, and handed to annotators: each query goes to `redundancy`
 * distinct annotators (1 = no duplicate assignment). A query taken by an annotator who leaves
 * without labelling goes back to the front of its queue.
 */
import type { Flow } from '../../protocol/index.ts';
import type { PreparedQuery } from './prepared-query.ts';

export interface PoolEntry {
  /** Id the annotators see (the store's query id is assigned when first labelled). */
  readonly id: number;
  readonly query: PreparedQuery;
  /** Annotators it has been handed to. */
  readonly assigned: Set<string>;
  /** Store query id once any label of it was stored. */
  dbQueryId: number | null;
}

export interface QueryPoolOptions {
  /** Queries kept ready per flow in use. */
  ahead: number;
  /** Distinct annotators per query. */
  redundancy: number;
  /** Called when preparing a query fails (it is retried). */
  onError?: (e: Error) => void;
}

interface Waiter {
  annotator: string;
  resolve: (e: PoolEntry) => void;
  reject: (e: Error) => void;
}

export class QueryPool {
  readonly #ready = new Map<Flow, PoolEntry[]>();
  readonly #waiters = new Map<Flow, Waiter[]>();
  readonly #inFlight = new Map<Flow, number>();
  #nextId = 1;
  #closed = false;

  constructor(
    private readonly prepare: (flow: Flow) => Promise<PreparedQuery>,
    private readonly opts: QueryPoolOptions,
  ) {}

  /** Ready queries of a flow (for tests and status). */
  readyCount(flow: Flow): number {
    return this.#ready.get(flow)?.length ?? 0;
  }

  /** Starts preparing `flow` queries up to the look-ahead, without taking any. */
  warm(flow: Flow): void {
    this.#fill(flow);
  }

  /**
   * The next query for `annotator` in `flow`; waits for the simulator only when none is ready.
   * A ready query that `prefer`s is taken first (a gold check for a lone annotator).
   */
  take(flow: Flow, annotator: string, prefer?: (e: PoolEntry) => boolean): Promise<PoolEntry> {
    if (this.#closed) return Promise.reject(new Error('query pool closed'));
    const entry = this.#claim(flow, annotator, prefer);
    this.#fill(flow);
    if (entry) return Promise.resolve(entry);
    return new Promise((resolve, reject) => {
      list(this.#waiters, flow).push({ annotator, resolve, reject });
    });
  }

  /** Gives an unlabelled query back (its annotator left): it is next in line for others. */
  release(entry: PoolEntry, annotator: string): void {
    if (!entry.assigned.delete(annotator) || this.#closed) return;
    const ready = list(this.#ready, entry.query.flow);
    if (!ready.includes(entry)) ready.unshift(entry);
    this.#serveWaiters(entry.query.flow);
  }

  close(): void {
    this.#closed = true;
    for (const ws of this.#waiters.values()) for (const w of ws) w.reject(new Error('query pool closed'));
    this.#waiters.clear();
  }

  #claim(flow: Flow, annotator: string, prefer?: (e: PoolEntry) => boolean): PoolEntry | undefined {
    const ready = list(this.#ready, flow);
    const free = (e: PoolEntry) => !e.assigned.has(annotator);
    const preferred = prefer ? ready.findIndex((e) => free(e) && prefer(e)) : -1;
    const i = preferred >= 0 ? preferred : ready.findIndex(free);
    if (i < 0) return undefined;
    const entry = ready[i];
    entry.assigned.add(annotator);
    if (entry.assigned.size >= this.opts.redundancy) ready.splice(i, 1);
    return entry;
  }

  #fill(flow: Flow): void {
    if (this.#closed) return;
    // One query serves `redundancy` annotators: preparing one per waiter piled up unused queries.
    const want = this.opts.ahead + Math.ceil(list(this.#waiters, flow).length / this.opts.redundancy);
    while (this.readyCount(flow) + (this.#inFlight.get(flow) ?? 0) < want) {
      this.#inFlight.set(flow, (this.#inFlight.get(flow) ?? 0) + 1);
      this.prepare(flow).then(
        (query) => {
          this.#inFlight.set(flow, this.#inFlight.get(flow)! - 1);
          if (this.#closed) return;
          list(this.#ready, flow).push({ id: this.#nextId++, query, assigned: new Set(), dbQueryId: null });
          this.#serveWaiters(flow);
          this.#fill(flow);
        },
        (e: Error) => {
          this.#inFlight.set(flow, this.#inFlight.get(flow)! - 1);
          if (this.#closed) return;
          this.opts.onError?.(e);
          setTimeout(() => this.#fill(flow), 200).unref();
        },
      );
    }
  }

  #serveWaiters(flow: Flow): void {
    const waiters = list(this.#waiters, flow);
    for (let i = 0; i < waiters.length; i++) {
      const entry = this.#claim(flow, waiters[i].annotator);
      if (!entry) continue;
      const [w] = waiters.splice(i--, 1);
      w.resolve(entry);
    }
  }
}

function list<T>(m: Map<Flow, T[]>, flow: Flow): T[] {
  let l = m.get(flow);
  if (!l) m.set(flow, (l = []));
  return l;
}

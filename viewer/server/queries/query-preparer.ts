/** Main-thread handle on the rollout worker: `prepare(flow)` resolves with a rolled-out query. */
import type { Worker } from 'node:worker_threads';
import type { Flow } from '../../protocol/index.ts';
import { spawnTsWorker } from '../workers/spawn.ts';
import { CANDIDATE_SOURCE_NAMES } from './candidate-source.ts';
import type { PreparedQuery } from './prepared-query.ts';
import type {
  LiveModelRef,
  PrepareReply,
  PrepareRequest,
  ReplayRequest,
  RolloutWorkerData,
} from './rollout-messages.ts';
import type { StoredQuerySpec } from './stored-replay.ts';

export class QueryPreparer {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (q: PreparedQuery) => void; reject: (e: Error) => void }>();
  #next = 1;
  #closed = false;
  readonly ready: Promise<void>;
  /** The candidate source the worker opened (`auto` resolved), once ready. */
  source: { name: string; detail: string } | null = null;

  constructor(data: RolloutWorkerData) {
    if (!(CANDIDATE_SOURCE_NAMES as readonly string[]).includes(data.source)) {
      throw new Error(
        `serve: field candidates: unknown candidate source "${data.source}"; accepted: ` +
          `${CANDIDATE_SOURCE_NAMES.join(', ')}`,
      );
    }
    this.#worker = spawnTsWorker(new URL('./rollout-worker.ts', import.meta.url), { ...data });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: unknown) => {
        const hello = m as { ready?: boolean; source?: { name: string; detail: string }; closed?: boolean };
        if (hello.ready) {
          this.source = hello.source ?? null;
          resolve();
          return;
        }
        if (hello.closed) return;
        const r = m as PrepareReply;
        const p = this.#pending.get(r.id);
        if (!p) return;
        this.#pending.delete(r.id);
        if (r.ok) p.resolve(r.query);
        else p.reject(new Error(`rollout: ${r.error}`));
      };
      this.#worker.on('message', onMessage);
      this.#worker.on('error', (e) => {
        reject(e);
        for (const p of this.#pending.values()) p.reject(e);
        this.#pending.clear();
      });
    });
    this.ready.catch(() => undefined);
  }

  /** A query of `flow`; `model` is the live model the selector scores with (null: none yet). */
  prepare(flow: Flow, model: LiveModelRef | null = null): Promise<PreparedQuery> {
    if (this.#closed) return Promise.reject(new Error('rollout worker closed'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, flow, model } satisfies PrepareRequest);
    });
  }

  /** A stored query rolled out again from its state (a past label's replay). */
  replay(spec: StoredQuerySpec): Promise<PreparedQuery> {
    if (this.#closed) return Promise.reject(new Error('rollout worker closed'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, replay: spec } satisfies ReplayRequest);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pending.values()) p.reject(new Error('rollout worker closed'));
    this.#pending.clear();
    // Let the worker free its ONNX sessions and Rapier world; terminate if it does not answer.
    const w = this.#worker;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 3000);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      w.once('exit', done);
      w.on('message', (m: { closed?: boolean }) => {
        if (m.closed) done();
      });
      try {
        w.postMessage({ close: true });
      } catch {
        done();
      }
    });
    await w.terminate();
  }
}

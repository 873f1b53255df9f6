/** Main-thread handle on the rollout worker: `prepare(flow)` resolves with a rolled-out query. */
import type { Worker } from 'node:worker_threads';
import type { Flow } from '../../protocol/index.ts';
import { spawnTsWorker } from '../workers/spawn.ts';
import { CANDIDATE_SOURCES } from './candidate-source.ts';
import type { PreparedQuery } from './prepared-query.ts';
import type { PrepareReply, RolloutWorkerData } from './rollout-messages.ts';

export class QueryPreparer {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (q: PreparedQuery) => void; reject: (e: Error) => void }>();
  #next = 1;
  #closed = false;
  readonly ready: Promise<void>;

  constructor(data: RolloutWorkerData) {
    if (!(data.source in CANDIDATE_SOURCES)) {
      throw new Error(`serve: field candidates: unknown candidate source "${data.source}"; accepted: ${Object.keys(CANDIDATE_SOURCES).join(', ')}`);
    }
    this.#worker = spawnTsWorker(new URL('./rollout-worker.ts', import.meta.url), { ...data });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if ((m as { ready?: boolean }).ready) { resolve(); return; }
        const r = m as PrepareReply;
        const p = this.#pending.get(r.id);
        if (!p) return;
        this.#pending.delete(r.id);
        if (r.ok) p.resolve(r.query); else p.reject(new Error(`rollout: ${r.error}`));
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

  prepare(flow: Flow): Promise<PreparedQuery> {
    if (this.#closed) return Promise.reject(new Error('rollout worker closed'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, flow });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pending.values()) p.reject(new Error('rollout worker closed'));
    this.#pending.clear();
    await this.#worker.terminate();
  }
}

/**
 * The loop's collection worker threads, booted when a round first needs them and kept for the
 * rest of the run: booting a worker (tsx, Rapier, ORT, the policy) costs seconds, which each round
 * paid again while the main thread waited. Workers reopen the reward model when its file changes.
 */
import { makeThreadPool, type ThreadPool } from '../threads/thread-pool.ts';
import type { EpisodeJob, StoredPart } from './collect-episode.ts';

export interface CollectWorkers {
  /** Worker threads the pool has (1: collection stays in the main thread). */
  readonly threads: number;
  /** The pool, booted on first call. */
  pool(): ThreadPool<EpisodeJob, StoredPart[]>;
  /** Ends the workers, if booted. */
  close(): Promise<void>;
}

export function collectWorkers(threads: number): CollectWorkers {
  let pool: ThreadPool<EpisodeJob, StoredPart[]> | null = null;
  return {
    threads,
    pool: () => {
      pool ??= makeThreadPool<EpisodeJob, StoredPart[]>(new URL('./collect-episode.ts', import.meta.url), threads);
      return pool;
    },
    close: async () => {
      const p = pool;
      pool = null;
      await p?.close();
    },
  };
}

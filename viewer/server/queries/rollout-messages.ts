/** Messages between the server and its rollout worker (same process, structured clone). */
import type { Flow } from '../../protocol/index.ts';
import type { PreparedQuery } from './prepared-query.ts';

export interface RolloutWorkerData {
  task: string;
  seed: number;
  /** `auto` or a key of CANDIDATE_SOURCES. */
  source: string;
  /** redis://HOST:PORT: roll candidates out on `prefsim worker`s through the queue; null: here. */
  queue?: string | null;
}

export interface PrepareRequest {
  id: number;
  flow: Flow;
}

export type PrepareReply = { id: number; ok: true; query: PreparedQuery } | { id: number; ok: false; error: string };

/** Messages between the server and its rollout worker (same process, structured clone). */
import type { SelectorName } from '../../../reward/selection/index.ts';
import type { Flow } from '../../protocol/index.ts';
import type { PreparedQuery } from './prepared-query.ts';
import type { StoredQuerySpec } from './stored-replay.ts';

export interface RolloutWorkerData {
  task: string;
  /** First seed when `seeds` is absent (tests that build a worker alone). */
  seed: number;
  /**
   * Where episode seeds come from: the worker opens the store at `dbPath` and reserves each new
   * episode's seed there (continuing after every seed the store has seen, across restarts and
   * processes), or counts up from `first` when given, noting each seed so later runs skip it.
   * `dbPath` null (an in-memory store): count up from `first ?? seed`.
   */
  seeds?: { dbPath: string | null; first: number | null };
  /** `auto` or a key of CANDIDATE_SOURCES. */
  source: string;
  /** redis://HOST:PORT: roll candidates out on `prefsim worker`s through the queue; null: here. */
  queue?: string | null;
  /** Query selection with the live model (uniform while there is none); default uniform. */
  selector?: SelectorName;
  /** The selector picks from K · oversample candidates; default 1. */
  oversample?: number;
  /** Outcomes closer than this (metres) are drawn again; default 0 (off). */
  minOutcomeDistance?: number;
}

/** The registered live model the selector scores with (the worker opens its file once). */
export interface LiveModelRef {
  id: string;
  path: string;
}

export interface PrepareRequest {
  id: number;
  flow: Flow;
  model?: LiveModelRef | null;
}

/** Roll a stored query out again (`replayStoredQuery`), for the label browser. */
export interface ReplayRequest {
  id: number;
  replay: StoredQuerySpec;
}

export type PrepareReply = { id: number; ok: true; query: PreparedQuery } | { id: number; ok: false; error: string };

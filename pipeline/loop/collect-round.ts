/**
 * One round's collection, resumable bit for bit (issue 17 §7). Query q of a round is the
 * (q mod Q_s)-th query along the episode of scene seed `sceneSeed(…, round, ⌊q / Q_s⌋)` (scene-seeds.ts)
 * and draws from its own rng, so where a killed run stopped does not change what comes next. A resumed episode
 * is brought back to where it was by replaying its last stored query's first shown candidate from
 * the stored snapshot (the physics is deterministic). Each label's id is saved with the loop
 * state in the label's own transaction, so the loop always knows exactly which labels are its own.
 */
import {
  collectQuery,
  runCandidate,
  storeTeacherLabel,
  type CollectStages,
  type Label,
  type PreferenceStore,
} from '../../reward/index.ts';
import { getTask, Scene } from '../../sim/index.ts';
import type { ThreadPool } from '../threads/thread-pool.ts';
import type { EpisodeJob, StoredPart } from './collect-episode.ts';
import { queryRng } from './query-rng.ts';
import { QUERIES_PER_SCENE, sceneSeed, type SceneSeedLayout } from './scene-seeds.ts';

export { QUERIES_PER_SCENE } from './scene-seeds.ts';

export interface RoundCollection {
  task: string;
  runSeed: number;
  /** How scene seeds are laid out (the run's, saved in its loop state), and the run's queries per round. */
  seedLayout: SceneSeedLayout;
  queriesPerRound: number;
  round: number;
  /** Queries of this round already stored, and the round's target (queries per round). */
  done: number;
  total: number;
  candidates: number;
  oversample: number;
  /** Label id of the last stored query of this round (to resume mid-episode), or null. */
  lastLabel: number | null;
  /** Write each outcome's frames as an episode file here (RAPL trains on them), or null. */
  framesDir: string | null;
}

/**
 * Collects queries `done`..`total − 1` of the round. `committed(result ids)` runs inside each
 * query's store transaction (record the label as the run's own there).
 */
export async function collectRound(
  store: PreferenceStore,
  stages: Omit<CollectStages, 'store'>,
  c: RoundCollection,
  committed: (labelId: number) => void,
  onQuery?: (done: number, label: Label) => void,
): Promise<void> {
  const task = getTask(c.task);
  const tx = transactional(store, committed);
  let scene: Scene | null = null;
  try {
    for (let q = c.done; q < c.total; q++) {
      const within = q % QUERIES_PER_SCENE;
      const seed = sceneSeed(c.seedLayout, c.runSeed, c.queriesPerRound, c.round, Math.floor(q / QUERIES_PER_SCENE));
      if (within === 0 || scene === null) {
        scene?.free();
        scene = Scene.create(task, seed);
        if (within > 0) replayLast(store, scene, c.lastLabel);
      }
      const r = await collectQuery(
        scene,
        { ...stages, store: tx },
        { candidates: c.candidates, oversample: c.oversample, framesDir: c.framesDir },
        queryRng(seed, within),
      );
      if (r.runs.length > 0) scene.restore(r.runs[0].after);
      onQuery?.(q + 1, r.label);
    }
  } finally {
    scene?.free();
  }
}

/** What a worker thread needs to run the round's queries: files and names, not open objects. */
export type EpisodeInputs = Omit<
  EpisodeJob,
  'task' | 'seed' | 'from' | 'to' | 'start' | 'candidates' | 'oversample' | 'framesDir'
>;

/**
 * `collectRound` with each scene's episode on a worker thread of `pool`. At most `window` episodes
 * run ahead of the one being stored; results are stored in query order, so the store, the label
 * ids and a resumed run are the same as with one thread. `modelId` is recorded as live.
 */
export async function collectRoundOnThreads(
  store: PreferenceStore,
  pool: ThreadPool<EpisodeJob, StoredPart[]>,
  inputs: EpisodeInputs,
  modelId: string | undefined,
  c: RoundCollection,
  window: number,
  committed: (labelId: number) => void,
  onQuery?: (done: number, label: Label) => void,
): Promise<void> {
  if (c.done >= c.total) return;
  const tx = transactional(store, committed);
  const first = Math.floor(c.done / QUERIES_PER_SCENE),
    last = Math.floor((c.total - 1) / QUERIES_PER_SCENE);
  const job = (e: number): EpisodeJob => {
    const seed = sceneSeed(c.seedLayout, c.runSeed, c.queriesPerRound, c.round, e);
    const from = e === first ? c.done % QUERIES_PER_SCENE : 0;
    return {
      ...inputs,
      task: c.task,
      seed,
      from,
      to: Math.min(QUERIES_PER_SCENE, c.total - e * QUERIES_PER_SCENE),
      start: from > 0 ? resumeSnapshot(store, c.task, seed, c.lastLabel) : null,
      candidates: c.candidates,
      oversample: c.oversample,
      framesDir: c.framesDir,
    };
  };
  const running = new Map<number, Promise<StoredPart[]>>();
  let next = first;
  let done = c.done;
  try {
    for (let e = first; e <= last; e++) {
      for (; next <= last && running.size < Math.max(1, window); next++) {
        const p = pool.run(job(next));
        p.catch(() => {}); // awaited below in order; an early failure must not go unhandled meanwhile
        running.set(next, p);
      }
      const parts = await running.get(e)!;
      running.delete(e);
      for (const part of parts) {
        storeTeacherLabel(tx, part, modelId);
        onQuery?.(++done, part.label);
      }
    }
  } finally {
    await Promise.allSettled(running.values());
  }
}

/** The state before the next query of a resumed episode: its last stored query's first candidate run. */
function resumeSnapshot(store: PreferenceStore, task: string, seed: number, lastLabel: number | null): Uint8Array {
  const scene = Scene.create(getTask(task), seed);
  try {
    return lastOutcome(store, scene, lastLabel);
  } finally {
    scene.free();
  }
}

/** Advances a fresh scene to the outcome of the last stored query's first shown candidate. */
function replayLast(store: PreferenceStore, scene: Scene, lastLabel: number | null): void {
  scene.restore(lastOutcome(store, scene, lastLabel));
}

/** The snapshot after the last stored query's first shown candidate, run on `scene` (left anywhere). */
function lastOutcome(store: PreferenceStore, scene: Scene, lastLabel: number | null): Uint8Array {
  if (lastLabel === null)
    throw new Error('loop resume: the round stopped mid-episode but its last label is not recorded in the loop state');
  const query = store.getQuery(store.getLabel(lastLabel).queryId);
  const state = store.getState(query.stateId);
  if (state.seed !== scene.seed)
    throw new Error(`loop resume: label ${lastLabel} belongs to scene seed ${state.seed}, expected ${scene.seed}`);
  return runCandidate(scene, state.snapshot, query.candidates[0]).after;
}

/** The store, with every transaction also running `committed(labelId)` before it commits. */
function transactional(store: PreferenceStore, committed: (labelId: number) => void): PreferenceStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'transaction') {
        return <T>(fn: () => T): T =>
          target.transaction(() => {
            const ids = fn() as { labelId?: number };
            if (typeof ids?.labelId === 'number') committed(ids.labelId);
            return ids as T;
          });
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

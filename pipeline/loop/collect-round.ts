/**
 * One round's collection, resumable bit for bit (issue 17 §7). Query q of a round is the
 * (q mod Q_s)-th query along the episode of scene seed `sceneSeed(round, ⌊q / Q_s⌋)` and draws from
 * its own rng, so where a killed run stopped does not change what comes next. A resumed episode
 * is brought back to where it was by replaying its last stored query's first shown candidate from
 * the stored snapshot (the physics is deterministic). Each label's id is saved with the loop
 * state in the label's own transaction, so the loop always knows exactly which labels are its own.
 */
import { makeRng, seedFor } from '../../core/rng.ts';
import {
  collectQuery, runCandidate, type CollectStages, type PreferenceStore, type QueryResult,
} from '../../reward/index.ts';
import { getTask, Scene } from '../../sim/index.ts';

/** Queries along one episode before a new scene seed (as `prefsim collect`). */
export const QUERIES_PER_SCENE = 4;

/** Collection scene seeds: apart from demo (100000+) and evaluation (900000+) seeds. */
export function sceneSeed(runSeed: number, round: number, scene: number): number {
  return seedFor.loopScene(runSeed, round, scene);
}

/** The rng of one query, from its scene seed and its place along the episode. */
function queryRng(seed: number, within: number) {
  return makeRng(seedFor.loopQuery(seed, within));
}

export interface RoundCollection {
  task: string;
  runSeed: number;
  round: number;
  /** Queries of this round already stored, and the round's target. */
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
  store: PreferenceStore, stages: Omit<CollectStages, 'store'>, c: RoundCollection,
  committed: (labelId: number) => void, onQuery?: (done: number, r: QueryResult) => void,
): Promise<void> {
  const task = getTask(c.task);
  const tx = transactional(store, committed);
  let scene: Scene | null = null;
  try {
    for (let q = c.done; q < c.total; q++) {
      const within = q % QUERIES_PER_SCENE;
      const seed = sceneSeed(c.runSeed, c.round, Math.floor(q / QUERIES_PER_SCENE));
      if (within === 0 || scene === null) {
        scene?.free();
        scene = Scene.create(task, seed);
        if (within > 0) replayLast(store, scene, c.lastLabel);
      }
      const r = await collectQuery(scene, { ...stages, store: tx }, { candidates: c.candidates, oversample: c.oversample, framesDir: c.framesDir }, queryRng(seed, within));
      if (r.runs.length > 0) scene.restore(r.runs[0].after);
      onQuery?.(q + 1, r);
    }
  } finally {
    scene?.free();
  }
}

/** Advances a fresh scene to the outcome of the last stored query's first shown candidate. */
function replayLast(store: PreferenceStore, scene: Scene, lastLabel: number | null): void {
  if (lastLabel === null) throw new Error('loop resume: the round stopped mid-episode but its last label is not recorded in the loop state');
  const query = store.getQuery(store.getLabel(lastLabel).queryId);
  const state = store.getState(query.stateId);
  if (state.seed !== scene.seed) throw new Error(`loop resume: label ${lastLabel} belongs to scene seed ${state.seed}, expected ${scene.seed}`);
  scene.restore(runCandidate(scene, state.snapshot, query.candidates[0]).after);
}

/** The store, with every transaction also running `committed(labelId)` before it commits. */
function transactional(store: PreferenceStore, committed: (labelId: number) => void): PreferenceStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'transaction') {
        return <T>(fn: () => T): T => target.transaction(() => {
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

/**
 * Collects demonstrations from a task's scripted expert: episodes from seeded initial states,
 * recording at each state the observation and k alternative expert actions, then executing one
 * of them at random (so visited states cover several modes). METHODS.md §1. An episode whose
 * expert throws (an invalid action) ends at that state; `info.expertFailures` counts them.
 */
import { makeRng, seedFor } from '../../core/rng.ts';
import { Scene, worldOrigin, type TaskSpec } from '../../sim/index.ts';
import type { Action } from '../../sim/types.ts';
import { actionsToRows, ACTION_DIM } from '../action-codec.ts';
import type { DemoSet } from './demo-set.ts';

export interface CollectOptions {
  /** S, states to record. */
  states: number;
  /** k alternatives per state (paper up to 10). Default 4. */
  alternatives?: number;
  /** P points per observation. Default 256. */
  points?: number;
  /** Seeds episodes (initial state seeds are 100000 + 1000·seed + episode, apart from evaluation seeds). */
  seed?: number;
  /** Actions per episode at most. Default the task's step limit. */
  episodeSteps?: number;
  /** Called after each recorded state. */
  onProgress?: (done: number, total: number) => void;
}

/** Initial-state seed of demo episode `e` (kept apart from evaluation seeds 0…9999). */
export function demoEpisodeSeed(seed: number, e: number): number {
  return seedFor.demoEpisode(seed, e);
}

/** Runs the expert and records S states. Rapier must be initialised (`initPhysics`). */
export async function collectDemos(task: TaskSpec, opts: CollectOptions): Promise<DemoSet> {
  const S = opts.states,
    k = opts.alternatives ?? 4,
    P = opts.points ?? 256,
    seed = opts.seed ?? 0;
  const limit = opts.episodeSteps ?? task.maxSteps;
  const obs = new Float32Array(S * P * 3),
    origin = new Float32Array(S * 3),
    actions = new Float32Array(S * k * ACTION_DIM);
  const rng = makeRng(seed);
  let lastFailure = '';
  let s = 0,
    episodes = 0,
    expertFailures = 0;
  while (s < S) {
    if (expertFailures > Math.max(10, episodes / 2))
      throw new Error(
        `collectDemos ${task.id}: the expert failed in ${expertFailures} of ${episodes} episodes; last: ${lastFailure}`,
      );
    const scene = Scene.create(task, demoEpisodeSeed(seed, episodes++));
    try {
      for (let step = 0; step < limit && s < S && !scene.succeeded(); step++) {
        const o = scene.observe(P, rng);
        let alts: Action[];
        try {
          alts = task.expert(scene, rng, k);
        } catch (e) {
          // An expert can propose an invalid action (e.g. a fling at a cloth corner that lies
          // outside the workspace); the episode ends there and the next one starts.
          expertFailures++;
          lastFailure = e instanceof Error ? e.message : String(e);
          break;
        }
        obs.set(o.points, s * P * 3);
        origin.set(worldOrigin(o), s * 3);
        actions.set(actionsToRows(alts), s * k * ACTION_DIM);
        s++;
        opts.onProgress?.(s, S);
        scene.apply(alts[rng.int(alts.length)]);
        await new Promise((r) => setImmediate(r)); // let progress bars draw
      }
    } finally {
      scene.free();
    }
  }
  return {
    task: task.id,
    states: S,
    points: P,
    alternatives: k,
    obs,
    origin,
    actions,
    info: { seed, episodes, episodeSteps: limit, expertFailures },
  };
}

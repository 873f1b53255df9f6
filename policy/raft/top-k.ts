/**
 * RAFT's data step (issue 19 §2): roll-in episodes from seeded initial states; at each state
 * sample N candidates, score them with the reward, keep the top k (best first), and execute the
 * best one to reach the next state. The kept set is a `DemoSet` with k alternatives per state,
 * so the policy trainer reads it as it reads expert demos. Rapier must be initialised.
 *
 * Dimension letters: M states, P points, N candidates, k kept, Da = 6.
 */
import { makeRng } from '../../core/rng.ts';
import { Scene, worldOrigin, type Action, type Observation, type TaskSpec } from '../../sim/index.ts';
import { ACTION_DIM, actionsToRows } from '../action-codec.ts';
import type { DemoSet } from '../demos/demo-set.ts';
import type { Policy } from '../policy.ts';
import { raftEpisodeSeed, type RaftConfig } from './raft-config.ts';

/**
 * Scores N candidates of the state `obs` of `scene` (higher is better): a reward model's
 * `score`, or a look-ahead reward that tries them from the scene (it must restore the scene).
 */
export type RaftScorer = (scene: Scene, obs: Observation, actions: Action[]) => Promise<ArrayLike<number>>;

export interface TopKResult {
  /** The kept actions: M states × k alternatives, best first. */
  kept: DemoSet;
  /** Mean score of all N candidates, and of the kept k, over the M states. */
  meanScoreAll: number;
  meanScoreKept: number;
  /** With a `truth` scorer: the same two means under it (e.g. the true return), else null. */
  truthAll: number | null;
  truthKept: number | null;
  episodes: number;
}

/** Indices of the k largest scores, largest first (first index on ties). Pure. */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, Math.min(k, scores.length));
}

/**
 * M states of roll-in episodes with their top-k candidates; observations of P points. `truth`
 * (optional, e.g. the privileged true return) is only measured, never used to choose.
 */
export async function collectTopK(
  task: TaskSpec,
  policy: Policy,
  score: RaftScorer,
  cfg: RaftConfig,
  P: number,
  onState?: (done: number, total: number) => void,
  truth?: RaftScorer,
): Promise<TopKResult> {
  const M = cfg.states,
    k = cfg.keep;
  const obsAll = new Float32Array(M * P * 3),
    origin = new Float32Array(M * 3),
    actions = new Float32Array(M * k * ACTION_DIM);
  const rng = makeRng(cfg.seed * 2654435761 + 7);
  let s = 0,
    episodes = 0,
    sumAll = 0,
    sumKept = 0,
    truthAll = 0,
    truthKept = 0;
  while (s < M) {
    const scene = Scene.create(task, raftEpisodeSeed(cfg.seed, episodes++));
    try {
      for (let step = 0; step < cfg.episodeSteps && s < M && !scene.succeeded(); step++) {
        const obs = scene.observe(P, rng.fork());
        const cands = await policy.sample(obs, cfg.candidates, rng.fork());
        const scores = await score(scene, obs, cands);
        const best = topK(scores, k);
        obsAll.set(obs.points, s * P * 3);
        origin.set(worldOrigin(obs), s * 3);
        actions.set(actionsToRows(best.map((i) => cands[i])), s * k * ACTION_DIM);
        for (let i = 0; i < scores.length; i++) sumAll += scores[i] / scores.length;
        for (const i of best) sumKept += scores[i] / k;
        if (truth) {
          const t = await truth(scene, obs, cands);
          for (let i = 0; i < t.length; i++) truthAll += t[i] / t.length;
          for (const i of best) truthKept += t[i] / k;
        }
        s++;
        onState?.(s, M);
        scene.apply(cands[best[0]]);
      }
    } finally {
      scene.free();
    }
  }
  const kept: DemoSet = {
    task: task.id,
    states: M,
    points: P,
    alternatives: k,
    obs: obsAll,
    origin,
    actions,
    info: { raftSeed: cfg.seed, episodes, candidates: cfg.candidates, keep: k },
  };
  return {
    kept,
    meanScoreAll: sumAll / M,
    meanScoreKept: sumKept / M,
    episodes,
    truthAll: truth ? truthAll / M : null,
    truthKept: truth ? truthKept / M : null,
  };
}

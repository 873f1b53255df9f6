/**
 * A reward model as a scorer of candidates in a live scene (what RAFT's data step calls):
 * explicit and implicit rewards score the observation; RAPL scores each candidate's rollout,
 * tried from the scene's state and restored (privileged look-ahead, as in `prefsim eval`).
 */
import type { Scene } from '../../sim/index.ts';
import type { Action, Observation } from '../../sim/types.ts';
import { lookaheadRollout, RaplRewardModel, type RewardModel } from '../models/index.ts';

export type SceneScorer = (scene: Scene, obs: Observation, actions: Action[]) => Promise<Float32Array>;

export function sceneScorer(model: RewardModel, seed = 0): SceneScorer {
  let current: Scene | null = null;
  if (model instanceof RaplRewardModel) model.setRollout(lookaheadRollout(() => current!, model.config, seed));
  return (scene, obs, actions) => {
    current = scene;
    return model.score(obs, actions);
  };
}

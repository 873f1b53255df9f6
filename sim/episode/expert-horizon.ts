import { makeRng } from '../../core/rng.ts';
import type { Scene } from '../scene/scene.ts';

/**
 * Per-step task rewards of `steps` further expert steps from the state in `snapshot`
 * (privileged: the expert may look ahead). Once the task succeeds the episode would end, so the
 * remaining entries repeat that step's reward. The expert's randomness is seeded by the scene
 * seed and `salt` only, so every candidate of one query is followed up alike. The scene is left
 * at the end of the rollout; restore it as needed.
 */
export function expertRewardsAfter(scene: Scene, snapshot: Uint8Array, steps: number, salt = 0): number[] {
  if (!(Number.isInteger(steps) && steps >= 0))
    throw new Error(`horizon steps: expected an integer ≥ 0, found ${steps}`);
  scene.restore(snapshot);
  const rng = makeRng(scene.seed * 1009 + salt);
  const rewards: number[] = [];
  let metrics = scene.metrics();
  while (rewards.length < steps) {
    if (scene.succeeded(metrics)) {
      rewards.push(scene.reward(metrics));
      continue;
    }
    metrics = scene.apply(scene.task.expert(scene, rng, 1)[0]).metrics;
    rewards.push(scene.reward(metrics));
  }
  return rewards;
}

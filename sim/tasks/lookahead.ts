import type { Scene } from '../scene/scene.ts';
import type { Action } from '../types.ts';

/**
 * Ranks candidate actions by the task reward each one reaches, simulated from a snapshot of the
 * current state (privileged look-ahead, as a scripted expert may use). The scene is left as it
 * was. Returns `k` actions, best first, repeating the ranking when k exceeds the candidates.
 */
export function rankByLookahead(scene: Scene, candidates: Action[], k: number): Action[] {
  const snap = scene.snapshot();
  const scored = candidates.map((action) => {
    const reward = scene.reward(scene.apply(action).metrics);
    scene.restore(snap);
    return { action, reward };
  });
  scored.sort((a, b) => b.reward - a.reward);
  return Array.from({ length: k }, (_, i) => scored[i % scored.length].action);
}

import type { Action } from '../types.ts';
import type { TaskScene } from './task-spec.ts';

/**
 * Ranks candidate actions by the task reward each one reaches, simulated from a snapshot of the
 * current state (privileged look-ahead, as a scripted expert may use). The scene is left as it
 * was. Returns `k` actions, best first, repeating the ranking when k exceeds the candidates.
 * `fallback` candidates are tried too when none of the first ones improves on the current state.
 */
export function rankByLookahead(
  scene: TaskScene, candidates: Action[], k: number, fallback: () => Action[] = () => [],
): Action[] {
  const snap = scene.snapshot();
  const score = (action: Action) => {
    const reward = scene.reward(scene.apply(action).metrics);
    scene.restore(snap);
    return { action, reward };
  };
  const scored = candidates.map(score);
  // When every candidate makes things worse, look further (the fallback costs time only then).
  const now = scene.reward();
  if (Math.max(...scored.map((s) => s.reward)) < now) scored.push(...fallback().map(score));
  scored.sort((a, b) => b.reward - a.reward);
  return Array.from({ length: k }, (_, i) => scored[i % scored.length].action);
}

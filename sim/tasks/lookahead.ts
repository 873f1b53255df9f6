import type { Action, Metrics } from '../types.ts';
import type { TaskScene } from './task-spec.ts';

/**
 * Ranks candidate actions by the task reward each one reaches, simulated from a snapshot of the
 * current state (privileged look-ahead, as a scripted expert may use). The scene is left as it
 * was. Returns `k` actions, best first, repeating the ranking when k exceeds the candidates.
 * `fallback` candidates are tried too when none of the first ones improves on the current state.
 * `value` scores the metrics (or state) reached (default: the task reward); experts may shape it.
 */
export function rankByLookahead(
  scene: TaskScene,
  candidates: Action[],
  k: number,
  fallback: () => Action[] = () => [],
  value: (m: Metrics) => number = (m) => scene.reward(m),
): Action[] {
  const snap = scene.snapshot();
  const now = value(scene.metrics());
  const score = (action: Action) => {
    const reward = value(scene.apply(action).metrics);
    scene.restore(snap);
    return { action, reward };
  };
  const scored = candidates.map(score);
  // When every candidate makes things worse, look further (the fallback costs time only then).
  if (Math.max(...scored.map((s) => s.reward)) < now) scored.push(...fallback().map(score));
  scored.sort((a, b) => b.reward - a.reward);
  return Array.from({ length: k }, (_, i) => scored[i % scored.length].action);
}

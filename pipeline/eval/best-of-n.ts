/**
 * The best-of-N ceiling (issue 19): every candidate of a decision is run from the decision's
 * snapshot and scored by the task's true return. Privileged: a real robot can execute only one
 * candidate, so this measures what a perfect verifier would pick among the same candidates.
 */
import type { Scene } from '../../sim/index.ts';
import type { Action } from '../../sim/types.ts';

/** The task return each normalised-frame candidate reaches in one step; the scene is left as it was. */
export function candidateReturns(scene: Scene, candidates: Action[]): number[] {
  const snapshot = scene.snapshot();
  try {
    return candidates.map((a) => {
      const r = scene.reward(scene.apply(a).metrics);
      scene.restore(snapshot);
      return r;
    });
  } finally {
    scene.restore(snapshot);
  }
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Per-decision regret of choosing `chosen`: the best return minus the chosen one (≥ 0). */
export function regretOf(returns: number[], chosen: number): number {
  return returns[argmax(returns)] - returns[chosen];
}

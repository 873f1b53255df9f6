/**
 * RAFT's training set: every kept (state, action) row, plus rows drawn from the original expert
 * demos so that a fraction `demoWeight` of the set is demonstrations (what keeps the fine-tuned
 * policy close to the reference). Both sets are flattened to one action per row, a `DemoSet`
 * with k = 1, so the policy trainer needs no change. Pure (randomness from `rng`).
 *
 * Dimension letters: R rows, P points, k alternatives, Da = 6.
 */
import type { Rng } from '../../core/rng.ts';
import { ACTION_DIM } from '../action-codec.ts';
import type { DemoSet } from '../demos/demo-set.ts';

/** Demo rows needed beside `keptRows` for a demo fraction `w` (w < 1). */
export function demoRowsFor(keptRows: number, w: number): number {
  return Math.round((keptRows * w) / (1 - w));
}

/** Copies alternative `alt` of state `state` of `d` into row `r` of `out`. */
function row(d: DemoSet, state: number, alt: number, out: DemoSet, r: number): void {
  const P = d.points;
  out.obs.set(d.obs.subarray(state * P * 3, (state + 1) * P * 3), r * P * 3);
  out.origin.set(d.origin.subarray(state * 3, state * 3 + 3), r * 3);
  const a = (state * d.alternatives + alt) * ACTION_DIM;
  out.actions.set(d.actions.subarray(a, a + ACTION_DIM), r * ACTION_DIM);
}

/**
 * The mixed set: all of `kept` (every state × alternative) then `demoRowsFor` rows of `demos`,
 * each a uniformly drawn state and alternative (without replacement while rows remain).
 */
export function mixWithDemos(
  kept: DemoSet,
  demos: DemoSet | null,
  w: number,
  rng: Rng,
): { mixed: DemoSet; keptRows: number; demoRows: number } {
  if (demos && demos.points !== kept.points) {
    throw new Error(`raft: demos have ${demos.points} points per observation, the sampled states ${kept.points}`);
  }
  if (demos && demos.task !== kept.task)
    throw new Error(`raft: demos are for task ${demos.task}, the policy for ${kept.task}`);
  const keptRows = kept.states * kept.alternatives;
  const demoRows = demos && w > 0 ? demoRowsFor(keptRows, w) : 0;
  const R = keptRows + demoRows,
    P = kept.points;
  const mixed: DemoSet = {
    task: kept.task,
    states: R,
    points: P,
    alternatives: 1,
    obs: new Float32Array(R * P * 3),
    origin: new Float32Array(R * 3),
    actions: new Float32Array(R * ACTION_DIM),
    info: { ...kept.info, keptRows, demoRows, demoWeight: w },
  };
  let r = 0;
  for (let s = 0; s < kept.states; s++) for (let j = 0; j < kept.alternatives; j++) row(kept, s, j, mixed, r++);
  if (demos && demoRows > 0) {
    const total = demos.states * demos.alternatives;
    let pool: number[] = [];
    for (let i = 0; i < demoRows; i++) {
      if (pool.length === 0) pool = Array.from({ length: total }, (_, x) => x);
      const x = pool.splice(rng.int(pool.length), 1)[0];
      row(demos, Math.floor(x / demos.alternatives), x % demos.alternatives, mixed, r++);
    }
    // The original demos' provenance travels on, so a RAFT policy fine-tuned again finds them.
    const origin = { ...demos.info, states: demos.states, alternatives: demos.alternatives, points: demos.points };
    for (const [key, v] of Object.entries(origin)) mixed.info[`demo.${key}`] = v;
  }
  return { mixed, keptRows, demoRows };
}

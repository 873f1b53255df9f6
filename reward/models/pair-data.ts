/**
 * Training pairs for explicit reward models, independent of the store: each pair refers to a
 * state's point cloud and holds two actions and a target y = P(A ≻ B).
 */
import type { Rng } from '../../core/rng.ts';
import { rotateXY } from '../../policy/demos/augment.ts';
import type { Action } from '../../sim/types.ts';
import { ACTION_DIMS, CANDIDATE_DIMS, samplePointsInto, writeAction } from './features.ts';

export interface PairData {
  /** Normalised point clouds of the states, each [N_s, 3]. */
  states: Float32Array[];
  /** World origin of each state in its normalised frame (−center/scale): [S, 3]. */
  origins: Float32Array;
  /** State index of each pair: [P]. */
  stateOf: Int32Array;
  /** Candidate A of each pair: [P, 6]. */
  a: Float32Array;
  /** Candidate B of each pair: [P, 6]. */
  b: Float32Array;
  /** Targets y ∈ {1, 0, 0.5}: [P]. */
  y: Float32Array;
}

/** Number of pairs. */
export function pairCount(d: PairData): number {
  return d.y.length;
}

/**
 * Builds `PairData` from pairs of (state index, A, B, y). `origins` [S, 3] places each state on
 * the table; zeros (every state centred on the world origin) suit data with no world frame.
 */
export function makePairData(
  states: Float32Array[],
  pairs: { state: number; a: Action; b: Action; y: number }[],
  origins = new Float32Array(states.length * 3),
): PairData {
  if (origins.length !== states.length * 3)
    throw new Error(
      `makePairData: field origins: expected ${states.length * 3} numbers ([S, 3]), found ${origins.length}`,
    );
  const n = pairs.length;
  const d: PairData = {
    states,
    origins,
    stateOf: new Int32Array(n),
    a: new Float32Array(n * ACTION_DIMS),
    b: new Float32Array(n * ACTION_DIMS),
    y: new Float32Array(n),
  };
  pairs.forEach((p, i) => {
    if (p.state < 0 || p.state >= states.length)
      throw new Error(`makePairData: pair ${i}: field state: expected 0..${states.length - 1}, found ${p.state}`);
    if (p.y !== 0 && p.y !== 0.5 && p.y !== 1)
      throw new Error(`makePairData: pair ${i}: field y: expected 0, 0.5 or 1, found ${p.y}`);
    d.stateOf[i] = p.state;
    writeAction(p.a, d.a, i * ACTION_DIMS);
    writeAction(p.b, d.b, i * ACTION_DIMS);
    d.y[i] = p.y;
  });
  return d;
}

/** The subset of pairs at `idx` (same states). */
export function subsetPairs(d: PairData, idx: ArrayLike<number>): PairData {
  const n = idx.length;
  const out: PairData = {
    states: d.states,
    origins: d.origins,
    stateOf: new Int32Array(n),
    a: new Float32Array(n * ACTION_DIMS),
    b: new Float32Array(n * ACTION_DIMS),
    y: new Float32Array(n),
  };
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    out.stateOf[k] = d.stateOf[i];
    out.a.set(d.a.subarray(i * ACTION_DIMS, (i + 1) * ACTION_DIMS), k * ACTION_DIMS);
    out.b.set(d.b.subarray(i * ACTION_DIMS, (i + 1) * ACTION_DIMS), k * ACTION_DIMS);
    out.y[k] = d.y[i];
  }
  return out;
}

/**
 * Feeds for pairs `idx`: points [b, n, 3] (fresh subsample per call), candidates [b, 2, 9]
 * (action, origin), y [b, 1]. With `rotate`, each pair turns about z by a random angle, points,
 * actions and origin together (only for tasks whose goal is rotation-invariant).
 */
export function pairBatch(
  d: PairData,
  idx: ArrayLike<number>,
  nPoints: number,
  rng: Rng,
  rotate = false,
): { points: Float32Array; actions: Float32Array; y: Float32Array } {
  const b = idx.length;
  const points = new Float32Array(b * nPoints * 3); // [b, N, 3]
  const actions = new Float32Array(b * 2 * CANDIDATE_DIMS); // [b, 2, 9]
  const y = new Float32Array(b); // [b, 1]
  for (let k = 0; k < b; k++) {
    const i = idx[k],
      s = d.stateOf[i];
    samplePointsInto(d.states[s], nPoints, rng, points, k * nPoints);
    const origin = d.origins.subarray(3 * s, 3 * s + 3);
    for (const [c, src] of [
      [0, d.a],
      [1, d.b],
    ] as const) {
      const at = (k * 2 + c) * CANDIDATE_DIMS;
      actions.set(src.subarray(i * ACTION_DIMS, (i + 1) * ACTION_DIMS), at);
      actions.set(origin, at + ACTION_DIMS);
    }
    if (rotate) {
      const theta = rng.uniform(0, 2 * Math.PI);
      rotateXY(points.subarray(k * nPoints * 3, (k + 1) * nPoints * 3), theta);
      rotateXY(actions.subarray(k * 2 * CANDIDATE_DIMS, (k + 1) * 2 * CANDIDATE_DIMS), theta);
    }
    y[k] = d.y[i];
  }
  return { points, actions, y };
}

/** Bootstrap resample of P pair indices with replacement. */
export function bootstrapIndices(p: number, rng: Rng): Int32Array {
  return Int32Array.from({ length: p }, () => rng.int(p));
}

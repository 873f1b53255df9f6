/**
 * Tensors fed to reward networks: observation points subsampled to a fixed N, and per candidate
 * 9 numbers: the action (p0, p1) in the normalised frame (METHODS §1), then the world origin in
 * that frame (−center/scale). The frame is centred on the object, so without the origin a
 * reward could not tell where a goal or keep-out zone fixed on the table lies (push-T).
 */
import type { Rng } from '../../core/rng.ts';
import type { Action } from '../../sim/types.ts';

/** Action dims: p0 (3) then p1 (3). */
export const ACTION_DIMS = 6;
/** Candidate feature dims: the action, then the world origin (3). */
export const CANDIDATE_DIMS = 9;

/** Writes `a` as [p0, p1] into `out` at `offset`. */
export function writeAction(a: Action, out: Float32Array, offset: number): void {
  out.set(a.p0, offset);
  out.set(a.p1, offset + 3);
}

/** Candidate features [K, 9]: each action followed by the state's world origin. */
export function candidateMatrix(actions: readonly Action[], origin: ArrayLike<number>): Float32Array {
  const out = new Float32Array(actions.length * CANDIDATE_DIMS);
  actions.forEach((a, k) => {
    writeAction(a, out, k * CANDIDATE_DIMS);
    out.set(origin, k * CANDIDATE_DIMS + ACTION_DIMS);
  });
  return out;
}

/**
 * Samples `n` rows of the [N0, 3] cloud into `out` at row `row` (without replacement while
 * n ≤ N0, then cycling), with `rng`.
 */
export function samplePointsInto(cloud: Float32Array, n: number, rng: Rng, out: Float32Array, row = 0): void {
  const n0 = cloud.length / 3;
  if (n0 === 0) throw new Error('samplePointsInto: the observation has no points');
  const order = Int32Array.from({ length: n0 }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const k = i % n0;
    if (k === 0 && i > 0) continue; // cycle in the same shuffled order
    const j = k + rng.int(n0 - k);
    const t = order[k];
    order[k] = order[j];
    order[j] = t;
  }
  for (let i = 0; i < n; i++) {
    const src = order[i % n0] * 3;
    out.set(cloud.subarray(src, src + 3), (row + i) * 3);
  }
}

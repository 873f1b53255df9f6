/**
 * Actions as 6-number rows (p0, p1) in the normalised observation frame, and the min–max map
 * of those rows to the [-1, 1] space the diffusion model works in (Diffusion Policy's
 * normaliser, saved with the model). Dimension letters: K candidates, Da = 6.
 */
import type { Action, Primitive } from '../sim/index.ts';

/** Da: the DeformPAM two-point action (METHODS.md §1). */
export const ACTION_DIM = 6;

/** Actions → [K, 6] rows (p0, p1). */
export function actionsToRows(actions: readonly Action[]): Float32Array {
  const out = new Float32Array(actions.length * ACTION_DIM);
  actions.forEach((a, k) => out.set([...a.p0, ...a.p1], k * ACTION_DIM));
  return out;
}

/** [K, 6] rows → actions of `primitive`. */
export function rowsToActions(rows: Float32Array, primitive: Primitive): Action[] {
  const out: Action[] = [];
  for (let k = 0; k < rows.length / ACTION_DIM; k++) {
    const r = rows.subarray(k * ACTION_DIM, (k + 1) * ACTION_DIM);
    out.push({ primitive, p0: [r[0], r[1], r[2]], p1: [r[3], r[4], r[5]] });
  }
  return out;
}

/** Per-dimension range [low, high] of the 6 numbers, mapped to [-1, 1]. */
export interface ActionRange {
  low: number[];
  high: number[];
}

/** The identity range ([-1, 1] on every dim). */
export const UNIT_RANGE: ActionRange = { low: Array(ACTION_DIM).fill(-1), high: Array(ACTION_DIM).fill(1) };

/**
 * Range of demo rows [S, 6], widened by `margin` (fraction of the span, and at least 0.05).
 * With `rotational`, x and y share one symmetric range [-R, R] (R the largest xy radius), so
 * every rotation about z of a demo action stays inside.
 */
export function fitActionRange(rows: Float32Array, opts: { rotational: boolean; margin?: number }): ActionRange {
  const low = Array(ACTION_DIM).fill(Infinity),
    high = Array(ACTION_DIM).fill(-Infinity);
  let r = 0;
  for (let i = 0; i < rows.length; i += ACTION_DIM) {
    for (let d = 0; d < ACTION_DIM; d++) {
      low[d] = Math.min(low[d], rows[i + d]);
      high[d] = Math.max(high[d], rows[i + d]);
    }
    r = Math.max(r, Math.hypot(rows[i], rows[i + 1]), Math.hypot(rows[i + 3], rows[i + 4]));
  }
  if (opts.rotational)
    for (const d of [0, 1, 3, 4]) {
      low[d] = -r;
      high[d] = r;
    }
  const m = opts.margin ?? 0.05;
  for (let d = 0; d < ACTION_DIM; d++) {
    const pad = Math.max(m * (high[d] - low[d]), 0.05);
    low[d] -= pad;
    high[d] += pad;
  }
  return { low, high };
}

/** Frame rows → [-1, 1] rows (in place on a copy). */
export function normaliseRows(rows: Float32Array, r: ActionRange): Float32Array {
  return rows.map((v, i) => {
    const d = i % ACTION_DIM;
    return (2 * (v - r.low[d])) / (r.high[d] - r.low[d]) - 1;
  });
}

/** [-1, 1] rows → frame rows. */
export function denormaliseRows(rows: Float32Array, r: ActionRange): Float32Array {
  return rows.map((v, i) => {
    const d = i % ACTION_DIM;
    return r.low[d] + ((v + 1) / 2) * (r.high[d] - r.low[d]);
  });
}

/**
 * Small helpers over point clouds stored as `Float32Array` [N, 3] row-major (x, y, z in metres).
 * Internals work in float64 copies so rotations and means do not lose precision.
 */
import type { Rng } from '../types.ts';

/** Number of points in a [N, 3] array; throws when the length is not a multiple of 3. */
export function pointCount(points: ArrayLike<number>, name = 'points'): number {
  if (points.length % 3 !== 0) {
    throw new Error(`${name}: expected a [N, 3] array (length a multiple of 3), got length ${points.length}`);
  }
  return points.length / 3;
}

/** Throws when any coordinate is NaN or infinite; the message names the array and the index. */
export function assertFinite(points: ArrayLike<number>, name = 'points'): void {
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) {
      throw new Error(
        `${name}: expected finite coordinates, got ${points[i]} at point ${Math.floor(i / 3)}, axis ${i % 3}`,
      );
    }
  }
}

/** Mean of the points, [3]. Empty input gives [0, 0, 0]. */
export function centroid(points: ArrayLike<number>): [number, number, number] {
  const n = pointCount(points);
  let sx = 0,
    sy = 0,
    sz = 0;
  for (let i = 0; i < n; i++) {
    sx += points[3 * i];
    sy += points[3 * i + 1];
    sz += points[3 * i + 2];
  }
  return n === 0 ? [0, 0, 0] : [sx / n, sy / n, sz / n];
}

/** A float64 copy with the centroid subtracted (all three axes), [N, 3]. */
export function zeroMeaned(points: ArrayLike<number>): Float64Array {
  const [cx, cy, cz] = centroid(points);
  const out = new Float64Array(points.length);
  for (let i = 0; i < out.length; i += 3) {
    out[i] = points[i] - cx;
    out[i + 1] = points[i + 1] - cy;
    out[i + 2] = points[i + 2] - cz;
  }
  return out;
}

/**
 * A float64 copy rotated by `angle` radians about the z axis through the origin
 * (counter-clockwise seen from +z): x' = x cos − y sin, y' = x sin + y cos.
 */
export function rotatedZ(
  points: ArrayLike<number>,
  angle: number,
  out = new Float64Array(points.length),
): Float64Array {
  const c = Math.cos(angle),
    s = Math.sin(angle);
  for (let i = 0; i < points.length; i += 3) {
    const x = points[i],
      y = points[i + 1];
    out[i] = x * c - y * s;
    out[i + 1] = x * s + y * c;
    out[i + 2] = points[i + 2];
  }
  return out;
}

/**
 * `n` distinct points drawn uniformly without replacement (partial Fisher–Yates), or all
 * points in their original order when there are at most `n`. Returns a float64 [min(N, n), 3].
 */
export function subsample(points: ArrayLike<number>, n: number, rng: Rng): Float64Array {
  const total = pointCount(points);
  if (total <= n) return Float64Array.from(points as ArrayLike<number>);
  const idx = new Int32Array(total);
  for (let i = 0; i < total; i++) idx[i] = i;
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(total - i);
    const k = idx[j];
    idx[j] = idx[i];
    idx[i] = k;
    out[3 * i] = points[3 * k];
    out[3 * i + 1] = points[3 * k + 1];
    out[3 * i + 2] = points[3 * k + 2];
  }
  return out;
}

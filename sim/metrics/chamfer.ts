/**
 * Chamfer distance (METHODS.md §8; DeformPAM `get_chamfer_distance_from_3d_points`).
 *
 * Both clouds are subsampled to at most `maxPoints` (default 1000) with `rng`, zero-meaned in 3-D,
 * and compared in 3-D:
 *   CD(A, B) = mean_a min_b ‖a − b‖ + mean_b min_a ‖b − a‖      (metres, unsquared)
 * i.e. the SUM of the two directional means, as the released DeformPAM code computes it (some
 * papers halve it; we do not). The minimum over target rotations about z is returned.
 *
 * Speed: rotating the target by θ equals rotating the current cloud by −θ, so each cloud is
 * bucketed once into a uniform xy grid and every rotation only moves the queries; queries stop
 * at the first ring of cells that cannot hold a closer point, so results equal brute force.
 * Measured here: 7–13 ms for 1000 × 1000 points and 20 rotations (brute force: ~140 ms).
 */
import type { Rng } from '../types.ts';
import { makeNearestGrid } from './nearest-grid.ts';
import { assertFinite, pointCount, subsample, zeroMeaned } from './point-cloud.ts';
import { DEFAULT_ROTATIONS } from './rotations.ts';

export interface ChamferOptions {
  /** Points kept per cloud (random subset when more). Default 1000 (DeformPAM). */
  maxPoints?: number;
  /** Target rotations about z, radians. Default: the 20 of DEFAULT_ROTATIONS. */
  rotations?: readonly number[];
}

/** Chamfer distance in metres between `current` [N, 3] and `target` [M, 3], min over rotations. */
export function chamferDistance(
  current: ArrayLike<number>,
  target: ArrayLike<number>,
  rng: Rng,
  opts: ChamferOptions = {},
): number {
  const n0 = pointCount(current, 'current'),
    m0 = pointCount(target, 'target');
  if (n0 === 0 || m0 === 0)
    throw new Error(`chamferDistance: expected non-empty clouds, got ${n0} current and ${m0} target points`);
  assertFinite(current, 'current');
  assertFinite(target, 'target');
  const maxPoints = opts.maxPoints ?? 1000;
  const a = zeroMeaned(subsample(current, maxPoints, rng));
  const b = zeroMeaned(subsample(target, maxPoints, rng));
  const half = Math.max(xyRadius(a), xyRadius(b)) * (1 + 1e-9) + 1e-12;
  const gridA = makeNearestGrid(a, half),
    gridB = makeNearestGrid(b, half);
  const n = a.length / 3,
    m = b.length / 3;
  let best = Infinity;
  for (const angle of opts.rotations ?? DEFAULT_ROTATIONS) {
    const c = Math.cos(angle),
      s = Math.sin(angle);
    let sumA = 0;
    // A → R·B, asked as R⁻¹·A → B.
    for (let i = 0; i < n; i++) {
      const x = a[3 * i],
        y = a[3 * i + 1];
      sumA += Math.sqrt(gridB.nearestSq(x * c + y * s, -x * s + y * c, a[3 * i + 2]));
    }
    let sumB = 0;
    for (let j = 0; j < m; j++) {
      const x = b[3 * j],
        y = b[3 * j + 1];
      sumB += Math.sqrt(gridA.nearestSq(x * c - y * s, x * s + y * c, b[3 * j + 2]));
    }
    const cd = sumA / n + sumB / m;
    if (cd < best) best = cd;
  }
  return best;
}

function xyRadius(p: Float64Array): number {
  let r2 = 0;
  for (let i = 0; i < p.length; i += 3) r2 = Math.max(r2, p[i] * p[i] + p[i + 1] * p[i + 1]);
  return Math.sqrt(r2);
}

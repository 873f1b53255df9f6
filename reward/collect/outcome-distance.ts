/**
 * How far apart two outcomes of one query are (issue 16, "Outcomes easy to compare"): the mean
 * distance, in metres, between corresponding object points (particles, or a rigid object's
 * surface samples) of the two end states. Both outcomes start from the same snapshot, so the
 * points correspond one to one and no matching is needed.
 */
import type { Frame } from '../../sim/types.ts';

/** Mean ‖p_a − p_b‖ over the object points of two end-state frames, metres. Pure. */
export function outcomeDistance(a: Frame, b: Frame): number {
  const pa = a.particles,
    pb = b.particles;
  if (pa.length !== pb.length) {
    throw new Error(`outcomeDistance: field particles: expected equal lengths, got ${pa.length} and ${pb.length}`);
  }
  const n = pa.length / 3;
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < pa.length; i += 3) sum += Math.hypot(pa[i] - pb[i], pa[i + 1] - pb[i + 1], pa[i + 2] - pb[i + 2]);
  return sum / n;
}

/** The smallest outcome distance between any two of the end states (Infinity for fewer than two). */
export function closestOutcomes(ends: Frame[]): number {
  let min = Infinity;
  for (let i = 0; i < ends.length; i++)
    for (let j = i + 1; j < ends.length; j++) min = Math.min(min, outcomeDistance(ends[i], ends[j]));
  return min;
}

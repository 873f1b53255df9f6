/**
 * What a teacher believes a candidate is worth: the (optionally myopic) task return minus the
 * style penalties of its config. Pure functions.
 */
import type { Vec3 } from '../../sim/types.ts';
import type { KeepOut, TeacherConfig } from './teacher-config.ts';
import type { TeacherOutcome } from './teacher.ts';

/**
 * Σ_t γ^(H−1−t) r_t over H steps (B-Pref "myopic": the last step weighs 1, earlier ones less).
 * γ = 1 is the plain sum.
 */
export function discountedReturn(rewards: readonly number[], gamma = 1): number {
  let r = 0;
  for (const x of rewards) r = r * gamma + x;
  return r;
}

/** True when the point lies in the zone's rectangle (edges included) and not above `zMax`. */
export function insideZone(p: Vec3, zone: KeepOut): boolean {
  return (
    p[0] >= zone.xMin &&
    p[0] <= zone.xMax &&
    p[1] >= zone.yMin &&
    p[1] <= zone.yMax &&
    (zone.zMax === undefined || p[2] <= zone.zMax)
  );
}

/** Move length |p1 − p0|, metres. */
export function moveLength(o: TeacherOutcome): number {
  const [a, b] = [o.action.p0, o.action.p1];
  return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
}

/** The teacher's score of one outcome (`index` only names it in errors). */
export function teacherScore(o: TeacherOutcome, cfg: TeacherConfig, index: number): number {
  let s = discountedReturn(o.rewards, cfg.gamma);
  if (cfg.keepOut !== null) {
    if (o.toolPath === undefined) {
      throw new Error(
        `keep-out teacher: outcome ${index}: field toolPath: expected an array of [x, y, z] points (metres), ` +
          `found undefined`,
      );
    }
    const zone = cfg.keepOut;
    if (o.toolPath.some((p) => insideZone(p, zone))) s -= zone.weight;
  }
  if (cfg.moveWeight > 0) s -= cfg.moveWeight * moveLength(o);
  if (cfg.speedWeight > 0) {
    if (o.peakToolSpeed === undefined) {
      throw new Error(
        `gentle-fling teacher: outcome ${index}: field peakToolSpeed: expected a speed in m/s, found undefined`,
      );
    }
    s -= cfg.speedWeight * o.peakToolSpeed;
  }
  return s;
}

/** Outcome builders for teacher tests. */
import type { Vec3 } from '../../../sim/types.ts';
import type { TeacherOutcome } from '../../../reward/teachers/index.ts';

/** An outcome with the given per-step rewards and a 10 cm push along x starting at `start`. */
export function outcome(rewards: number[], extra: Partial<TeacherOutcome> = {}): TeacherOutcome {
  return {
    action: { primitive: 'push', p0: [0, 0, 0], p1: [0.1, 0, 0] },
    rewards,
    ...extra,
  };
}

/** A straight tool path from a to b, `n` points. */
export function line(a: Vec3, b: Vec3, n = 21): Vec3[] {
  return Array.from({ length: n }, (_, k) => {
    const t = k / (n - 1);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])] as Vec3;
  });
}

export const Q = { task: 'push-T' };

/**
 * Rotation about the vertical axis (z) of a whole training sample: its points, its origin and
 * both action points turn together, so the expert's choice stays right where the task's goal
 * is rotation-invariant (`TaskSpec.rotationInvariant`: rope circle, cloth coverage). Not for
 * tasks with a goal fixed on the table (push-T, granular-T).
 */
import { TASKS, type TaskSpec } from '../../sim/index.ts';

/** True when the task's goal does not change under rotation about z (a task or its id; unknown ids: false). */
export function taskAllowsRotation(task: TaskSpec | string): boolean {
  const spec = typeof task === 'string' ? (Object.hasOwn(TASKS, task) ? TASKS[task] : undefined) : task;
  return spec?.rotationInvariant ?? false;
}

/** Rotates, in place, xy of every 3-vector in `v` (length a multiple of 3) by angle θ (radians). */
export function rotateXY(v: Float32Array, theta: number): void {
  const c = Math.cos(theta),
    s = Math.sin(theta);
  for (let i = 0; i < v.length; i += 3) {
    const x = v[i],
      y = v[i + 1];
    v[i] = c * x - s * y;
    v[i + 1] = s * x + c * y;
  }
}

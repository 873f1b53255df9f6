import type { Action, Vec3 } from '../types.ts';
import type { TaskScene } from './task-spec.ts';

/**
 * The fling grasping particles `a` and `b` of `p` ([P, 3] world positions), in the normalised
 * frame. A particle can lie beyond the workspace edge; the gripper then reaches from just inside it.
 */
export function particleFling(scene: TaskScene, p: Float32Array, a: number, b: number): Action {
  const h = scene.task.workspace.half - 0.005;
  const clamp = (v: number) => Math.max(-h, Math.min(h, v));
  const pt = (j: number): Vec3 => [clamp(p[3 * j]), clamp(p[3 * j + 1]), p[3 * j + 2]];
  return scene.toNormalised({ primitive: 'fling', p0: pt(a), p1: pt(b) });
}

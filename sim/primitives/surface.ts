import type { SimObject } from '../objects/index.ts';
import type { Vec3 } from '../types.ts';

/** A gripper reaching further than this from the object in xy closes on nothing, metres. */
export const REACH = 0.03;

/**
 * Where a top-down gripper aimed at (x, y) meets the object: the highest particle within
 * `radius` in xy, else the nearest one in xy if it is within REACH; null if there is none.
 */
export function surfacePoint(object: SimObject, x: number, y: number, radius = 0.015): Vec3 | null {
  const p = object.points();
  let top = -1,
    topZ = -Infinity,
    near = -1,
    nearD = Infinity;
  for (let i = 0; i < p.length / 3; i++) {
    const d = Math.hypot(p[3 * i] - x, p[3 * i + 1] - y);
    if (d <= radius && p[3 * i + 2] > topZ) {
      topZ = p[3 * i + 2];
      top = i;
    }
    if (d < nearD) {
      nearD = d;
      near = i;
    }
  }
  const i = top >= 0 ? top : nearD <= REACH ? near : -1;
  return i < 0 ? null : [p[3 * i], p[3 * i + 1], p[3 * i + 2]];
}

/**
 * Whether an action (world frame) would touch the object at all, judged from the geometry of its
 * tool path against the object's points, without simulating it: a cheap count of candidates
 * that waste a step (issue 13: "≤ 10 % of candidates touch nothing").
 * - pick_place: the gripper at p0 closes on nothing (no particle within REACH in xy);
 * - fling: neither gripper closes on anything;
 * - push: the round pusher's path p0 → p1 passes no point closer than its radius + the point's;
 * - sweep: the blade (0.1 m, across the motion) sweeps over no point.
 */
import type { SimObject } from '../objects/index.ts';
import { PUSHER, WIPER } from '../tools/tools.ts';
import type { Action } from '../types.ts';
import { surfacePoint } from './surface.ts';

/** Distance from (x, y) to the segment a → b, and the position along it (0…1). */
function toSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): [number, number] {
  const dx = bx - ax,
    dy = by - ay,
    len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2));
  return [Math.hypot(x - ax - u * dx, y - ay - u * dy), u];
}

/** True when the points of `object` all lie outside the band of half-width `reach` about p0 → p1. */
function pathMisses(object: SimObject, a: Action, reach: number): boolean {
  const p = object.points();
  for (let i = 0; i < p.length; i += 3) {
    const [d] = toSegment(p[i], p[i + 1], a.p0[0], a.p0[1], a.p1[0], a.p1[1]);
    if (d < reach) return false;
  }
  return true;
}

/** True when `action` (world frame) would leave `object` untouched. */
export function touchesNothing(object: SimObject, action: Action): boolean {
  switch (action.primitive) {
    case 'pick_place':
      return surfacePoint(object, action.p0[0], action.p0[1]) === null;
    case 'fling':
      return (
        surfacePoint(object, action.p0[0], action.p0[1]) === null &&
        surfacePoint(object, action.p1[0], action.p1[1]) === null
      );
    case 'push':
      return pathMisses(object, action, PUSHER.radius + object.radius);
    case 'sweep':
      // The blade is perpendicular to the motion, so its footprint is the band of its half-width.
      return pathMisses(object, action, WIPER.halfWidth + object.radius);
  }
}

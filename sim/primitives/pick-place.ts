import type { Driver } from './driver.ts';
import { surfacePoint } from './surface.ts';
import type { Vec3 } from '../types.ts';

/** Pick-and-place heights (m) and speed (m/s). */
export const PICK_PLACE = { lift: 0.03, placeHeight: 0.012, speed: 0.6 } as const;

/** Grasps the object under `pick`, carries it at lift height, lowers it at `place`, releases. */
export function pickPlace(d: Driver, pick: Vec3, place: Vec3): void {
  const soft = d.soft();
  const [g] = d.grippers;
  const at = surfacePoint(soft, pick[0], pick[1]);
  if (!at) return;
  g.place(at);
  g.grasp(soft);
  d.moveGrippers([[at[0], at[1], PICK_PLACE.lift], null], PICK_PLACE.speed);
  d.moveGrippers([[place[0], place[1], PICK_PLACE.lift], null], PICK_PLACE.speed);
  d.moveGrippers([[place[0], place[1], PICK_PLACE.placeHeight], null], PICK_PLACE.speed);
  g.release(soft);
}

import type { Action, Primitive, Vec3 } from '../types.ts';
import type { Driver } from './driver.ts';
import { fling } from './fling.ts';
import { pickPlace } from './pick-place.ts';
import { push, sweep } from './sweep-push.ts';

export { Driver, DEFAULT_SETTLE, RECORD_FPS, type SettleConfig, dist3, mix } from './driver.ts';
export { surfacePoint, REACH } from './surface.ts';
export { touchesNothing } from './touch.ts';
export { PICK_PLACE } from './pick-place.ts';
export { FLING } from './fling.ts';
export { SWEEP, PUSH } from './sweep-push.ts';

/** Scripted tool motion of each primitive, over world-frame points (METHODS.md §1). */
export const PRIMITIVE_MOTIONS: Record<Primitive, (d: Driver, p0: Vec3, p1: Vec3) => void> = {
  pick_place: pickPlace,
  fling,
  sweep,
  push,
};

/** Plays `action` (world frame) through the driver; the caller settles afterwards. */
export function runPrimitive(d: Driver, action: Action): void {
  PRIMITIVE_MOTIONS[action.primitive](d, action.p0, action.p1);
}

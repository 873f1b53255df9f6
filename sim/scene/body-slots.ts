/**
 * Where each rigid body sits in `Scene.poses()` and `Frame.bodies` [R, 7]: the object's own
 * bodies first (the push-T block), then wiper, pusher, left gripper and right gripper. Readers
 * (teachers' tool paths, the viewer) take slots from here rather than counting from the end.
 */
import type { Primitive } from '../types.ts';

export interface BodySlots {
  /** Bodies of the object itself, slots 0 … objectBodies − 1. */
  objectBodies: number;
  wiper: number;
  pusher: number;
  gripperL: number;
  gripperR: number;
  /** Rigid bodies in all (R). */
  count: number;
}

/** The tools after the object's bodies, in the order `Scene.poses()` writes them. */
export const TOOL_BODIES = 4;

export function bodySlots(objectBodies: number): BodySlots {
  if (!(Number.isInteger(objectBodies) && objectBodies >= 0)) {
    throw new Error(`body slots: objectBodies must be an integer ≥ 0, got ${objectBodies}`);
  }
  const o = objectBodies;
  return { objectBodies: o, wiper: o, pusher: o + 1, gripperL: o + 2, gripperR: o + 3, count: o + TOOL_BODIES };
}

/** The slots of the tool bodies a primitive moves (a fling moves both grippers). */
export function toolSlots(primitive: Primitive, slots: BodySlots): number[] {
  switch (primitive) {
    case 'sweep':
      return [slots.wiper];
    case 'push':
      return [slots.pusher];
    case 'pick_place':
      return [slots.gripperL];
    case 'fling':
      return [slots.gripperL, slots.gripperR];
  }
}

/**
 * The [R, 7] pose rows in slot order, from the object's poses [B, 7], the rigid tools' poses
 * (wiper, pusher: [2, 7]) and the two grippers' poses (7 numbers each).
 */
export function packBodies(
  objectPoses: Float32Array,
  rigidTools: Float32Array,
  gripperL: ArrayLike<number>,
  gripperR: ArrayLike<number>,
): Float32Array {
  const s = bodySlots(objectPoses.length / 7);
  const out = new Float32Array(7 * s.count);
  out.set(objectPoses);
  out.set(rigidTools.subarray(0, 7), 7 * s.wiper);
  out.set(rigidTools.subarray(7, 14), 7 * s.pusher);
  out.set(gripperL, 7 * s.gripperL);
  out.set(gripperR, 7 * s.gripperR);
  return out;
}

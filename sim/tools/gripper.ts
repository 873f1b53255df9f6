import type { SoftObject } from '../objects/soft-object.ts';
import type { Vec3 } from '../types.ts';

/** Particles within this distance of the pick point are grasped (at least the nearest), metres. */
export const GRASP_RADIUS = 0.015;

/**
 * A kinematic point gripper. Grasping pins the particles near the pick point; moving the
 * gripper drives them as a rigid clamp; releasing unpins them. It has no collider of its own.
 */
export class Gripper {
  private held: { index: number; offset: Vec3 }[] = [];
  private at: Vec3;

  constructor(home: Vec3) {
    this.at = [...home];
  }

  get position(): Vec3 {
    return [...this.at];
  }

  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Places the open gripper (no effect on the object). */
  place(p: Vec3): void {
    if (this.holding) throw new Error('gripper: cannot teleport while holding');
    this.at = [...p];
  }

  grasp(object: SoftObject, radius = GRASP_RADIUS): number {
    for (const index of object.particlesNear(this.at, radius)) {
      const x = object.particle(index);
      object.pin(index, true);
      this.held.push({ index, offset: [x[0] - this.at[0], x[1] - this.at[1], x[2] - this.at[2]] });
    }
    return this.held.length;
  }

  /** Moves the gripper to `p` over the next step, dragging what it holds. */
  drive(object: SoftObject, p: Vec3): void {
    this.at = [...p];
    for (const h of this.held) object.drive(h.index, [p[0] + h.offset[0], p[1] + h.offset[1], p[2] + h.offset[2]]);
  }

  release(object: SoftObject): void {
    for (const h of this.held) object.pin(h.index, false);
    this.held = [];
  }

  pose(): number[] {
    return [...this.at, 0, 0, 0, 1];
  }
}

import type { RigidBody } from '@dimforge/rapier3d-compat';
import { RAPIER, type World } from '../physics/index.ts';
import { tBlockFootprint, tShapePolygon, type TShape } from '../metrics/index.ts';
import type { SimObject } from './sim-object.ts';

/** The push-T block, metres: a 0.2 × 0.05 bar on a 0.05 × 0.15 stem, 0.03 m tall. */
export const T_BLOCK_SHAPE: TShape = { barWidth: 0.2, barHeight: 0.05, stemWidth: 0.05, stemHeight: 0.15 };
export const T_BLOCK_HEIGHT = 0.03;

/** The two rectangles of the T, body frame (origin at the area centroid): [cx, cy, halfX, halfY]. */
export function tRectangles(shape: TShape = T_BLOCK_SHAPE): [number, number, number, number][] {
  const poly = tShapePolygon(shape);
  const bottom = poly[0][1]; // stem's bottom edge, y relative to the centroid
  const { barWidth: bw, barHeight: bh, stemWidth: sw, stemHeight: sh } = shape;
  return [
    [0, bottom + sh / 2, sw / 2, sh / 2],
    [0, bottom + sh + bh / 2, bw / 2, bh / 2],
  ];
}

/** The T block: one dynamic body with two cuboid colliders, origin at the footprint centroid. */
export class TBlock implements SimObject {
  readonly kind = 'rigid' as const;
  /** Spacing of the footprint samples that stand for its "particles", metres. */
  readonly radius = 0.005;
  private body!: RigidBody;

  constructor(
    private readonly handle: number,
    world: World,
  ) {
    this.bind(world);
  }

  bind(world: World): void {
    const b = world.bodies.get(this.handle);
    if (!b) throw new Error(`T block body ${this.handle} is missing from the world`);
    this.body = b;
  }

  /** Planar pose: x, y (m) and heading theta (radians). */
  pose2d(): { x: number; y: number; theta: number } {
    const t = this.body.translation();
    const q = this.body.rotation();
    const theta = Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
    return { x: t.x, y: t.y, theta };
  }

  /** Footprint samples [S, 3] at the block's top face height. */
  points(): Float32Array {
    const f = tBlockFootprint(this.pose2d(), T_BLOCK_SHAPE, 2 * this.radius);
    for (let i = 2; i < f.length; i += 3) f[i] = T_BLOCK_HEIGHT;
    return f;
  }

  poses(): Float32Array {
    const t = this.body.translation();
    const q = this.body.rotation();
    return new Float32Array([t.x, t.y, t.z, q.x, q.y, q.z, q.w]);
  }

  maxSpeed(): number {
    const v = this.body.linvel();
    const w = this.body.angvel();
    // The bar tips are ~0.1 m from the centroid: angular speed × 0.1 m is their speed.
    return Math.max(Math.hypot(v.x, v.y, v.z), 0.1 * Math.hypot(w.x, w.y, w.z));
  }

  healthy(): boolean {
    const t = this.body.translation();
    return this.body.isEnabled() && Number.isFinite(t.x) && Number.isFinite(t.y) && Number.isFinite(t.z);
  }
}

/** Makes the T block resting on the table at (x, y) with heading `theta` (radians). */
export function makeTBlock(world: World, x: number, y: number, theta: number): TBlock {
  const h = T_BLOCK_HEIGHT / 2;
  const body = world.createRigidBody(
    RAPIER.RigidBodyDesc.dynamic()
      .setTranslation(x, y, h)
      .setRotation({ x: 0, y: 0, z: Math.sin(theta / 2), w: Math.cos(theta / 2) })
      .setLinearDamping(2)
      .setAngularDamping(2),
  );
  for (const [cx, cy, hx, hy] of tRectangles()) {
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(hx, hy, h).setTranslation(cx, cy, 0).setFriction(0.4).setDensity(600),
      body,
    );
  }
  return new TBlock(body.handle, world);
}

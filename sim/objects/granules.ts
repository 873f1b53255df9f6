import type { RigidBody } from '@dimforge/rapier3d-compat';
import { RAPIER, type World } from '../physics/index.ts';
import type { Rng } from '../types.ts';
import type { SimObject } from './sim-object.ts';

/** A pile of small balls. Lengths in metres. */
export interface GranulesSpec {
  /** Number of balls (≥ 500, default 500). */
  count: number;
  /** Ball radius, metres (default 0.006). */
  radius: number;
  /** Half-width of the square the pile is dropped over, metres (default 0.06). */
  spread: number;
}

export const DEFAULT_GRANULES: GranulesSpec = { count: 500, radius: 0.006, spread: 0.06 };

/** Granules as one dynamic ball each; `points()` gives their centres. */
export class Granules implements SimObject {
  readonly kind = 'granules' as const;
  private bodies: RigidBody[] = [];

  constructor(
    private readonly handles: number[],
    readonly radius: number,
    world: World,
  ) {
    this.bind(world);
  }

  bind(world: World): void {
    this.bodies = this.handles.map((h) => {
      const b = world.bodies.get(h);
      if (!b) throw new Error(`granule body ${h} is missing from the world`);
      return b;
    });
  }

  points(): Float32Array {
    const out = new Float32Array(this.bodies.length * 3);
    this.bodies.forEach((b, i) => {
      const t = b.translation();
      out[3 * i] = t.x;
      out[3 * i + 1] = t.y;
      out[3 * i + 2] = t.z;
    });
    return out;
  }

  poses(): Float32Array {
    return new Float32Array(0);
  }

  maxSpeed(): number {
    let m = 0;
    for (const b of this.bodies) {
      const v = b.linvel();
      m = Math.max(m, v.x * v.x + v.y * v.y + v.z * v.z);
    }
    return Math.sqrt(m);
  }

  healthy(): boolean {
    return this.bodies.every((b) => {
      const t = b.translation();
      return b.isEnabled() && Number.isFinite(t.x) && Number.isFinite(t.y) && Number.isFinite(t.z);
    });
  }
}

/** Drops `count` balls in a column over (cx, cy); the caller lets them settle. */
export function makeGranules(
  world: World,
  rng: Rng,
  cx: number,
  cy: number,
  spec: GranulesSpec = DEFAULT_GRANULES,
): Granules {
  const handles: number[] = [];
  // Layers of `perLayer` balls keep the initial column free of overlaps.
  const perLayer = Math.max(1, Math.floor((2 * spec.spread) ** 2 / (2.2 * spec.radius) ** 2 / 2));
  for (let i = 0; i < spec.count; i++) {
    const layer = Math.floor(i / perLayer);
    const body = world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setTranslation(
          cx + rng.uniform(-spec.spread, spec.spread),
          cy + rng.uniform(-spec.spread, spec.spread),
          spec.radius + layer * 2.2 * spec.radius,
        )
        .setLinearDamping(0.5)
        .setAngularDamping(20),
    );
    world.createCollider(RAPIER.ColliderDesc.ball(spec.radius).setFriction(0.6).setDensity(1500), body);
    handles.push(body.handle);
  }
  return new Granules(handles, spec.radius, world);
}

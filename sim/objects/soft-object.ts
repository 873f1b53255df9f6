import type { SoftBody } from '@dimforge/rapier3d-compat';
import type { World } from '../physics/index.ts';
import type { Vec3 } from '../types.ts';
import { allFinite, maxNorm3, type ObjectKind, type SimObject } from './sim-object.ts';

/** How a cloth's particles tile its flat shape: what a viewer needs to draw it as a surface. */
export interface ClothLattice {
  /** Surface triangles [T, 3] over particle indices, counter-clockwise seen from above when flat. */
  triangles: Uint32Array;
  /** Lattice cell (column, row) of each particle [P, 2], for a pattern printed on the cloth. */
  cells: Int32Array;
}

/** A rope or cloth: a Rapier soft body whose particles the grippers can pin and drive. */
export class SoftObject implements SimObject {
  private body!: SoftBody;

  constructor(
    readonly kind: ObjectKind,
    private readonly handle: number,
    world: World,
    /** The cloth's lattice (null for a rope). */
    readonly lattice: ClothLattice | null = null,
  ) {
    this.bind(world);
  }

  get radius(): number {
    return this.body.particleRadius();
  }

  bind(world: World): void {
    const body = world.softBodies.get(this.handle);
    if (!body) throw new Error(`soft body ${this.handle} is missing from the world`);
    this.body = body;
  }

  get numParticles(): number {
    return this.body.numParticles();
  }

  points(): Float32Array {
    return this.body.particlePositions();
  }

  poses(): Float32Array {
    return new Float32Array(0);
  }

  maxSpeed(): number {
    return maxNorm3(this.body.particleVelocities());
  }

  healthy(): boolean {
    return this.body.isEnabled() && allFinite(this.body.particlePositions());
  }

  /** Indices of the particles within `radius` of `p`; at least the nearest one. */
  particlesNear(p: Vec3, radius: number): number[] {
    const x = this.points();
    const near: number[] = [];
    let best = -1,
      bestD = Infinity;
    for (let i = 0; i < x.length / 3; i++) {
      const d = Math.hypot(x[3 * i] - p[0], x[3 * i + 1] - p[1], x[3 * i + 2] - p[2]);
      if (d <= radius) near.push(i);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return near.length > 0 ? near : [best];
  }

  pin(i: number, pinned: boolean): void {
    this.body.setParticlePinned(i, pinned);
    if (!pinned) this.body.wakeUp();
  }

  /** Drives a pinned particle to `p` over the next step. */
  drive(i: number, p: Vec3): void {
    this.body.setParticleKinematicTarget(i, { x: p[0], y: p[1], z: p[2] });
  }

  particle(i: number): Vec3 {
    const p = this.body.particlePosition(i);
    return [p.x, p.y, p.z];
  }
}

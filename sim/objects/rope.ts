import { RAPIER, type World } from '../physics/index.ts';
import { SoftObject } from './soft-object.ts';

/** A rope as a native Rapier soft body. Lengths in metres, masses in kg. */
export interface RopeSpec {
  /** Particles along the rope (≥ 40, default 48). */
  particles: number;
  /** Rest length, metres (default 0.5). */
  length: number;
  /** Total mass, kg (default 0.05). */
  mass: number;
  /** Positions [P, 3] to lay the rope along; rest lengths stay those of a straight rope. */
  layout?: Float32Array;
}

export const DEFAULT_ROPE: RopeSpec = { particles: 48, length: 0.5, mass: 0.05 };

/**
 * Stretch stiffness is high (1000 Hz: < 1 % stretch hanging) and bending moderate (150 Hz) so the
 * rope keeps the shape it is laid in, as a real cable on a table does.
 */
export function makeRope(world: World, spec: RopeSpec = DEFAULT_ROPE): SoftObject {
  const half = spec.length / 2;
  const material = new RAPIER.SoftBodyMaterial();
  material.edgeSoftness = { naturalFrequency: 1000, dampingRatio: 1 };
  material.bendSoftness = { naturalFrequency: 150, dampingRatio: 1 };
  const desc = RAPIER.SoftBodyDesc.rope({ x: -half, y: 0, z: 0.02 }, { x: half, y: 0, z: 0.02 }, spec.particles)
    .setMass(spec.mass)
    .setMaterial(material)
    .setLinearDamping(0.5);
  const body = world.createSoftBody(desc);
  if (spec.layout) {
    for (let i = 0; i < spec.particles; i++) {
      const o = 3 * i;
      body.setParticlePosition(i, { x: spec.layout[o], y: spec.layout[o + 1], z: spec.layout[o + 2] });
    }
  }
  return new SoftObject('rope', body.handle, world);
}

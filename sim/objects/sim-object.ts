import type { World } from '../physics/index.ts';

export type ObjectKind = 'rope' | 'cloth' | 'granules' | 'rigid';

/**
 * A task's manipulated object, a thin typed view over handles in a Rapier world.
 * Handles survive a snapshot restore, so `bind` points the view at the restored world.
 */
export interface SimObject {
  readonly kind: ObjectKind;
  /** Particle (or granule) radius, metres; for a rigid body, the sampling spacing of its outline. */
  readonly radius: number;
  bind(world: World): void;
  /** World positions [P, 3] of the particles, granule centres, or surface samples of a rigid body. */
  points(): Float32Array;
  /** Rigid poses [R, 7] (x, y, z, qx, qy, qz, qw); empty for particle objects. */
  poses(): Float32Array;
  /** Largest particle or body speed, m/s. */
  maxSpeed(): number;
  /** False when a position went non-finite or Rapier disabled a body (it does so silently on NaN). */
  healthy(): boolean;
}

/** Largest |v| over a flat [P, 3] velocity array. */
export function maxNorm3(v: Float32Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i += 3) {
    const s = v[i] * v[i] + v[i + 1] * v[i + 1] + v[i + 2] * v[i + 2];
    if (s > m) m = s;
  }
  return Math.sqrt(m);
}

export function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

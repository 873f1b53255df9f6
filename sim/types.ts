/**
 * The contracts between folders (ARCHITECTURE.md, "Core types"). Units are SI: metres, seconds.
 * Frames: the world is z-up; the table top is the plane z = 0.
 */
import type { Rng } from '../core/rng.ts';

export type { Rng };

export type Vec3 = [number, number, number];

export const PRIMITIVES = ['pick_place', 'fling', 'sweep', 'push'] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/**
 * DeformPAM parameterisation: every primitive is two points (6 numbers), METHODS.md §1.
 * pick_place = (pick, place); fling = (left pick, right pick); sweep/push = (start, end).
 * In the normalised observation frame unless a function says it takes world coordinates.
 */
export interface Action {
  primitive: Primitive;
  p0: Vec3;
  p1: Vec3;
}

/** Object point cloud, zero-centred and scaled (METHODS.md §1). */
export interface Observation {
  /** [N, 3] row-major. */
  points: Float32Array;
  /** World position of the normalised origin, metres. */
  center: Vec3;
  /** Divisor applied to world offsets from `center` (metres per normalised unit). */
  scale: number;
}

/** Task-specific metric values, all numbers (coverage, iou, chamfer, ...). */
export type Metrics = Record<string, number>;

/** Poses of everything that moves, one record per recorded frame (30 fps). */
export interface Frame {
  /** Seconds since the action started. */
  t: number;
  /** [P, 3] particle positions of the deformable object (or granule centres). */
  particles: Float32Array;
  /** [R, 7] rigid poses: x, y, z, qx, qy, qz, qw (the block and the tools). */
  bodies: Float32Array;
}

export interface StepResult {
  metrics: Metrics;
  /** Recorded frames, present when `apply` was called with `{ record: true }`. */
  frames?: Frame[];
  /** Simulated seconds the primitive took, including settling. */
  simTime: number;
  /** Physics steps the primitive took, including settling. */
  physicsSteps: number;
  /** True when the settle phase hit its time cap before coming to rest. */
  timedOut: boolean;
}

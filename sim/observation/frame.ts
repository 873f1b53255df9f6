/**
 * The normalised observation frame (METHODS.md §1) and maps between it and the world frame.
 *
 * normalised = (world − center) / scale on all three axes, where `center` is the xy centroid of
 * the object's points with z = 0 (the table plane) and `scale` is the task's factor in metres per
 * normalised unit (paper: 1.75 rope/cloth, 3.0 granules, in their units). METHODS.md §1 divides
 * only x and y; we divide z too so one number maps every axis (`Observation.scale`).
 */
import type { Action, Vec3 } from '../types.ts';

/** Centre (world metres) and scale (metres per normalised unit) of a normalised frame. */
export interface ObservationFrame {
  center: Vec3;
  scale: number;
}

/**
 * The frame of a world point cloud `points` [P, 3] (metres): center = (mean x, mean y, 0).
 * Throws on an empty cloud, a non-positive scale or non-finite coordinates.
 */
export function observationFrame(points: ArrayLike<number>, scale: number): ObservationFrame {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`observation scale: expected a finite number > 0, got ${scale}`);
  const n = points.length / 3;
  if (!Number.isInteger(n) || n === 0)
    throw new Error(`observation points: expected a non-empty [P, 3] array, got length ${points.length}`);
  let sx = 0,
    sy = 0;
  for (let i = 0; i < n; i++) {
    const x = points[3 * i],
      y = points[3 * i + 1],
      z = points[3 * i + 2];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      throw new Error(`observation points: expected finite coordinates, got (${x}, ${y}, ${z}) at point ${i}`);
    }
    sx += x;
    sy += y;
  }
  return { center: [sx / n, sy / n, 0], scale };
}

/**
 * The world origin (a point on the table) in the normalised frame, −center/scale: what tells a
 * network where the object-centred frame sits on the table.
 */
export function worldOrigin(f: ObservationFrame): Vec3 {
  return pointToNormalised([0, 0, 0], f);
}

/** World point (m) → normalised point. */
export function pointToNormalised(p: Vec3, f: ObservationFrame): Vec3 {
  return [(p[0] - f.center[0]) / f.scale, (p[1] - f.center[1]) / f.scale, (p[2] - f.center[2]) / f.scale];
}

/** Normalised point → world point (m). */
export function pointToWorld(p: Vec3, f: ObservationFrame): Vec3 {
  return [p[0] * f.scale + f.center[0], p[1] * f.scale + f.center[1], p[2] * f.scale + f.center[2]];
}

/** World-frame action → normalised-frame action (both points mapped; primitive kept). */
export function actionToNormalised(a: Action, f: ObservationFrame): Action {
  return { primitive: a.primitive, p0: pointToNormalised(a.p0, f), p1: pointToNormalised(a.p1, f) };
}

/** Normalised-frame action → world-frame action. */
export function actionToWorld(a: Action, f: ObservationFrame): Action {
  return { primitive: a.primitive, p0: pointToWorld(a.p0, f), p1: pointToWorld(a.p1, f) };
}

/** World → normalised for a point or an action. */
export function toNormalised(x: Vec3, f: ObservationFrame): Vec3;
export function toNormalised(x: Action, f: ObservationFrame): Action;
export function toNormalised(x: Vec3 | Action, f: ObservationFrame): Vec3 | Action {
  return Array.isArray(x) ? pointToNormalised(x as Vec3, f) : actionToNormalised(x as Action, f);
}

/** Normalised → world for a point or an action. */
export function toWorld(x: Vec3, f: ObservationFrame): Vec3;
export function toWorld(x: Action, f: ObservationFrame): Action;
export function toWorld(x: Vec3 | Action, f: ObservationFrame): Vec3 | Action {
  return Array.isArray(x) ? pointToWorld(x as Vec3, f) : actionToWorld(x as Action, f);
}

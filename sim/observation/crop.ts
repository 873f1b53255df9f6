/** Cropping a world point cloud to the workspace (METHODS.md §1: "cropped to the workspace"). */
import type { Vec3 } from '../types.ts';

/** An axis-aligned box in world metres, bounds inclusive. */
export interface WorkspaceBox {
  min: Vec3;
  max: Vec3;
}

/** The box |x|, |y| ≤ half, 0 ≤ z ≤ zMax, the shape of a task's `workspace` field. */
export function workspaceBox(w: { half: number; zMax: number }): WorkspaceBox {
  return { min: [-w.half, -w.half, 0], max: [w.half, w.half, w.zMax] };
}

/** The points of `points` [P, 3] inside `box`, in their original order, [P', 3]. */
export function cropToBox(points: Float32Array, box: WorkspaceBox): Float32Array {
  const keep: number[] = [];
  for (let i = 0; i < points.length; i += 3) {
    if (
      points[i] >= box.min[0] &&
      points[i] <= box.max[0] &&
      points[i + 1] >= box.min[1] &&
      points[i + 1] <= box.max[1] &&
      points[i + 2] >= box.min[2] &&
      points[i + 2] <= box.max[2]
    )
      keep.push(i);
  }
  const out = new Float32Array(3 * keep.length);
  keep.forEach((i, k) => {
    out[3 * k] = points[i];
    out[3 * k + 1] = points[i + 1];
    out[3 * k + 2] = points[i + 2];
  });
  return out;
}

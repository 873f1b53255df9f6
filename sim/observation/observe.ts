/**
 * Building an `Observation` from the object's world points (METHODS.md §1): crop to the workspace,
 * take the frame (xy centroid, z = 0; per-task scale), draw N points with `rng`, normalise.
 */
import { z } from 'zod';
import type { Observation, Rng } from '../types.ts';
import { cropToBox, type WorkspaceBox } from './crop.ts';
import { balancedIndices, densify } from './densify.ts';
import { observationFrame, type ObservationFrame } from './frame.ts';

const Vec3Schema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

/** Observation settings, parsed once at the boundary. */
export const ObservationConfigSchema = z.object({
  n: z.number().int().positive().default(512).describe('points per observation (paper 3000–3500; CPU default 512)'),
  scale: z.number().positive().finite().describe('metres per normalised unit, per task'),
  workspace: z
    .object({ min: Vec3Schema, max: Vec3Schema })
    .optional()
    .describe('crop box in world metres; no crop when absent'),
  jitterRadius: z
    .number()
    .nonnegative()
    .default(0)
    .describe(
      'when there are fewer points than n, copies are jittered within this radius (m), e.g. the particle radius',
    ),
});
export type ObservationConfig = z.input<typeof ObservationConfigSchema>;

/** Options of `sampleObservation`. */
export interface SampleOptions {
  /** Jitter radius in metres for copies when P < n (see `densify`). Default 0. */
  jitterRadius?: number;
}

/**
 * Normalised observation of `points` [P, 3] (world metres) in `frame`: `n` points drawn with
 * `rng` (without replacement when P ≥ n; otherwise balanced copies, jittered when
 * `jitterRadius` > 0), then (p − center) / scale. `points` of the result is [n, 3].
 */
export function sampleObservation(
  points: Float32Array,
  frame: ObservationFrame,
  n: number,
  rng: Rng,
  opts: SampleOptions = {},
): Observation {
  const p = points.length / 3;
  if (!Number.isInteger(p) || p === 0)
    throw new Error(`observation points: expected a non-empty [P, 3] array, got length ${points.length}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`observation n: expected an integer ≥ 1, got ${n}`);
  const r = opts.jitterRadius ?? 0;
  let drawn: Float32Array;
  if (p < n && r > 0) drawn = densify(points, n, r, rng);
  else {
    const idx = balancedIndices(p, n, rng);
    drawn = new Float32Array(3 * n);
    for (let k = 0; k < n; k++) drawn.set(points.subarray(3 * idx[k], 3 * idx[k] + 3), 3 * k);
  }
  const [cx, cy, cz] = frame.center,
    s = frame.scale;
  const out = new Float32Array(3 * n); // [N, 3]
  for (let k = 0; k < 3 * n; k += 3) {
    out[k] = (drawn[k] - cx) / s;
    out[k + 1] = (drawn[k + 1] - cy) / s;
    out[k + 2] = (drawn[k + 2] - cz) / s;
  }
  return { points: out, center: [cx, cy, cz], scale: s };
}

/**
 * The whole METHODS.md §1 pipeline: validate `config`, crop `points` [P, 3] (world metres) to the
 * workspace, take the frame of the cropped cloud and sample it. Throws when nothing is left.
 */
export function makeObservation(points: Float32Array, config: ObservationConfig, rng: Rng): Observation {
  const c = ObservationConfigSchema.parse(config);
  const kept = c.workspace ? cropToBox(points, c.workspace as WorkspaceBox) : points;
  if (kept.length === 0) {
    throw new Error(`observation: no points inside the workspace (${points.length / 3} points given, all outside)`);
  }
  return sampleObservation(kept, observationFrame(kept, c.scale), c.n, rng, { jitterRadius: c.jitterRadius });
}

/**
 * A trajectory as RAPL sees it: T frames, each the object's points (N sampled particles) and the
 * tool position, in world coordinates divided by the task's observation scale.
 */
import type { Rng } from '../../core/rng.ts';
import type { Action, Frame } from '../../sim/types.ts';
import { toolBodies } from '../collect/outcome.ts';

export interface Trajectory {
  /** [T, N, 3]. */
  points: Float32Array;
  /** [T, 3]. */
  tool: Float32Array;
  frames: number;
  n: number;
}

/**
 * T frames evenly spaced over `frames` (the last frame always included), N particles per frame
 * (one random choice of particle indices for the whole trajectory), scaled by 1/`scale`.
 */
export function trajectoryFromFrames(frames: readonly Frame[], primitive: Action['primitive'], t: number, n: number, scale: number, rng: Rng): Trajectory {
  if (frames.length === 0) throw new Error('trajectoryFromFrames: no frames (was the candidate applied with record: true?)');
  const p = frames[0].particles.length / 3;
  const idx = Int32Array.from({ length: n }, (_, i) => (i < p ? i : rng.int(p)));
  for (let i = 0; i < Math.min(n, p); i++) {
    const j = i + rng.int(p - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  if (n <= p) {
    // Fisher–Yates over all particles, keep the first n.
    const all = Int32Array.from({ length: p }, (_, i) => i);
    for (let i = 0; i < n; i++) { const j = i + rng.int(p - i); [all[i], all[j]] = [all[j], all[i]]; }
    idx.set(all.subarray(0, n));
  }
  const points = new Float32Array(t * n * 3);
  const tool = new Float32Array(t * 3);
  for (let k = 0; k < t; k++) {
    const f = frames[Math.round((k * (frames.length - 1)) / Math.max(1, t - 1))];
    for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) points[(k * n + i) * 3 + a] = f.particles[idx[i] * 3 + a] / scale;
    const r = f.bodies.length / 7;
    const bs = toolBodies(primitive, r);
    for (const b of bs) for (let a = 0; a < 3; a++) tool[k * 3 + a] += f.bodies[7 * b + a] / scale / bs.length;
  }
  return { points, tool, frames: t, n };
}

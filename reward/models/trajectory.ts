/**
 * A trajectory as RAPL sees it: T frames, each the object's points (N sampled particles) and the
 * tool position, in world coordinates divided by the task's observation scale.
 */
import type { Rng } from '../../core/rng.ts';
import type { Action, Frame } from '../../sim/types.ts';
import { bodySlots, TOOL_BODIES, toolSlots } from '../../sim/scene/body-slots.ts';

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
export function trajectoryFromFrames(
  frames: readonly Frame[],
  primitive: Action['primitive'],
  t: number,
  n: number,
  scale: number,
  rng: Rng,
): Trajectory {
  if (frames.length === 0)
    throw new Error('trajectoryFromFrames: no frames (was the candidate applied with record: true?)');
  const p = frames[0].particles.length / 3;
  const idx = Int32Array.from({ length: n }, (_, i) => (i < p ? i : rng.int(p)));
  for (let i = 0; i < Math.min(n, p); i++) {
    const j = i + rng.int(p - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  if (n <= p) {
    // Fisher–Yates over all particles, keep the first n.
    const all = Int32Array.from({ length: p }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = i + rng.int(p - i);
      [all[i], all[j]] = [all[j], all[i]];
    }
    idx.set(all.subarray(0, n));
  }
  const points = new Float32Array(t * n * 3);
  const tool = new Float32Array(t * 3);
  for (let k = 0; k < t; k++) {
    const f = frames[Math.round((k * (frames.length - 1)) / Math.max(1, t - 1))];
    for (let i = 0; i < n; i++)
      for (let a = 0; a < 3; a++) points[(k * n + i) * 3 + a] = f.particles[idx[i] * 3 + a] / scale;
    // Frames carry no task; the object's bodies are the rows before the tools (sim/scene/body-slots.ts).
    const bs = toolSlots(primitive, bodySlots(f.bodies.length / 7 - TOOL_BODIES));
    for (const b of bs) for (let a = 0; a < 3; a++) tool[k * 3 + a] += f.bodies[7 * b + a] / scale / bs.length;
  }
  return { points, tool, frames: t, n };
}

/** JSON form of a trajectory (float32 base64), for checkpoint metadata. */
export interface TrajectoryJson {
  frames: number;
  n: number;
  points: string;
  tool: string;
}

export function encodeTrajectory(t: Trajectory): TrajectoryJson {
  const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  return { frames: t.frames, n: t.n, points: b64(t.points), tool: b64(t.tool) };
}

export function decodeTrajectory(j: TrajectoryJson, where: string): Trajectory {
  const f32 = (s: string) => {
    const b = Buffer.from(s, 'base64');
    const out = new Float32Array(b.length / 4);
    new Uint8Array(out.buffer).set(b);
    return out;
  };
  const t: Trajectory = { frames: j.frames, n: j.n, points: f32(j.points), tool: f32(j.tool) };
  if (t.points.length !== t.frames * t.n * 3 || t.tool.length !== t.frames * 3)
    throw new Error(`${where}: demo trajectory sizes do not match frames ${j.frames} × points ${j.n}`);
  return t;
}

/** Interim normalised-frame helpers, to be replaced by sim/observation when it lands. */
import type { Action, Observation, Rng, Vec3 } from '../types.ts';

export function observationFrame(points: Float32Array, scale: number): { center: Vec3; scale: number } {
  const n = points.length / 3;
  let cx = 0, cy = 0;
  for (let i = 0; i < n; i++) { cx += points[3 * i]; cy += points[3 * i + 1]; }
  return { center: [cx / n, cy / n, 0], scale };
}

export function sampleObservation(points: Float32Array, frame: { center: Vec3; scale: number }, n: number, rng: Rng): Observation {
  const p = points.length / 3;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const j = rng.int(p);
    for (let a = 0; a < 3; a++) out[3 * i + a] = (points[3 * j + a] - frame.center[a]) / frame.scale;
  }
  return { points: out, center: frame.center, scale: frame.scale };
}

const map = (p: Vec3, f: (v: number, a: number) => number): Vec3 => [f(p[0], 0), f(p[1], 1), f(p[2], 2)];

export function actionToWorld(a: Action, fr: { center: Vec3; scale: number }): Action {
  const w = (v: number, i: number) => v * fr.scale + fr.center[i];
  return { primitive: a.primitive, p0: map(a.p0, w), p1: map(a.p1, w) };
}

export function actionToNormalised(a: Action, fr: { center: Vec3; scale: number }): Action {
  const w = (v: number, i: number) => (v - fr.center[i]) / fr.scale;
  return { primitive: a.primitive, p0: map(a.p0, w), p1: map(a.p1, w) };
}

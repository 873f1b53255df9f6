import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import {
  actionToNormalised,
  actionToWorld,
  balancedIndices,
  cropToBox,
  densify,
  makeObservation,
  observationFrame,
  sampleObservation,
  toNormalised,
  toWorld,
  workspaceBox,
} from '../../../sim/observation/index.ts';
import type { Action, Vec3 } from '../../../sim/types.ts';

/** A 48-particle rope along x at height 0.01 m, offset to (0.2, −0.1). */
function rope(p = 48): Float32Array {
  const out = new Float32Array(3 * p);
  for (let i = 0; i < p; i++) {
    out[3 * i] = 0.2 + i * 0.01;
    out[3 * i + 1] = -0.1;
    out[3 * i + 2] = 0.01;
  }
  return out;
}

describe('observationFrame', () => {
  test('centre is the xy centroid at table height', () => {
    const f = observationFrame(rope(), 0.5);
    expect(f.center[0]).toBeCloseTo(0.2 + 0.235, 6);
    expect(f.center[1]).toBeCloseTo(-0.1, 6);
    expect(f.center[2]).toBe(0);
    expect(f.scale).toBe(0.5);
  });

  test.each([
    [new Float32Array(0), 1, /non-empty/],
    [rope(), 0, /scale: expected a finite number > 0, got 0/],
    [new Float32Array([0, 0, NaN]), 1, /got \(0, 0, NaN\) at point 0/],
  ])('rejects bad input %#', (pts, scale, msg) => {
    expect(() => observationFrame(pts, scale)).toThrow(msg);
  });
});

describe('world ↔ normalised maps', () => {
  const frame = { center: [0.43, -0.17, 0] as Vec3, scale: 0.35 };
  const actions: Action[] = [
    { primitive: 'pick_place', p0: [0.1, 0.2, 0.02], p1: [-0.3, 0.25, 0.05] },
    { primitive: 'fling', p0: [0.43, -0.17, 0], p1: [1, 1, 1] },
    { primitive: 'sweep', p0: [-0.5, 0.5, 0.0], p1: [0.5, -0.5, 0.0] },
  ];
  test.each(actions)('round trip world → normalised → world of %j', (a) => {
    const back = toWorld(toNormalised(a, frame), frame);
    expect(back.primitive).toBe(a.primitive);
    for (const k of ['p0', 'p1'] as const)
      for (let d = 0; d < 3; d++) {
        expect(Math.abs(back[k][d] - a[k][d])).toBeLessThanOrEqual(2 ** -23 * Math.max(1, Math.abs(a[k][d])));
      }
    // Same through float32 storage (as observations and wire messages hold them).
    const n = actionToNormalised(a, frame);
    const f32 = Float32Array.from([...n.p0, ...n.p1]);
    const w = actionToWorld(
      { primitive: a.primitive, p0: [f32[0], f32[1], f32[2]], p1: [f32[3], f32[4], f32[5]] },
      frame,
    );
    for (let d = 0; d < 3; d++) expect(Math.abs(w.p0[d] - a.p0[d])).toBeLessThan(1e-6);
  });

  test('a point at the centre maps to the origin and the scale divides every axis', () => {
    expect(toNormalised([0.43, -0.17, 0], frame)).toEqual([0, 0, 0]);
    const p = toNormalised([0.43 + 0.35, -0.17 - 0.7, 0.35], frame);
    expect(p[0]).toBeCloseTo(1, 12);
    expect(p[1]).toBeCloseTo(-2, 12);
    expect(p[2]).toBeCloseTo(1, 12);
  });
});

describe('sampling', () => {
  test('P ≥ N: distinct points, normalised, zero-mean in xy only approximately', () => {
    const pts = rope(48),
      f = observationFrame(pts, 0.1);
    const obs = sampleObservation(pts, f, 48, makeRng(1));
    expect(obs.points.length).toBe(144);
    const xs = new Set<number>();
    for (let i = 0; i < 48; i++) xs.add(obs.points[3 * i]);
    expect(xs.size).toBe(48); // every particle exactly once
    expect(obs.points[2]).toBeCloseTo(0.1, 6); // z = 0.01 m / 0.1
  });

  test('P < N without jitter: balanced copies (every particle ⌊N/P⌋ or ⌈N/P⌉ times)', () => {
    const counts = new Map<number, number>();
    for (const i of balancedIndices(48, 512, makeRng(2))) counts.set(i, (counts.get(i) ?? 0) + 1);
    expect(counts.size).toBe(48);
    for (const c of counts.values()) expect([10, 11]).toContain(c);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(512);
  });

  test('a 48-particle rope densified to 512 distinct points within the particle radius', () => {
    const pts = rope(48),
      r = 0.004;
    const d = densify(pts, 512, r, makeRng(3));
    const keys = new Set<string>();
    for (let k = 0; k < 512; k++) {
      const x = d[3 * k],
        y = d[3 * k + 1],
        z = d[3 * k + 2];
      keys.add(`${x},${y},${z}`);
      const i = Math.round((x - 0.2) / 0.01);
      expect(Math.hypot(x - pts[3 * i], y - pts[3 * i + 1], z - pts[3 * i + 2])).toBeLessThanOrEqual(r * (1 + 1e-6));
    }
    expect(keys.size).toBe(512);
  });

  test('makeObservation crops, centres on the kept points and is deterministic in the seed', () => {
    const pts = Float32Array.from([...rope(48), 5, 5, 0.01]); // one stray point far outside
    const cfg = { n: 256, scale: 0.5, workspace: workspaceBox({ half: 0.8, zMax: 0.5 }), jitterRadius: 0.004 };
    const a = makeObservation(pts, cfg, makeRng(4)),
      b = makeObservation(pts, cfg, makeRng(4));
    expect(a.points).toEqual(b.points);
    expect(a.center[0]).toBeCloseTo(0.435, 5);
    for (let i = 0; i < a.points.length; i += 3) expect(Math.abs(a.points[i])).toBeLessThan(0.25 / 0.5 + 0.01);
  });

  test.each([
    [{ n: 0, scale: 1 }, /n/],
    [{ n: 10, scale: -1 }, /scale/],
    [
      { n: 10, scale: 1, workspace: { min: [2, 2, 0], max: [3, 3, 1] } },
      /no points inside the workspace \(48 points given/,
    ],
  ])('bad config %j is rejected', (cfg, msg) => {
    expect(() => makeObservation(rope(), cfg as never, makeRng(0))).toThrow(msg);
  });

  test('cropToBox keeps points on the boundary and drops the rest', () => {
    const kept = cropToBox(Float32Array.from([0, 0, 0, 1, 1, 1, 1.01, 0, 0]), { min: [0, 0, 0], max: [1, 1, 1] });
    expect([...kept]).toEqual([0, 0, 0, 1, 1, 1]);
  });
});

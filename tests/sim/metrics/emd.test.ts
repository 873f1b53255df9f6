import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { earthMoversDistance } from '../../../sim/metrics/index.ts';
import { lShape, randomCloud, transformed } from './helpers.ts';

describe('earthMoversDistance', () => {
  test.each([[[0.1, 0, 0]], [[0.03, -0.04, 0]], [[0, 0, 0.25]], [[1, 2, 2]]] as const)(
    'uncentred, a cloud translated by %j is at the translation distance',
    (t) => {
      const a = randomCloud(120, makeRng(3));
      const d = earthMoversDistance(a, transformed(a, 0, [...t]), makeRng(0), { center: false, rotations: [0] });
      expect(d).toBeCloseTo(Math.hypot(...t), 5);
    },
  );

  test.each([
    ['translated', 0],
    ['rotated 90°', Math.PI / 2],
    ['rotated 190°', (190 * Math.PI) / 180],
  ] as const)('centred, a %s copy is at distance 0', (_n, angle) => {
    const a = lShape(100, makeRng(4));
    expect(earthMoversDistance(a, transformed(a, angle, [0.2, 0.3, 0]), makeRng(0))).toBeLessThan(1e-6);
  });

  test('two-point clouds with a known matching', () => {
    // {(±1, 0, 0)} vs {(±1, 0, ±0.5)}: each point moves 0.5; no rotation does better.
    expect(earthMoversDistance([-1, 0, 0, 1, 0, 0], [-1, 0, 0.5, 1, 0, -0.5], makeRng(0))).toBeCloseTo(0.5, 12);
  });

  test('unequal sizes are subsampled to the smaller one', () => {
    const a = randomCloud(50, makeRng(5)),
      b = randomCloud(80, makeRng(6));
    const d = earthMoversDistance(a, b, makeRng(1), { rotations: [0] });
    expect(d).toBeGreaterThan(0);
    expect(earthMoversDistance(a, b, makeRng(1), { rotations: [0] })).toBe(d);
  });

  test('EMD is at least the Chamfer-style one-way mean (a matching is a restricted nearest)', () => {
    const a = randomCloud(60, makeRng(7)),
      b = randomCloud(60, makeRng(8));
    const emd = earthMoversDistance(a, b, makeRng(0), { rotations: [0], center: false });
    let oneWay = 0;
    for (let i = 0; i < 60; i++) {
      let best = Infinity;
      for (let j = 0; j < 60; j++)
        best = Math.min(
          best,
          Math.hypot(a[3 * i] - b[3 * j], a[3 * i + 1] - b[3 * j + 1], a[3 * i + 2] - b[3 * j + 2]),
        );
      oneWay += best / 60;
    }
    expect(emd).toBeGreaterThanOrEqual(oneWay - 1e-12);
  });
});

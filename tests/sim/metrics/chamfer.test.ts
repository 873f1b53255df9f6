import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { chamferDistance, DEFAULT_ROTATIONS, rotatedZ, zeroMeaned } from '../../../sim/metrics/index.ts';
import { lShape, randomCloud, transformed } from './helpers.ts';

/** Brute-force reference: sum of the two directional mean nearest distances, min over rotations. */
function bruteChamfer(a: Float32Array, b: Float32Array, rotations: readonly number[]): number {
  const za = zeroMeaned(a),
    zb = zeroMeaned(b);
  const oneWay = (p: Float64Array, q: Float64Array) => {
    let s = 0;
    for (let i = 0; i < p.length; i += 3) {
      let best = Infinity;
      for (let j = 0; j < q.length; j += 3)
        best = Math.min(best, Math.hypot(p[i] - q[j], p[i + 1] - q[j + 1], p[i + 2] - q[j + 2]));
      s += best;
    }
    return s / (p.length / 3);
  };
  return Math.min(
    ...rotations.map((r) => {
      const rb = rotatedZ(zb, r);
      return oneWay(za, rb) + oneWay(rb, za);
    }),
  );
}

describe('chamferDistance', () => {
  test.each([
    ['identical', 0, [0, 0, 0]],
    ['translated', 0, [0.4, 0.1, -0.03]],
    ['rotated 90°', Math.PI / 2, [0, 0, 0]],
    ['rotated 250° and moved', (250 * Math.PI) / 180, [0.1, 0.1, 0]],
  ] as const)('%s copy of an L shape → 0', (_n, angle, t) => {
    const a = lShape(500, makeRng(5));
    expect(chamferDistance(a, transformed(a, angle, [...t]), makeRng(0))).toBeLessThan(1e-6);
  });

  test.each([
    [1, 300, 200],
    [2, 50, 700],
    [3, 1, 40],
    [4, 400, 400],
  ])('equals brute force on random clouds (seed %i, %i vs %i points)', (seed, n, m) => {
    const rng = makeRng(seed);
    const a = randomCloud(n, rng),
      b = lShape(m, rng);
    expect(chamferDistance(a, b, makeRng(0))).toBeCloseTo(bruteChamfer(a, b, DEFAULT_ROTATIONS), 9);
  });

  test('two single points: the distance counts once each way', () => {
    // Zero-meaning makes any two singletons coincide.
    expect(chamferDistance([0, 0, 0], [1, 2, 3], makeRng(0))).toBe(0);
    // Two 2-point clouds along x: {±1} vs {±2} → 1 each way, sum 2 (all 20 rotations give ≥ 2).
    expect(chamferDistance([-1, 0, 0, 1, 0, 0], [-2, 0, 0, 2, 0, 0], makeRng(0))).toBeCloseTo(2, 12);
  });

  test('subsamples to maxPoints with the rng (same seed, same answer)', () => {
    const a = randomCloud(3000, makeRng(7)),
      b = randomCloud(2500, makeRng(8));
    const x = chamferDistance(a, b, makeRng(1), { maxPoints: 200 });
    expect(chamferDistance(a, b, makeRng(1), { maxPoints: 200 })).toBe(x);
    expect(chamferDistance(a, b, makeRng(2), { maxPoints: 200 })).not.toBe(x);
  });
});

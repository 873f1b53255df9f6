import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { candidateDiversity, meanPairwiseActionDistance } from '../../../sim/metrics/index.ts';
import type { Action, Vec3 } from '../../../sim/types.ts';

const act = (p0: Vec3, p1: Vec3 = [0, 0, 0]): Action => ({ primitive: 'pick_place', p0, p1 });

describe('candidate diversity', () => {
  test('identical candidates have no diversity', () => {
    const a = Array.from({ length: 8 }, () => act([0.1, 0.2, 0]));
    expect(candidateDiversity(a, makeRng(0))).toBe(0);
    expect(meanPairwiseActionDistance(a)).toBe(0);
  });

  // The released DeformPAM code took the standard deviation of the distances to the centre, which
  // is 0 here: every point of each mode lies at distance 1. The RMS distance is 1 (issue 18).
  test.each([0, 1, 2, 3, 4])(
    'four corners of a square of side 2 (equidistant from their centre) → 1, seed %i',
    (seed) => {
      const square = [act([1, 1, 0]), act([-1, 1, 0]), act([-1, -1, 0]), act([1, -1, 0])];
      expect(candidateDiversity(square, makeRng(seed))).toBeCloseTo(1, 12);
    },
  );

  test.each([1, 2, 3])('two far modes, each with distances {1, 1, 3, 3} to its centre → √5 (seed %i)', (seed) => {
    const mode = (cx: number): Action[] => [
      act([cx + 1, 0, 0]),
      act([cx - 1, 0, 0]),
      act([cx, 3, 0]),
      act([cx, -3, 0]),
    ];
    expect(candidateDiversity([...mode(0), ...mode(100)], makeRng(seed))).toBeCloseTo(Math.sqrt(5), 12);
  });

  test('spread grows with the spread of the candidates, and the distance between modes does not count', () => {
    const ring = (r: number, cx = 0) =>
      [0, 1, 2, 3].map((q) => act([cx + r * Math.cos((q * Math.PI) / 2), r * Math.sin((q * Math.PI) / 2), 0]));
    // Four points on a ring of radius r: two modes of two neighbours, r√2 apart → RMS r√2 / 2.
    expect(candidateDiversity(ring(0.5), makeRng(0))).toBeCloseTo(0.5 * Math.SQRT1_2, 12);
    expect(candidateDiversity(ring(2), makeRng(0))).toBeCloseTo(4 * candidateDiversity(ring(0.5), makeRng(0)), 12);
    expect(candidateDiversity([...ring(1), ...ring(1, 50)], makeRng(0))).toBeCloseTo(1, 12);
    expect(candidateDiversity([...ring(1), ...ring(1, 500)], makeRng(0))).toBeCloseTo(1, 12);
  });

  test('two different candidates are one mode: half their distance, not 0', () => {
    expect(candidateDiversity([act([0, 0, 0]), act([3, 4, 0])], makeRng(0))).toBeCloseTo(2.5, 12);
  });

  test('p1 can be chosen instead of p0', () => {
    const a = [
      act([0, 0, 0], [1, 0, 0]),
      act([0, 0, 0], [-1, 0, 0]),
      act([0, 0, 0], [0, 3, 0]),
      act([0, 0, 0], [0, -3, 0]),
    ];
    expect(candidateDiversity(a, makeRng(0))).toBe(0);
    expect(candidateDiversity(a, makeRng(0), { point: 'p1', clusters: 1 })).toBeCloseTo(Math.sqrt(5), 12);
  });

  test.each([
    [[act([0, 0, 0]), act([3, 4, 0])], 5],
    [
      [act([0, 0, 0], [0, 0, 0]), act([1, 0, 0], [0, 1, 0]), act([0, 0, 0], [0, 0, 2])],
      (Math.SQRT2 + 2 + Math.sqrt(6)) / 3,
    ],
    [[act([1, 1, 1])], 0],
  ] as const)('mean pairwise 6-D distance of %j is %f', (actions, want) => {
    expect(meanPairwiseActionDistance(actions)).toBeCloseTo(want, 12);
  });
});

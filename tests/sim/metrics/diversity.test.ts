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

  test.each([1, 2, 3])('two far modes, each with distances {1, 1, 3, 3} to its centre → 1 (seed %i)', (seed) => {
    const mode = (cx: number): Action[] => [act([cx + 1, 0, 0]), act([cx - 1, 0, 0]), act([cx, 3, 0]), act([cx, -3, 0])];
    expect(candidateDiversity([...mode(0), ...mode(100)], makeRng(seed))).toBeCloseTo(1, 12);
  });

  test('p1 can be chosen instead of p0', () => {
    const a = [act([0, 0, 0], [1, 0, 0]), act([0, 0, 0], [-1, 0, 0]), act([0, 0, 0], [0, 3, 0]), act([0, 0, 0], [0, -3, 0])];
    expect(candidateDiversity(a, makeRng(0))).toBe(0);
    expect(candidateDiversity(a, makeRng(0), { point: 'p1', clusters: 1 })).toBeCloseTo(1, 12);
  });

  test.each([
    [[act([0, 0, 0]), act([3, 4, 0])], 5],
    [[act([0, 0, 0], [0, 0, 0]), act([1, 0, 0], [0, 1, 0]), act([0, 0, 0], [0, 0, 2])], (Math.SQRT2 + 2 + Math.sqrt(6)) / 3],
    [[act([1, 1, 1])], 0],
  ] as const)('mean pairwise 6-D distance of %j is %f', (actions, want) => {
    expect(meanPairwiseActionDistance(actions)).toBeCloseTo(want, 12);
  });
});

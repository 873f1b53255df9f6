import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { hungarian } from '../../../sim/metrics/index.ts';

/** Minimum over all injective row → column maps, by enumeration. */
function bruteForce(cost: number[], n: number, m: number): number {
  let best = Infinity;
  const used = new Array<boolean>(m).fill(false);
  const go = (row: number, acc: number): void => {
    if (row === n) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < m; j++)
      if (!used[j]) {
        used[j] = true;
        go(row + 1, acc + cost[row * m + j]);
        used[j] = false;
      }
  };
  go(0, 0);
  return best;
}

describe('hungarian', () => {
  test.each([
    [1, 1, 1],
    [2, 2, 2],
    [3, 3, 3],
    [4, 4, 4],
    [5, 5, 5],
    [6, 6, 6],
    [7, 7, 7],
    [8, 2, 5],
    [9, 3, 7],
    [10, 1, 6],
    [11, 6, 6],
    [12, 5, 8],
  ])('seed %i: %i×%i random costs match brute force', (seed, n, m) => {
    const rng = makeRng(seed);
    // Integer costs make ties likely, which exercises degenerate pivots.
    const cost = Array.from({ length: n * m }, () => (seed % 2 ? rng.int(5) : rng.uniform(-3, 10)));
    const { rowToCol, total } = hungarian(cost, n, m);
    expect(total).toBeCloseTo(bruteForce(cost, n, m), 9);
    expect(new Set(rowToCol).size).toBe(n);
    expect(rowToCol.reduce((s, j, i) => s + cost[i * m + j], 0)).toBeCloseTo(total, 12);
  });

  test('a known 3×3: the classic example', () => {
    const { rowToCol, total } = hungarian([4, 1, 3, 2, 0, 5, 3, 2, 2], 3, 3);
    expect(total).toBe(5);
    expect([...rowToCol]).toEqual([1, 0, 2]);
  });

  test('rejects more rows than columns and non-finite costs', () => {
    expect(() => hungarian([1, 2], 2, 1)).toThrow(/rows ≤ cols, got rows 2, cols 1/);
    expect(() => hungarian([1, NaN, 0, 0], 2, 2)).toThrow(/got NaN at row 0, col 1/);
  });
});

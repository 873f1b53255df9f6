import { expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { binnedTriplets } from '../../../reward/models/index.ts';

test('ordered triplets come from separated bins of the score, and about half are "equal"', () => {
  const rng = makeRng(3);
  const scores = Array.from({ length: 300 }, () => rng.uniform(-1, 1));
  const sorted = [...scores].sort((a, b) => a - b);
  const q = (f: number) => sorted[Math.round(f * scores.length)];
  const out = binnedTriplets(scores, { count: 150, equalWithin: 0.05 }, makeRng(1));
  expect(out).toHaveLength(150);
  const ordered = out.filter((t) => t.y === 1),
    equal = out.filter((t) => t.y === 0.5);
  expect(equal.length).toBe(75);
  for (const t of ordered) {
    // worst < 30 % quantile ≤ 40 % ≤ middle < 60 % ≤ 70 % ≤ best: a gap on each side of the middle bin.
    expect(scores[t.neg]).toBeLessThan(q(0.3));
    expect(scores[t.neu]).toBeGreaterThanOrEqual(q(0.4));
    expect(scores[t.neu]).toBeLessThan(q(0.6));
    expect(scores[t.pos]).toBeGreaterThanOrEqual(q(0.7));
  }
  for (const t of equal) {
    const s = [scores[t.pos], scores[t.neu], scores[t.neg]];
    expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(0.05);
    expect(new Set([t.pos, t.neu, t.neg]).size).toBe(3);
  }
  // Shuffled: the first half keeps roughly the same mix (the 75-triplet benchmark is a prefix).
  const firstHalfEqual = out.slice(0, 75).filter((t) => t.y === 0.5).length;
  expect(firstHalfEqual).toBeGreaterThan(20);
  expect(firstHalfEqual).toBeLessThan(55);
});

test('a pool too spread for "equal" triplets is refused naming the field', () => {
  const scores = Array.from({ length: 30 }, (_, i) => i);
  expect(() => binnedTriplets(scores, { count: 4, equalWithin: 0.5 }, makeRng(0))).toThrow(/equalWithin/);
});

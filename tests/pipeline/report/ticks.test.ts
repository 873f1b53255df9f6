import { describe, expect, test } from 'vitest';
import { categoryLabelStep, niceScale, tickValues } from '../../../pipeline/eval/report/ticks.ts';

/** A step of 1, 2 or 5 × 10^k. */
const isRoundStep = (s: number) => {
  const m = s / 10 ** Math.floor(Math.log10(s) + 1e-9);
  return [1, 2, 5].some((r) => Math.abs(m - r) < 1e-9);
};

describe('round axis ticks', () => {
  test.each([
    [-0.26, 1.14, [0, 1], { min: 0, max: 1, interval: 0.2 }],
    [0.21, 0.79, [0, 1], { min: 0.2, max: 0.8, interval: 0.2 }],
    [-1.25, 3.25, [0, Infinity], { min: 0, max: 4, interval: 1 }],
    [0.0082, 0.0139, [0, Infinity], { min: 0.008, max: 0.014, interval: 0.002 }],
    [3, 3, [0, Infinity], { min: 2.6, max: 3.4, interval: 0.2 }],
  ] as const)('[%f, %f] in %j → %j', (lo, hi, range, want) => {
    expect(niceScale(lo, hi, range)).toEqual(want);
  });

  test.each([
    [0, 0.137],
    [0.43, 0.9],
    [-3.7, 12.2],
    [1e-5, 3e-5],
    [17, 1234],
  ])('[%f, %f]: round ticks covering the data', (lo, hi) => {
    const s = niceScale(lo, hi);
    expect(isRoundStep(s.interval)).toBe(true);
    expect(s.min).toBeLessThanOrEqual(lo);
    expect(s.max).toBeGreaterThanOrEqual(hi);
    for (const t of tickValues(s)) expect(Math.abs(t / s.interval - Math.round(t / s.interval))).toBeLessThan(1e-9);
    expect(tickValues(s).length).toBeGreaterThanOrEqual(3);
    expect(tickValues(s).length).toBeLessThanOrEqual(11);
  });

  test('no finite data: the range itself, or [0, 1]', () => {
    expect(niceScale(NaN, NaN, [0, 1])).toEqual({ min: 0, max: 1, interval: 0.2 });
    expect(niceScale(Infinity, -Infinity)).toEqual({ min: 0, max: 1, interval: 0.2 });
  });
});

describe('category axis labels (steps)', () => {
  test.each([
    [5, 1],
    [12, 1],
    [16, 2],
    [51, 5],
    [101, 10],
    [301, 50],
  ])('%i steps are labelled every %i', (count, every) => {
    expect(categoryLabelStep(count)).toBe(every);
  });
});

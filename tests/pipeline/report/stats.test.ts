/** Intervals respect each figure's range (issue 18): bootstrap for bounded means, Wilson for rates. */
import { describe, expect, test } from 'vitest';
import { bootstrapMeanCI, summariseMethod, wilsonCI } from '../../../pipeline/eval/index.ts';
import { result } from './fixtures.ts';

describe('bootstrapMeanCI', () => {
  test('stays inside the data and the declared range where Student t leaves [0, 1]', () => {
    const v = [1, 1, 1, 0.2];
    const c = bootstrapMeanCI(v, [0, 1]);
    expect(c.mean).toBeCloseTo(0.8);
    expect(c.lo).toBeGreaterThanOrEqual(0.2);
    expect(c.hi).toBeLessThanOrEqual(1);
    expect(c.lo).toBeLessThan(c.mean);
    expect(c.n).toBe(4);
  });

  test('a count never gets a negative bound', () => {
    const c = bootstrapMeanCI([0, 0, 0, 5], [0, Infinity]);
    expect(c.lo).toBe(0);
    expect(c.hi).toBeLessThanOrEqual(5);
  });

  test('one value has no interval, none has no mean', () => {
    const one = bootstrapMeanCI([0.4]);
    expect(one.mean).toBe(0.4);
    expect(one.lo).toBeNaN();
    expect(one.hi).toBeNaN();
    expect(bootstrapMeanCI([NaN]).mean).toBeNaN();
  });

  test('is the same on every call (seeded)', () => {
    const v = [0.1, 0.5, 0.3, 0.9, 0.2];
    expect(bootstrapMeanCI(v)).toEqual(bootstrapMeanCI(v));
  });
});

describe('wilsonCI', () => {
  test.each([
    // Known values: Wilson 95 % for 0/12, 6/12, 12/12 (z = 1.96).
    [0, 12, 0, 0.2425],
    [6, 12, 0.2538, 0.7462],
    [12, 12, 0.7575, 1],
  ])('%i of %i → [%f, %f]', (k, n, lo, hi) => {
    const r = wilsonCI(k, n);
    expect(r.lo).toBeCloseTo(lo, 3);
    expect(r.hi).toBeCloseTo(hi, 3);
    expect(r.value).toBe(k / n);
  });

  test('no trials: no rate', () => {
    expect(wilsonCI(0, 0).value).toBeNaN();
  });
});

describe('method summaries', () => {
  test('steps to success exist only for methods that succeeded, over their successful episodes', () => {
    const never = summariseMethod(
      'sl',
      [0, 1, 2].map((s) => result('sl', s, 0.5)),
    );
    expect(never.stepsToSuccess.mean).toBeNaN();
    expect(never.stepsToSuccess.n).toBe(0);
    expect(never.success).toMatchObject({ value: 0, n: 3, lo: 0 });
    const some = summariseMethod('expert', [
      result('expert', 0, 0.95, { success: true, stepsToSuccess: 4 }),
      result('expert', 1, 0.95, { success: true, stepsToSuccess: 6 }),
      result('expert', 2, 0.5),
    ]);
    expect(some.stepsToSuccess.mean).toBe(5);
    expect(some.stepsToSuccess.n).toBe(2);
  });

  test('coverage curves and counts stay in their ranges', () => {
    const rs = [0, 1, 2, 3].map((s) =>
      result('sl', s, s === 3 ? 0.1 : 1, { extra: { keepOutViolations: s === 3 ? 5 : 0 } }),
    );
    const m = summariseMethod('sl', rs);
    for (const p of [...m.curve, m.final]) {
      expect(p.lo).toBeGreaterThanOrEqual(0);
      expect(p.hi).toBeLessThanOrEqual(1);
    }
    expect(m.extra.keepOutViolations.lo).toBeGreaterThanOrEqual(0);
  });
});

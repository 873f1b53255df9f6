import { describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';

describe('makeRng', () => {
  test('the same seed gives the same stream', () => {
    const a = makeRng(7),
      b = makeRng(7);
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
  });

  test('nearby seeds give different streams', () => {
    expect(makeRng(1).next()).not.toBe(makeRng(2).next());
  });

  test('uniform draws fill [0,1) and normals have unit variance', () => {
    const rng = makeRng(3);
    let lo = 1,
      hi = 0,
      s = 0,
      s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(hi - lo).toBeGreaterThan(0.99);
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });

  test('a non-finite seed is refused', () => {
    expect(() => makeRng(NaN)).toThrow(/seed/);
  });
});

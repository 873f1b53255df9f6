import { describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { addNoise, makeNoiseSchedule } from '../../policy/index.ts';

describe('squared-cosine schedule', () => {
  const s = makeNoiseSchedule();

  test('defaults: T = 100, s = 0.008, cap 0.999', () => {
    expect(s.steps).toBe(100);
    expect(s.betas.length).toBe(100);
    expect(s.config).toMatchObject({ steps: 100, offset: 0.008, maxBeta: 0.999, clipSample: 1 });
  });

  test('β in (0, cap], increasing; ᾱ decreasing from ≈1 to ≈0', () => {
    for (let t = 0; t < 100; t++) {
      expect(s.betas[t]).toBeGreaterThan(0);
      expect(s.betas[t]).toBeLessThanOrEqual(0.999);
      if (t > 0) {
        expect(s.betas[t]).toBeGreaterThan(s.betas[t - 1]);
        expect(s.alphaBars[t]).toBeLessThan(s.alphaBars[t - 1]);
      }
      expect(s.alphas[t]).toBeCloseTo(1 - s.betas[t], 12);
    }
    expect(s.alphaBars[0]).toBeGreaterThan(0.999);
    expect(s.alphaBars[99]).toBeLessThan(1e-4);
    expect(s.betas[99]).toBe(0.999); // the last step hits the cap
  });

  test('ᾱ_t follows the closed form cos²((t+1)/T + s)/(1+s)·π/2) / cos²(s/(1+s)·π/2) below the cap', () => {
    const f = (t: number) => Math.cos(((t / 100 + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (const t of [0, 10, 50, 90, 98]) expect(s.alphaBars[t]).toBeCloseTo(f(t + 1) / f(0), 10);
  });

  test('a cap below the natural β changes the tail only', () => {
    const capped = makeNoiseSchedule({ maxBeta: 0.2 });
    expect(Math.max(...capped.betas)).toBe(0.2);
    expect(capped.betas[0]).toBe(s.betas[0]);
  });

  test('addNoise: √ᾱ a + √(1−ᾱ) ε per row', () => {
    const rng = makeRng(3);
    const a = new Float32Array(12).map(() => rng.normal()),
      e = new Float32Array(12).map(() => rng.normal());
    const x = addNoise(s, a, e, [0, 70], 6);
    for (let j = 0; j < 12; j++) {
      const t = j < 6 ? 0 : 70;
      expect(x[j]).toBeCloseTo(Math.sqrt(s.alphaBars[t]) * a[j] + Math.sqrt(1 - s.alphaBars[t]) * e[j], 5);
    }
  });

  test('invalid config is refused naming the field', () => {
    expect(() => makeNoiseSchedule({ steps: 1 })).toThrow(/steps/);
  });
});

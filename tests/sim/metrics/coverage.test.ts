import { describe, expect, test } from 'vitest';
import { coveredArea, normalisedCoverage } from '../../../sim/metrics/index.ts';
import { lattice } from './helpers.ts';

describe('coveredArea', () => {
  test.each([
    // rows, cols, spacing: a flat lattice with radius s/2 tiles its grown box: area (rows·s)(cols·s).
    [24, 24, 0.02],
    [24, 24, 0.0137],
    [10, 30, 0.01],
    [48, 1, 0.015],
  ])('a flat %i×%i lattice, spacing %f, covers exactly its tiles', (rows, cols, s) => {
    const area = coveredArea(lattice(rows, cols, s), s / 2);
    expect(Math.abs(area / (rows * s * cols * s) - 1)).toBeLessThan(1e-6);
  });

  test('folding a 24×24 cloth in half halves the covered area', () => {
    const s = 0.02,
      flat = lattice(24, 24, s);
    const folded = Float32Array.from(flat);
    const mid = 11.5 * s;
    for (let i = 0; i < folded.length; i += 3)
      if (folded[i] > mid) {
        folded[i] = 2 * mid - folded[i];
        folded[i + 2] = 0.004;
      }
    expect(Math.abs(coveredArea(folded, s / 2) / (12 * s * 24 * s) - 1)).toBeLessThan(1e-6);
  });

  test('in a fixed box, a 10×10 lattice on cell centres marks exactly 100 cells', () => {
    const p = lattice(10, 10, 0.01, 0.005, 0.005);
    const area = coveredArea(p, 0.005, { box: { min: [0, 0], max: [1, 1] } });
    expect(area).toBeCloseTo(100 * 0.01 * 0.01, 12);
  });

  test.each([
    ['square', 9],
    ['disc', 5],
  ] as const)('one particle with radius of one cell marks a %s of %i cells', (footprint, cells) => {
    const box = { min: [0, 0] as [number, number], max: [1, 1] as [number, number] };
    const area = coveredArea([0.505, 0.505, 0], 0.01, { box, footprint });
    expect(area).toBeCloseTo(cells * 1e-4, 12);
  });

  test('no particles cover nothing; bad radius is rejected', () => {
    expect(coveredArea(new Float32Array(0), 0.01)).toBe(0);
    expect(() => coveredArea(new Float32Array(3), -1)).toThrow(/radius: expected a number ≥ 0, got -1/);
    expect(() => coveredArea(new Float32Array(4), 0.1)).toThrow(/multiple of 3/);
  });
});

describe('normalisedCoverage', () => {
  test.each([
    [0.1, 0.1, 0.5, 0],
    [0.5, 0.1, 0.5, 1],
    [0.3, 0.1, 0.5, 0.5],
    [0.05, 0.1, 0.5, -0.125],
    [0.5, 0.5, 0.5, 1],
    [0.4, 0.5, 0.5, 0],
  ])('A=%f, A0=%f, Amax=%f → %f', (a, a0, amax, want) => {
    expect(normalisedCoverage(a, a0, amax)).toBeCloseTo(want, 12);
  });
});

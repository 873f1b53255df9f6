import { describe, expect, test } from 'vitest';
import { insideOutline, latticeMesh, TSHIRT_OUTLINE, tshirtLattice, type Outline } from '../../sim/objects/index.ts';

const square: Outline = [
  [0, 0],
  [0.3, 0],
  [0.3, 0.3],
  [0, 0.3],
];

describe('lattice mesh', () => {
  test("a square outline gives the square cloth: 4×4 particles, 9 cells, Rapier's generator's edges", () => {
    const m = latticeMesh(square, 0.1);
    expect(m.flat.length / 2).toBe(16);
    expect(m.triangles.length / 3).toBe(18);
    // Rapier's SoftBodyDesc.cloth(…, 4, 4) makes 58 edges, 16 of them bending (measured).
    expect(m.edges.length / 2).toBe(42);
    expect(m.bendEdges.length / 2).toBe(16);
  });

  test('cells that touch only at a corner are joined by a filled neighbour', () => {
    // Two squares meeting at (0.1, 0.1) only.
    const pinch: Outline = [
      [0, 0],
      [0.1, 0],
      [0.1, 0.1],
      [0.2, 0.1],
      [0.2, 0.2],
      [0.1, 0.2],
      [0.1, 0.1],
      [0, 0.1],
    ];
    const m = latticeMesh(pinch, 0.1);
    expect(m.triangles.length / 3).toBe(6);
  });

  test('the even-odd rule sees inside and outside of a concave outline', () => {
    expect(insideOutline(TSHIRT_OUTLINE, 0, 0)).toBe(true);
    expect(insideOutline(TSHIRT_OUTLINE, 0, 0.14)).toBe(false); // the neckline
    expect(insideOutline(TSHIRT_OUTLINE, 0.15, -0.1)).toBe(false); // under a sleeve
    expect(insideOutline(TSHIRT_OUTLINE, 0.15, 0.08)).toBe(true); // in a sleeve
  });

  test('the T-shirt lattice: 458 particles, 808 triangles, mirror-symmetric, every particle on a triangle', () => {
    const m = tshirtLattice();
    const n = m.flat.length / 2;
    expect(n).toBe(458);
    expect(m.triangles.length / 3).toBe(808);
    const used = new Set(m.triangles);
    expect(used.size).toBe(n);
    const key = (x: number, y: number) => `${Math.round(x * 1e4)},${Math.round(y * 1e4)}`;
    const points = new Set(Array.from({ length: n }, (_, i) => key(m.flat[2 * i], m.flat[2 * i + 1])));
    for (let i = 0; i < n; i++) expect(points.has(key(-m.flat[2 * i], m.flat[2 * i + 1]))).toBe(true);
    // Sleeves: 0.35 m across at the cuffs, the body 0.2 m.
    const xs = Array.from({ length: n }, (_, i) => m.flat[2 * i]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0.33);
    const hem = xs.filter((_, i) => m.flat[2 * i + 1] < -0.13);
    expect(Math.max(...hem) - Math.min(...hem)).toBeLessThan(0.22);
  });
});

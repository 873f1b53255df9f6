import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { discOffsets, shapeIoU } from '../../../sim/metrics/index.ts';
import { lShape, transformed } from './helpers.ts';

describe('shapeIoU', () => {
  test.each([
    ['identical', 0, [0, 0, 0]],
    ['translated', 0, [0.3, -0.2, 0.05]],
    ['rotated 90°', Math.PI / 2, [0, 0, 0]],
    ['rotated 180° and moved', Math.PI, [1, 2, 0]],
    ['rotated −10°', -Math.PI / 18, [0, 0, 0]],
  ] as const)('%s copy of an L shape → IoU 1', (_name, angle, t) => {
    const a = lShape(800, makeRng(1));
    const b = transformed(a, angle, [...t]);
    expect(shapeIoU(a, b)).toBeCloseTo(1, 9);
  });

  test('without the rotation search a 90° copy of an L does not match', () => {
    const a = lShape(800, makeRng(2));
    expect(shapeIoU(a, transformed(a, Math.PI / 2), { rotations: [0] })).toBeLessThan(0.8);
  });

  test('a small square inside a big one gives the pixel-exact value', () => {
    // Big: points at x, y ∈ {0..99} (mask covers all 100×100 px). Small: {25.5..73.5}, same mean,
    // so pixels 25..73, dilated by the 21-px disc to 23..75 (53 px) minus 4 corners.
    const big: number[] = [],
      small: number[] = [];
    for (let j = 0; j < 100; j++) for (let i = 0; i < 100; i++) big.push(i, j, 0);
    for (let j = 0; j < 49; j++) for (let i = 0; i < 49; i++) small.push(25.5 + i, 25.5 + j, 0);
    const iou = shapeIoU(Float32Array.from(small), Float32Array.from(big), { rotations: [0] });
    expect(iou).toBeCloseTo((53 * 53 - 4) / 10000, 12);
  });

  test('a ring against a filled disc of the same radius scores well below 1', () => {
    const ring: number[] = [],
      disc: number[] = [];
    for (let i = 0; i < 400; i++) ring.push(Math.cos(i / 63.66), Math.sin(i / 63.66), 0);
    for (let j = -20; j <= 20; j++)
      for (let i = -20; i <= 20; i++) if (i * i + j * j <= 400) disc.push(i / 20, j / 20, 0);
    const iou = shapeIoU(Float32Array.from(ring), Float32Array.from(disc));
    expect(iou).toBeGreaterThan(0.05);
    expect(iou).toBeLessThan(0.35);
  });

  test('the disc of radius 2 has 21 pixels, radius 1 has 9', () => {
    expect(discOffsets(2).length / 2).toBe(21);
    expect(discOffsets(1).length / 2).toBe(9);
    expect(discOffsets(0).length / 2).toBe(1);
  });

  test('empty or non-finite clouds are rejected with the field named', () => {
    expect(() => shapeIoU(new Float32Array(0), new Float32Array(3))).toThrow(/0 current and 1 target/);
    expect(() => shapeIoU(new Float32Array([0, NaN, 0]), new Float32Array(3))).toThrow(
      /current: expected finite coordinates, got NaN at point 0, axis 1/,
    );
  });
});

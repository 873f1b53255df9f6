import { describe, expect, test } from 'vitest';
import {
  centroid,
  circleTarget,
  insideTShape,
  shapeIoU,
  tBlockFootprint,
  tShapePolygon,
  tShapeTarget,
} from '../../../sim/metrics/index.ts';

describe('targets', () => {
  test.each([
    [0.1, 64],
    [0.25, 500],
  ])('circle of radius %f with %i points lies on the circle', (r, n) => {
    const c = circleTarget(r, n, [0.3, -0.1]);
    expect(c.length).toBe(3 * n);
    for (let i = 0; i < n; i++) expect(Math.hypot(c[3 * i] - 0.3, c[3 * i + 1] + 0.1)).toBeCloseTo(r, 6);
    const [cx, cy] = centroid(c);
    expect(cx).toBeCloseTo(0.3, 6);
    expect(cy).toBeCloseTo(-0.1, 6);
  });

  test('the filled T has the right area, is centred and every point is inside', () => {
    const spacing = 0.005,
      t = tShapeTarget({}, spacing);
    const area = 0.24 * 0.06 + 0.06 * 0.18;
    expect(t.length / 3).toBe(Math.round(area / spacing ** 2));
    const [cx, cy] = centroid(t);
    expect(Math.abs(cx)).toBeLessThan(1e-6);
    expect(Math.abs(cy)).toBeLessThan(1e-6);
    for (let i = 0; i < t.length; i += 3) expect(insideTShape(t[i], t[i + 1])).toBe(true);
    expect(insideTShape(0.1, -0.05)).toBe(false);
    expect(tShapePolygon()).toHaveLength(8);
  });

  test('a T block footprint at a pose matches the T up to rotation', () => {
    const fp = tBlockFootprint({ x: 0.5, y: 0.2, theta: Math.PI / 2 });
    const [cx, cy] = centroid(fp);
    expect(cx).toBeCloseTo(0.5, 5);
    expect(cy).toBeCloseTo(0.2, 5);
    expect(shapeIoU(fp, tShapeTarget())).toBeCloseTo(1, 9);
  });

  test('a circle is not a T', () => {
    const iou = shapeIoU(circleTarget(0.1, 400), tShapeTarget(), { aspect: 'uniform' });
    expect(iou).toBeLessThan(0.5);
  });
});

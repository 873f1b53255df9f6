import { describe, expect, test } from 'vitest';
import { ringIoU } from '../../../sim/metrics/index.ts';
import { CIRCLE_RADIUS, ropeCircle } from '../../../sim/tasks/rope-circle.ts';
import type { SimObject } from '../../../sim/objects/index.ts';

const BAND = 0.0106; // the default rope's thickness, m

/** A 48-particle rope of length 2πR laid on a circle of radius R about (x, y); `squash` < 1 makes an ellipse. */
function circleRope(x = 0, y = 0, squash = 1, n = 48): Float32Array {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / (n - 1);
    out.set([x + CIRCLE_RADIUS * Math.cos(t), y + squash * CIRCLE_RADIUS * Math.sin(t), 0.006], 3 * i);
  }
  return out;
}

function straightRope(n = 48, length = 0.5): Float32Array {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) out.set([-length / 2 + (length * i) / (n - 1), 0, 0.006], 3 * i);
  return out;
}

describe('ringIoU', () => {
  test('the cached ring area keeps each radius and band apart: alternating calls repeat exactly', () => {
    const rope = circleRope();
    const a = ringIoU(rope, CIRCLE_RADIUS, { band: BAND });
    const b = ringIoU(rope, 1.2 * CIRCLE_RADIUS, { band: BAND });
    const c = ringIoU(rope, CIRCLE_RADIUS, { band: 2 * BAND });
    expect(b).toBeLessThan(a);
    expect(c).not.toBe(a);
    expect([ringIoU(rope, CIRCLE_RADIUS, { band: BAND }), ringIoU(rope, 1.2 * CIRCLE_RADIUS, { band: BAND })]).toEqual([
      a,
      b,
    ]);
    expect(ringIoU(rope, CIRCLE_RADIUS, { band: 2 * BAND })).toBe(c);
  });

  test('a rope lying on the goal circle scores at least 0.95', () => {
    expect(ringIoU(circleRope(), CIRCLE_RADIUS, { band: BAND })).toBeGreaterThanOrEqual(0.95);
  });

  test('a straight rope and an ellipse score low', () => {
    expect(ringIoU(straightRope(), CIRCLE_RADIUS, { band: BAND })).toBeLessThan(0.1);
    expect(ringIoU(circleRope(0, 0, 0.6), CIRCLE_RADIUS, { band: BAND })).toBeLessThan(0.4);
  });

  test('translation does not change the score', () => {
    const here = ringIoU(circleRope(0, 0, 0.9), CIRCLE_RADIUS, { band: BAND });
    const there = ringIoU(circleRope(0.213, -0.171, 0.9), CIRCLE_RADIUS, { band: BAND });
    expect(Math.abs(here - there)).toBeLessThan(0.02);
  });

  test('a circle of the wrong radius scores below the right one', () => {
    const right = ringIoU(circleRope(), CIRCLE_RADIUS, { band: BAND });
    expect(ringIoU(circleRope(), CIRCLE_RADIUS * 1.3, { band: BAND })).toBeLessThan(right - 0.5);
  });

  test('bad input names the field', () => {
    expect(() => ringIoU(new Float32Array(3), 0.1, { band: BAND })).toThrow(
      /ringIoU points: expected an \[N ≥ 2, 3\] polyline/,
    );
    expect(() => ringIoU(circleRope(), -1, { band: BAND })).toThrow(/ringIoU radius/);
    expect(() => ringIoU(circleRope(), 0.1, { band: 0 })).toThrow(/ringIoU band/);
    const bad = circleRope();
    bad[4] = NaN;
    expect(() => ringIoU(bad, 0.1, { band: BAND })).toThrow(/finite coordinates at point 0 or 1/);
  });
});

describe('rope-circle metrics', () => {
  const rope = (p: Float32Array) => ({ points: () => p, radius: BAND / 2 }) as unknown as SimObject;

  test('the goal state is a success; a straight rope is not', () => {
    const m = ropeCircle.metrics(rope(circleRope(0.1, 0.05)), {});
    expect(m.iou).toBeGreaterThanOrEqual(0.95);
    expect(m.iou).toBeGreaterThanOrEqual(ropeCircle.success.threshold);
    expect(ropeCircle.metrics(rope(straightRope()), {}).iou).toBeLessThan(ropeCircle.success.threshold / 4);
  });
});

import type { Driver } from './driver.ts';
import { PUSHER, WIPER, type RigidToolName } from '../tools/tools.ts';
import type { Vec3 } from '../types.ts';

/** Approach height above the table (m) and speeds (m/s) of the wiper and pusher. */
export const SWEEP = { approach: 0.08, speed: 0.3, approachSpeed: 0.6 } as const;
export const PUSH = { approach: 0.08, speed: 0.15, approachSpeed: 0.6 } as const;

function slide(
  d: Driver,
  tool: RigidToolName,
  start: Vec3,
  end: Vec3,
  z: number,
  cfg: { approach: number; speed: number; approachSpeed: number },
): void {
  const yaw = Math.atan2(end[1] - start[1], end[0] - start[0]);
  d.tools.teleport(tool, [start[0], start[1], cfg.approach], yaw);
  d.moveTool(tool, [start[0], start[1], z], cfg.approachSpeed, yaw);
  d.moveTool(tool, [end[0], end[1], z], cfg.speed, yaw);
  d.moveTool(tool, [end[0], end[1], cfg.approach], cfg.approachSpeed, yaw);
  d.tools.park(tool);
}

/** Lowers the 0.1 m wiper at `start`, its blade across the motion, and wipes to `end`. */
export function sweep(d: Driver, start: Vec3, end: Vec3): void {
  slide(d, 'wiper', start, end, WIPER.halfHeight + 0.001, SWEEP);
}

/**
 * Lowers the round pusher at `start` and pushes in a straight line to `end`. A start on top of the
 * object is moved back along the push, 5 mm at a time (at most 0.15 m), to where the pusher touches
 * down beside it: landing on the block's edge tipped it up by ~24° (issue 16).
 */
export function push(d: Driver, start: Vec3, end: Vec3): void {
  slide(d, 'pusher', touchdown(d, start, end), end, PUSHER.halfHeight + 0.001, PUSH);
}

function touchdown(d: Driver, start: Vec3, end: Vec3): Vec3 {
  const len = Math.hypot(end[0] - start[0], end[1] - start[1]);
  if (len === 0) return start;
  const ux = (end[0] - start[0]) / len,
    uy = (end[1] - start[1]) / len;
  const points = d.object.points();
  // Object samples lie a sample spacing (2 × radius) apart, so its edge may be that far beyond one.
  const reach = PUSHER.radius + 2 * d.object.radius + 0.002;
  const clear = (x: number, y: number): boolean => {
    for (let i = 0; i < points.length; i += 3) {
      if (Math.hypot(points[i] - x, points[i + 1] - y) < reach) return false;
    }
    return true;
  };
  for (let back = 0; back <= 0.15 + 1e-9; back += 0.005) {
    const x = start[0] - ux * back,
      y = start[1] - uy * back;
    if (clear(x, y)) return [x, y, start[2]];
  }
  return start;
}

import type { Driver } from './driver.ts';
import { PUSHER, WIPER, type RigidToolName } from '../tools/tools.ts';
import type { Vec3 } from '../types.ts';

/** Approach height above the table (m) and speeds (m/s) of the wiper and pusher. */
export const SWEEP = { approach: 0.08, speed: 0.3, approachSpeed: 0.6 } as const;
export const PUSH = { approach: 0.08, speed: 0.15, approachSpeed: 0.6 } as const;

function slide(d: Driver, tool: RigidToolName, start: Vec3, end: Vec3, z: number, cfg: { approach: number; speed: number; approachSpeed: number }): void {
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

/** Lowers the round pusher at `start` and pushes in a straight line to `end`. */
export function push(d: Driver, start: Vec3, end: Vec3): void {
  slide(d, 'pusher', start, end, PUSHER.halfHeight + 0.001, PUSH);
}

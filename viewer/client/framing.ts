/**
 * What the cameras frame for a query: the object (start state and every outcome), the goal, the
 * keep-out zone and the candidate actions' endpoints, as an xy box on the table, metres. Built
 * once per query (and once more when all outcomes have arrived), never per frame.
 */
import type { Action, Frame } from '../../sim/types.ts';
import type { SceneInfo } from '../protocol/index.ts';

export interface Box2 {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function emptyBox(): Box2 {
  return { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
}

export function isEmpty(b: Box2): boolean {
  return !(b.maxX >= b.minX && b.maxY >= b.minY);
}

function add(b: Box2, x: number, y: number, pad = 0): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return;
  b.minX = Math.min(b.minX, x - pad);
  b.maxX = Math.max(b.maxX, x + pad);
  b.minY = Math.min(b.minY, y - pad);
  b.maxY = Math.max(b.maxY, y + pad);
}

/** Rectangles [cx, cy, hx, hy] placed at (x, y) turned by theta (radians). */
function addRects(b: Box2, rects: [number, number, number, number][], x: number, y: number, theta: number): void {
  const c = Math.cos(theta),
    s = Math.sin(theta);
  for (const [cx, cy, hx, hy] of rects) {
    for (const [dx, dy] of [
      [-hx, -hy],
      [hx, -hy],
      [hx, hy],
      [-hx, hy],
    ]) {
      const px = cx + dx,
        py = cy + dy;
      add(b, x + c * px - s * py, y + s * px + c * py);
    }
  }
}

/**
 * Screen-space lift of a point's height: seen from the default camera (tilted about 23° from
 * vertical, towards −y), a point z metres up appears where a table point z·tan(23°) further +y does.
 */
const Z_LIFT = 0.42;

/**
 * The object in `frame`: its particles (a raised point counts where it appears), or its rigid bodies with the block's
 * reach.
 */
export function addObject(b: Box2, info: SceneInfo, frame: Frame): void {
  const p = frame.particles;
  for (let i = 0; i + 2 < p.length; i += 3) add(b, p[i], p[i + 1] + Z_LIFT * Math.max(0, p[i + 2]), info.radius);
  if (info.block) {
    let reach = 0;
    for (const [cx, cy, hx, hy] of info.block.rects)
      reach = Math.max(reach, Math.hypot(Math.abs(cx) + hx, Math.abs(cy) + hy));
    for (let r = 0; r < info.objectBodies; r++) add(b, frame.bodies[7 * r], frame.bodies[7 * r + 1], reach);
  }
}

export function addGoal(b: Box2, info: SceneInfo): void {
  const g = info.goal;
  if (!g) return;
  if (g.shape === 'circle') add(b, g.cx, g.cy, g.r);
  else if (g.shape === 'square') add(b, g.cx, g.cy, g.size / 2);
  else if (g.shape === 'outline') for (const [x, y] of g.points) add(b, g.cx + x, g.cy + y);
  else addRects(b, g.rects, g.x, g.y, g.theta);
}

/** The keep-out zone, so it is always in frame when the task has one. */
export function addKeepOut(b: Box2, info: SceneInfo): void {
  const k = info.keepOut;
  if (!k) return;
  add(b, k.xMin, k.yMin);
  add(b, k.xMax, k.yMax);
}

/** Both points of each world-frame action. */
export function addActions(b: Box2, actions: Action[]): void {
  for (const a of actions) {
    add(b, a.p0[0], a.p0[1]);
    add(b, a.p1[0], a.p1[1]);
  }
}

/** Clips the box to the table (workspace half-width), so a stray point never zooms out past it. */
export function clipToTable(b: Box2, half: number): void {
  b.minX = Math.max(b.minX, -half);
  b.minY = Math.max(b.minY, -half);
  b.maxX = Math.min(b.maxX, half);
  b.maxY = Math.min(b.maxY, half);
}

import { DEFAULT_GRANULES, makeGranules, tRectangles, type SimObject } from '../objects/index.ts';
import { insideTShape, shapeIoU, tShapeTarget } from '../metrics/index.ts';
import { DEFAULT_SETTLE } from '../primitives/index.ts';
import type { Action, Rng, Vec3 } from '../types.ts';
import { rankByLookahead } from './lookahead.ts';
import { settleWorld } from './settle-world.ts';
import { bodySlots } from '../scene/body-slots.ts';
import type { TaskScene, TaskSpec } from './task-spec.ts';

/**
 * The goal T, centred at the table origin: the default T scaled 1.4x (~0.05 m²), about the area
 * 500 granules cover in two layers, so a filled T neither spills nor leaves holes.
 */
export const GOAL_T = { barWidth: 0.336, barHeight: 0.084, stemWidth: 0.084, stemHeight: 0.252 };
const TARGET = tShapeTarget(GOAL_T);
const TARGET_XY: [number, number][] = [];
for (let i = 0; i < TARGET.length; i += 3) TARGET_XY.push([TARGET[i], TARGET[i + 1]]);

/** Nearest point of the goal T centred at (cx, cy) to (x, y), pulled 1.5 cm further inside along the way. */
function nearestGoal(x: number, y: number, cx: number, cy: number): [number, number] {
  let best = TARGET_XY[0],
    bd = Infinity;
  for (const t of TARGET_XY) {
    const d = (t[0] + cx - x) ** 2 + (t[1] + cy - y) ** 2;
    if (d < bd) {
      bd = d;
      best = t;
    }
  }
  const len = Math.sqrt(bd) || 1;
  const gx = best[0] + cx,
    gy = best[1] + cy;
  return [gx + (0.015 * (gx - x)) / len, gy + (0.015 * (gy - y)) / len];
}

/**
 * Cells (2 cm) of the goal T centred at (cx, cy) with fewer granules than a filled T holds, emptiest first. [x, y,
 * count].
 */
function emptyGoalCells(p: Float32Array, cx: number, cy: number): [number, number, number][] {
  const cells: [number, number, number][] = [];
  const h = 0.02;
  for (let x = -GOAL_T.barWidth / 2 + h / 2; x < GOAL_T.barWidth / 2; x += h) {
    for (let y = -0.2; y < 0.2; y += h) {
      if (!insideTShape(x, y, GOAL_T)) continue;
      let count = 0;
      for (let i = 0; i < p.length; i += 3)
        if (Math.abs(p[i] - cx - x) < h / 2 && Math.abs(p[i + 1] - cy - y) < h / 2) count++;
      cells.push([x + cx, y + cy, count]);
    }
  }
  return cells.filter((c) => c[2] < 4).sort((a, b) => a[2] - b[2]);
}

/**
 * Mean xy of the granules within reach (|x|, |y| ≤ 0.4 m): where the expert centres the goal T (and a viewer should
 * draw it).
 */
export function reachableCentroid(p: Float32Array): [number, number] {
  let sx = 0,
    sy = 0,
    n = 0;
  for (let i = 0; i < p.length; i += 3) {
    if (Math.abs(p[i]) > 0.4 || Math.abs(p[i + 1]) > 0.4) continue;
    sx += p[i];
    sy += p[i + 1];
    n++;
  }
  return n > 0 ? [sx / n, sy / n] : [0, 0];
}

/**
 * Expert sweep: push stray granules (outside the goal T) into the emptiest part of the T near
 * them. The wiper starts 3 cm behind a stray and wipes through it to an empty goal cell, so it
 * carries the clump around that stray along. The goal T is centred on the pile's current
 * centroid: the IoU zero-means both clouds, so that is the T it measures against (a T fixed at the
 * origin made the expert drag a pile that lay off-centre across the table). Modes: different
 * strays. Sweeps of granules are noisy, so the expert looks ahead and ranks four such sweeps by
 * the IoU they reach.
 */
function expert(scene: TaskScene, rng: Rng, k: number): Action[] {
  return rankByLookahead(scene, straySweeps(scene, rng, Math.max(k, 4)), k);
}

/** Sweeps of `count` different strays into empty goal cells, farthest strays first. */
function straySweeps(scene: TaskScene, rng: Rng, k: number): Action[] {
  const p = scene.particles();
  const [cx, cy] = reachableCentroid(p);
  const strays: { x: number; y: number; d: number }[] = [];
  for (let i = 0; i < p.length; i += 3) {
    const x = p[i],
      y = p[i + 1];
    // Granules that rolled beyond reach are let go.
    if (insideTShape(x - cx, y - cy, GOAL_T) || Math.abs(x) > 0.4 || Math.abs(y) > 0.4) continue;
    const [gx, gy] = nearestGoal(x, y, cx, cy);
    strays.push({ x, y, d: Math.hypot(gx - x, gy - y) });
  }
  strays.sort((a, b) => b.d - a.d);
  const chosen: typeof strays = [];
  for (const s of strays) {
    if (chosen.length >= k) break;
    if (chosen.some((c) => Math.hypot(c.x - s.x, c.y - s.y) < 0.04)) continue;
    chosen.push(s);
  }
  while (chosen.length < k && strays.length > 0) chosen.push(strays[rng.int(Math.min(strays.length, 20))]);
  if (chosen.length === 0) chosen.push({ x: rng.uniform(-0.1, 0.1), y: rng.uniform(-0.1, 0.1), d: 0 });
  const empty = emptyGoalCells(p, cx, cy);
  return chosen.slice(0, k).map(({ x, y }) => {
    // The empty goal cell closest to this stray, else the nearest goal point.
    let [gx, gy] = nearestGoal(x, y, cx, cy);
    let best = Infinity;
    for (const [ex, ey] of empty) {
      const d = Math.hypot(ex - x, ey - y);
      if (d < best) {
        best = d;
        gx = ex;
        gy = ey;
      }
    }
    const len = Math.hypot(gx - x, gy - y) || 1;
    const start: Vec3 = [x - (0.03 * (gx - x)) / len, y - (0.03 * (gy - y)) / len, 0.02];
    const clamp = (v: number) => Math.max(-0.44, Math.min(0.44, v));
    return scene.toNormalised({
      primitive: 'sweep',
      p0: [clamp(start[0]), clamp(start[1]), 0.02],
      p1: [clamp(gx), clamp(gy), 0.02],
    });
  });
}

export const granularT: TaskSpec = {
  id: 'granular-T',
  title: 'Sweep a pile of 500 granules into a T (sweep)',
  better: 'Better: more granules lie inside the green T, and the T is filled.',
  primitive: 'sweep',
  maxSteps: 15,
  success: { metric: 'iou', threshold: 0.6, direction: 'above' },
  rewardMetric: 'iou',
  obsScale: 0.2,
  workspace: { half: 0.45, zMax: 0.3 },
  rotationInvariant: false,
  keepOut: null,
  bodies: bodySlots(0),
  world: {},
  settle: { ...DEFAULT_SETTLE, maxTime: 1, speed: 0.03 },
  build(world, rng) {
    const object = makeGranules(world, rng, rng.uniform(-0.12, 0.12), rng.uniform(-0.12, 0.12), DEFAULT_GRANULES);
    settleWorld(world, object, 1.5, 0.03);
    return { object, context: {} };
  },
  metrics(object: SimObject) {
    return { iou: shapeIoU(object.points(), TARGET) };
  },
  goal: (_info, particles) => {
    const [x, y] = reachableCentroid(particles);
    return { shape: 't', rects: tRectangles(GOAL_T), x, y, theta: 0 };
  },
  expert,
};

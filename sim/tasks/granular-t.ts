import { DEFAULT_GRANULES, makeGranules, type SimObject } from '../objects/index.ts';
import { insideTShape, shapeIoU, tShapeTarget } from '../metrics/index.ts';
import { DEFAULT_SETTLE } from '../primitives/index.ts';
import type { Action, Rng, Vec3 } from '../types.ts';
import type { Scene } from '../scene/scene.ts';
import { settleWorld } from './settle-world.ts';
import type { TaskSpec } from './task-spec.ts';

/**
 * The goal T, centred at the table origin: the default T scaled 1.4x (~0.05 m²), about the area
 * 500 granules cover in two layers, so a filled T neither spills nor leaves holes.
 */
export const GOAL_T = { barWidth: 0.336, barHeight: 0.084, stemWidth: 0.084, stemHeight: 0.252 };
const TARGET = tShapeTarget(GOAL_T);
const TARGET_XY: [number, number][] = [];
for (let i = 0; i < TARGET.length; i += 3) TARGET_XY.push([TARGET[i], TARGET[i + 1]]);

/** Nearest goal point to (x, y), pulled 1.5 cm further inside along the way. */
function nearestGoal(x: number, y: number): [number, number] {
  let best = TARGET_XY[0], bd = Infinity;
  for (const t of TARGET_XY) {
    const d = (t[0] - x) ** 2 + (t[1] - y) ** 2;
    if (d < bd) { bd = d; best = t; }
  }
  const len = Math.sqrt(bd) || 1;
  return [best[0] + (0.015 * (best[0] - x)) / len, best[1] + (0.015 * (best[1] - y)) / len];
}

/**
 * Expert sweep: take a granule outside the goal T, start the wiper 3 cm behind it and wipe it
 * to just inside the nearest part of the T. Modes: different stray granules, farthest first.
 */
function expert(scene: Scene, rng: Rng, k: number): Action[] {
  const p = scene.particles();
  const strays: { x: number; y: number; d: number }[] = [];
  for (let i = 0; i < p.length; i += 3) {
    const x = p[i], y = p[i + 1];
    // Granules that rolled beyond reach are let go.
    if (insideTShape(x, y, GOAL_T) || Math.abs(x) > 0.4 || Math.abs(y) > 0.4) continue;
    const [gx, gy] = nearestGoal(x, y);
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
  return chosen.slice(0, k).map(({ x, y }) => {
    const [gx, gy] = nearestGoal(x, y);
    const len = Math.hypot(gx - x, gy - y) || 1;
    const start: Vec3 = [x - (0.03 * (gx - x)) / len, y - (0.03 * (gy - y)) / len, 0.02];
    return scene.toNormalised({ primitive: 'sweep', p0: start, p1: [gx, gy, 0.02] });
  });
}

export const granularT: TaskSpec = {
  id: 'granular-T',
  title: 'Sweep a pile of 500 granules into a T (sweep)',
  primitive: 'sweep',
  maxSteps: 15,
  success: { metric: 'iou', threshold: 0.6, direction: 'above' },
  rewardMetric: 'iou',
  obsScale: 0.2,
  workspace: { half: 0.45, zMax: 0.3 },
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
  expert,
};

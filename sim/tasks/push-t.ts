import { makeTBlock, tRectangles, T_BLOCK_SHAPE, type SimObject, type TBlock } from '../objects/index.ts';
import { insideTShape, tBlockFootprint } from '../metrics/index.ts';
import { DEFAULT_SETTLE } from '../primitives/index.ts';
import type { Action, Rng, Vec3 } from '../types.ts';
import { bodySlots } from '../scene/body-slots.ts';
import type { TaskScene, TaskSpec } from './task-spec.ts';

/** Goal pose of the block (m, rad) and the keep-out zone on the table (m), which no metric uses. */
export const PUSH_T_GOAL = { x: 0, y: 0.05, theta: 0 } as const;
export const KEEP_OUT = { xMin: 0.12, xMax: 0.3, yMin: -0.3, yMax: -0.12 } as const;

/** Fraction of the goal footprint the block covers, in [0, 1]. */
export function goalCoverage(pose: { x: number; y: number; theta: number }): number {
  const f = tBlockFootprint(pose, T_BLOCK_SHAPE, 0.005);
  const c = Math.cos(-PUSH_T_GOAL.theta), s = Math.sin(-PUSH_T_GOAL.theta);
  let inside = 0;
  for (let i = 0; i < f.length; i += 3) {
    const dx = f[i] - PUSH_T_GOAL.x, dy = f[i + 1] - PUSH_T_GOAL.y;
    if (insideTShape(c * dx - s * dy, s * dx + c * dy, T_BLOCK_SHAPE)) inside++;
  }
  return inside / (f.length / 3);
}

function wrap(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}

/**
 * Expert pushes. Translation: push through the centroid toward the goal. Rotation: push a bar
 * tip sideways, which turns the block about its centroid. Modes: translate, turn from either
 * tip, and shorter or longer pushes.
 */
function expert(scene: TaskScene, rng: Rng, k: number): Action[] {
  const pose = (scene.object as TBlock).pose2d();
  const dx = PUSH_T_GOAL.x - pose.x, dy = PUSH_T_GOAL.y - pose.y;
  const dist = Math.hypot(dx, dy);
  const dTheta = wrap(PUSH_T_GOAL.theta - pose.theta);
  const c = Math.cos(pose.theta), s = Math.sin(pose.theta);
  const local = (x: number, y: number): Vec3 => [pose.x + c * x - s * y, pose.y + s * x + c * y, 0.02];
  const candidates: { action: Action; score: number }[] = [];
  if (dist > 0.005) {
    const ux = dx / dist, uy = dy / dist;
    // Contact on the far side of the block from the goal: 0.13 m covers the T's reach.
    const back = 0.13;
    for (const frac of [1, 0.7]) {
      const start: Vec3 = [pose.x - back * ux, pose.y - back * uy, 0.02];
      const end: Vec3 = [pose.x + (dist * frac - 0.08) * ux, pose.y + (dist * frac - 0.08) * uy, 0.02];
      candidates.push({ action: { primitive: 'push', p0: start, p1: end }, score: dist * frac });
    }
  }
  // The bar's tips are at (±0.1, ~0.06) in the block frame; pushing a tip along ±y turns it.
  const tipY = 0.06;
  const turn = Math.min(Math.abs(dTheta), 1.2) * 0.1;
  for (const side of [1, -1]) {
    const sign = Math.sign(dTheta) || 1;
    const dir = side * sign; // pushing up at the right tip turns the block counter-clockwise
    const startL = [side * 0.09, tipY - dir * 0.06] as const;
    const endL = [side * 0.09, tipY + dir * turn] as const;
    candidates.push({
      action: { primitive: 'push', p0: local(startL[0], startL[1]), p1: local(endL[0], endL[1]) },
      score: Math.abs(dTheta) * 0.15,
    });
  }
  candidates.sort((a, b) => b.score - a.score + 1e-6 * (rng.next() - 0.5));
  const out: Action[] = [];
  for (let i = 0; i < k; i++) out.push(scene.toNormalised(clampToWorkspace(candidates[i % candidates.length].action)));
  return out;
}

function clampToWorkspace(a: Action): Action {
  const cl = (p: Vec3): Vec3 => [Math.max(-0.44, Math.min(0.44, p[0])), Math.max(-0.44, Math.min(0.44, p[1])), p[2]];
  return { primitive: a.primitive, p0: cl(a.p0), p1: cl(a.p1) };
}

export const pushT: TaskSpec = {
  id: 'push-T',
  title: 'Push a T-shaped block onto its goal pose (push); the table has a keep-out zone',
  better: 'Better: the block covers more of the green goal T; the red hatched zone is off-limits.',
  primitive: 'push',
  maxSteps: 15,
  success: { metric: 'coverage', threshold: 0.85, direction: 'above' },
  rewardMetric: 'coverage',
  obsScale: 0.15,
  workspace: { half: 0.45, zMax: 0.3 },
  rotationInvariant: false,
  keepOut: { ...KEEP_OUT },
  bodies: bodySlots(1), // the block
  world: {},
  settle: { ...DEFAULT_SETTLE, maxTime: 0.5, speed: 0.01 },
  build(world, rng) {
    const r = rng.uniform(0.1, 0.2), a = rng.uniform(0, 2 * Math.PI);
    const object = makeTBlock(world, PUSH_T_GOAL.x + r * Math.cos(a), PUSH_T_GOAL.y + r * Math.sin(a), rng.uniform(-Math.PI, Math.PI));
    for (let i = 0; i < 30; i++) world.step();
    // The keepOut… and goal… numbers stay in the context (and so in stored snapshots, byte for byte);
    // readers take the typed `keepOut` and `goal` fields instead.
    return { object, context: { ...prefix('keepOut', KEEP_OUT), goalX: PUSH_T_GOAL.x, goalY: PUSH_T_GOAL.y, goalTheta: PUSH_T_GOAL.theta } };
  },
  metrics(object: SimObject) {
    const pose = (object as TBlock).pose2d();
    return {
      coverage: goalCoverage(pose),
      positionError: Math.hypot(pose.x - PUSH_T_GOAL.x, pose.y - PUSH_T_GOAL.y),
      angleError: Math.abs(wrap(pose.theta - PUSH_T_GOAL.theta)),
    };
  },
  goal: (info) => ({ shape: 't', rects: tRectangles(), x: info.goalX, y: info.goalY, theta: info.goalTheta }),
  expert,
};

function prefix(p: string, o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k[0].toUpperCase() + k.slice(1), v]));
}

import { makeTBlock, tRectangles, T_BLOCK_SHAPE, type SimObject, type TBlock } from '../objects/index.ts';
import { insideTShape, tBlockFootprint } from '../metrics/index.ts';
import { DEFAULT_SETTLE } from '../primitives/index.ts';
import { bodySlots } from '../scene/body-slots.ts';
import { pushTExpert } from '../experts/push-t-expert.ts';
import type { TaskSpec } from './task-spec.ts';

/** Goal pose of the block (m, rad) and the keep-out zone on the table (m), which no metric uses. */
export const PUSH_T_GOAL = { x: 0, y: 0.05, theta: 0 } as const;
export const KEEP_OUT = { xMin: 0.12, xMax: 0.3, yMin: -0.3, yMax: -0.12 } as const;

/** Fraction of the goal footprint the block covers, in [0, 1]. */
export function goalCoverage(pose: { x: number; y: number; theta: number }): number {
  const f = tBlockFootprint(pose, T_BLOCK_SHAPE, 0.005);
  const c = Math.cos(-PUSH_T_GOAL.theta),
    s = Math.sin(-PUSH_T_GOAL.theta);
  let inside = 0;
  for (let i = 0; i < f.length; i += 3) {
    const dx = f[i] - PUSH_T_GOAL.x,
      dy = f[i + 1] - PUSH_T_GOAL.y;
    if (insideTShape(c * dx - s * dy, s * dx + c * dy, T_BLOCK_SHAPE)) inside++;
  }
  return inside / (f.length / 3);
}

function wrap(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
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
    const r = rng.uniform(0.1, 0.2),
      a = rng.uniform(0, 2 * Math.PI);
    const object = makeTBlock(
      world,
      PUSH_T_GOAL.x + r * Math.cos(a),
      PUSH_T_GOAL.y + r * Math.sin(a),
      rng.uniform(-Math.PI, Math.PI),
    );
    for (let i = 0; i < 30; i++) world.step();
    // The keepOut… and goal… numbers stay in the context (and so in stored snapshots, byte for byte);
    // readers take the typed `keepOut` and `goal` fields instead.
    return {
      object,
      context: {
        ...prefix('keepOut', KEEP_OUT),
        goalX: PUSH_T_GOAL.x,
        goalY: PUSH_T_GOAL.y,
        goalTheta: PUSH_T_GOAL.theta,
      },
    };
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
  expert: pushTExpert(PUSH_T_GOAL),
};

function prefix(p: string, o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k[0].toUpperCase() + k.slice(1), v]));
}

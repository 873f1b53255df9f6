/**
 * A test-only task, defined outside sim/: push the T-block onto a green circle. It shows that a
 * task is only a TaskSpec: registered (registerTask, or PREFSIM_TASK_MODULES for worker threads),
 * it runs in collect, serve and eval with no other file changed. Cheap on purpose (rigid block,
 * short settle).
 */
import { makeTBlock, type SimObject, type TBlock } from '../../sim/objects/index.ts';
import { DEFAULT_SETTLE } from '../../sim/primitives/index.ts';
import { bodySlots, type Action, type Rng, type TaskScene, type TaskSpec, type Vec3 } from '../../sim/index.ts';

const GOAL = { x: -0.1, y: 0.08, r: 0.05 } as const;

function distance(object: SimObject): number {
  const pose = (object as TBlock).pose2d();
  return Math.hypot(pose.x - GOAL.x, pose.y - GOAL.y);
}

/** Pushes through the block's centre toward the goal, a full or a shorter push. */
function expert(scene: TaskScene, rng: Rng, k: number): Action[] {
  const pose = (scene.object as TBlock).pose2d();
  const dx = GOAL.x - pose.x,
    dy = GOAL.y - pose.y;
  const d = Math.hypot(dx, dy) || 1;
  const ux = dx / d,
    uy = dy / d;
  const clamp = (v: number) => Math.max(-0.44, Math.min(0.44, v));
  const out: Action[] = [];
  for (let i = 0; i < k; i++) {
    const reach = (i % 2 === 0 ? 1 : 0.6) * d + 0.01 * rng.next();
    const p0: Vec3 = [clamp(pose.x - 0.13 * ux), clamp(pose.y - 0.13 * uy), 0.02];
    const p1: Vec3 = [clamp(pose.x + (reach - 0.08) * ux), clamp(pose.y + (reach - 0.08) * uy), 0.02];
    out.push(scene.toNormalised({ primitive: 'push', p0, p1 }));
  }
  return out;
}

export const task: TaskSpec = {
  id: 'test-push-disc',
  title: 'Push the T-block onto a green circle (test-only task)',
  better: 'Better: the block ends nearer the green circle.',
  primitive: 'push',
  maxSteps: 4,
  success: { metric: 'closeness', threshold: 0.9, direction: 'above' },
  rewardMetric: 'closeness',
  obsScale: 0.15,
  workspace: { half: 0.45, zMax: 0.3 },
  rotationInvariant: false,
  keepOut: null,
  bodies: bodySlots(1),
  world: {},
  settle: { ...DEFAULT_SETTLE, maxTime: 0.3, speed: 0.02 },
  build(world, rng) {
    const a = rng.uniform(0, 2 * Math.PI);
    const object = makeTBlock(world, 0.15 * Math.cos(a), 0.15 * Math.sin(a), rng.uniform(-Math.PI, Math.PI));
    for (let i = 0; i < 20; i++) world.step();
    return { object, context: {} };
  },
  metrics(object) {
    const d = distance(object);
    return { closeness: 1 - Math.min(1, d / 0.3), distance: d };
  },
  goal: () => ({ shape: 'circle', cx: GOAL.x, cy: GOAL.y, r: GOAL.r }),
  expert,
};

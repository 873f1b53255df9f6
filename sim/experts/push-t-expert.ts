import { T_BLOCK_SHAPE, tRectangles, type TBlock } from '../objects/index.ts';
import type { Action, Rng, Vec3 } from '../types.ts';
import { rankByLookahead } from '../tasks/lookahead.ts';
import type { TaskScene } from '../tasks/task-spec.ts';

/** Pusher radius plus clearance: where a push starts outside the block's edge, metres. */
const STANDOFF = 0.02;
export interface Pose2 {
  x: number;
  y: number;
  theta: number;
}

const RECTS = tRectangles(T_BLOCK_SHAPE);
/**
 * Metres of position error one radian of heading error is worth: a push translates the block
 * ~0.1 m but turns it only ~0.3 rad, so heading is the scarcer resource.
 */
const RADIAN = 0.2;

/** Where the ray from `o` along `v` (block frame, `o` inside the T) leaves the T: its largest t. */
function exitAlong(o: [number, number], v: [number, number]): number {
  let best = 0;
  for (const [cx, cy, hx, hy] of RECTS) {
    let t0 = -Infinity,
      t1 = Infinity;
    for (const [oa, va, lo, hi] of [
      [o[0], v[0], cx - hx, cx + hx],
      [o[1], v[1], cy - hy, cy + hy],
    ]) {
      if (Math.abs(va) < 1e-12) {
        if (oa < lo || oa > hi) {
          t0 = Infinity;
        }
        continue;
      }
      const a = (lo - oa) / va,
        b = (hi - oa) / va;
      t0 = Math.max(t0, Math.min(a, b));
      t1 = Math.min(t1, Math.max(a, b));
    }
    if (t0 <= t1 && t0 <= 0) best = Math.max(best, t1);
  }
  return best;
}

function wrap(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}

/**
 * Candidate pushes, world frame. Translation: through (or 1.5 cm beside) the centroid toward the
 * goal, at three lengths, starting just outside the block's back edge. Rotation: a bar tip or the
 * stem's foot pushed sideways in the sense that reduces the heading error, at two amounts.
 */
function candidatePushes(pose: Pose2, goal: Pose2): Action[] {
  const c = Math.cos(pose.theta),
    s = Math.sin(pose.theta);
  const toWorld = (x: number, y: number): [number, number] => [pose.x + c * x - s * y, pose.y + s * x + c * y];
  const toBlock = (dx: number, dy: number): [number, number] => [c * dx + s * dy, -s * dx + c * dy];
  const clamp = (v: number) => Math.max(-0.44, Math.min(0.44, v));
  const pt = (w: [number, number]): Vec3 => [clamp(w[0]), clamp(w[1]), 0.02];
  const out: Action[] = [];
  const dx = goal.x - pose.x,
    dy = goal.y - pose.y;
  const dist = Math.hypot(dx, dy);
  if (dist > 0.002) {
    const u = toBlock(dx / dist, dy / dist);
    const perp: [number, number] = [-u[1], u[0]];
    for (const off of [0, 0.015, -0.015]) {
      const o: [number, number] = [off * perp[0], off * perp[1]];
      const back = exitAlong(o, [-u[0], -u[1]]);
      const edge: [number, number] = [o[0] - back * u[0], o[1] - back * u[1]];
      for (const frac of [1, 0.6, 0.3]) {
        const start = toWorld(edge[0] - STANDOFF * u[0], edge[1] - STANDOFF * u[1]);
        const end = toWorld(edge[0] + frac * dist * u[0], edge[1] + frac * dist * u[1]);
        out.push({ primitive: 'push', p0: pt(start), p1: pt(end) });
      }
    }
  }
  const dTheta = wrap(goal.theta - pose.theta);
  const sign = Math.sign(dTheta) || 1;
  const [stem, bar] = RECTS;
  // Torque about the centroid is x·Fy − y·Fx: each lever below turns the block in the sense `sign`.
  const levers: { at: [number, number]; dir: [number, number] }[] = [
    { at: [bar[0] + 0.85 * bar[2], bar[1]], dir: [0, sign] },
    { at: [bar[0] - 0.85 * bar[2], bar[1]], dir: [0, -sign] },
    { at: [stem[0], stem[1] - 0.85 * stem[3]], dir: [sign, 0] },
  ];
  for (const { at, dir } of levers) {
    const lever = Math.hypot(at[0], at[1]);
    const back = exitAlong(at, [-dir[0], -dir[1]]);
    const edge: [number, number] = [at[0] - back * dir[0], at[1] - back * dir[1]];
    for (const amount of [1, 0.5]) {
      const len = Math.min(Math.abs(dTheta), 1.2) * amount * lever;
      if (len < 0.003) continue;
      const start = toWorld(edge[0] - STANDOFF * dir[0], edge[1] - STANDOFF * dir[1]);
      const end = toWorld(edge[0] + len * dir[0], edge[1] + len * dir[1]);
      out.push({ primitive: 'push', p0: pt(start), p1: pt(end) });
    }
  }
  return out;
}

/** Cost of a pose: position error plus heading error at RADIAN metres per radian. */
export function pushTCost(pose: Pose2, goal: Pose2): number {
  return Math.hypot(pose.x - goal.x, pose.y - goal.y) + RADIAN * Math.abs(wrap(pose.theta - goal.theta));
}

/**
 * Expert for push-T: translate pushes through the centroid toward the goal and turning pushes at
 * the bar tips and the stem's foot, simulated from a snapshot (privileged look-ahead) and ranked
 * by the pose cost they reach. Modes: the different pushes, best first.
 */
export function pushTExpert(goal: Pose2) {
  return (scene: TaskScene, _rng: Rng, k: number): Action[] => {
    const block = scene.object as TBlock;
    const candidates = candidatePushes(block.pose2d(), goal).map((a) => scene.toNormalised(a));
    return rankByLookahead(scene, candidates, k, undefined, () => -pushTCost(block.pose2d(), goal));
  };
}

import { makeRng } from '../../core/rng.ts';
import { DEFAULT_ROPE, makeRope, type SimObject } from '../objects/index.ts';
import { arcCentroid, chamferDistance, circleTarget, ringIoU } from '../metrics/index.ts';
import { DEFAULT_SETTLE } from '../primitives/index.ts';
import type { Action, Rng, Vec3 } from '../types.ts';
import { rankByLookahead } from './lookahead.ts';
import { settleWorld } from './settle-world.ts';
import { bodySlots } from '../scene/body-slots.ts';
import type { TaskScene, TaskSpec } from './task-spec.ts';

const ROPE = DEFAULT_ROPE;
/** Radius of the goal circle: the rope's length closes it exactly, metres. */
export const CIRCLE_RADIUS = ROPE.length / (2 * Math.PI);
const TARGET = circleTarget(CIRCLE_RADIUS, 256);
/** The ring looks the same at every rotation: Chamfer's rotation search would only cost 20× (~2 vs ~25 ms). */
const RING_SYMMETRY = { rotations: [0] };

/** `m` points evenly spaced by arc length along the polyline `p` [N, 3]. */
export function resamplePolyline(p: Float32Array, m: number): Float32Array {
  const n = p.length / 3;
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    cum[i] = cum[i - 1] + Math.hypot(p[3 * i] - p[3 * i - 3], p[3 * i + 1] - p[3 * i - 2], p[3 * i + 2] - p[3 * i - 1]);
  }
  const out = new Float32Array(3 * m);
  let seg = 1;
  for (let k = 0; k < m; k++) {
    const s = (cum[n - 1] * k) / (m - 1);
    while (seg < n - 1 && cum[seg] < s) seg++;
    const span = cum[seg] - cum[seg - 1];
    const f = span > 0 ? (s - cum[seg - 1]) / span : 0;
    for (let a = 0; a < 3; a++) out[3 * k + a] = p[3 * (seg - 1) + a] + f * (p[3 * seg + a] - p[3 * (seg - 1) + a]);
  }
  return out;
}

/** A random smooth curve of the rope's rest length: a heading random walk, centred near `c`. */
export function randomRopeLayout(rng: Rng, n = ROPE.particles, length = ROPE.length): Float32Array {
  const seg = length / (n - 1);
  const out = new Float32Array(3 * n);
  let heading = rng.uniform(0, 2 * Math.PI),
    turn = 0,
    x = 0,
    y = 0;
  for (let i = 0; i < n; i++) {
    out[3 * i] = x;
    out[3 * i + 1] = y;
    out[3 * i + 2] = 0.006;
    turn = 0.8 * turn + rng.normal() * 0.09;
    heading += turn;
    x += seg * Math.cos(heading);
    y += seg * Math.sin(heading);
  }
  let cx = 0,
    cy = 0;
  for (let i = 0; i < n; i++) {
    cx += out[3 * i] / n;
    cy += out[3 * i + 1] / n;
  }
  const ox = rng.uniform(-0.05, 0.05) - cx,
    oy = rng.uniform(-0.05, 0.05) - cy;
  for (let i = 0; i < n; i++) {
    out[3 * i] += ox;
    out[3 * i + 1] += oy;
  }
  return out;
}

/** Mean xy of the particles [P, 3]. */
function centroidXY(p: Float32Array): [number, number] {
  let cx = 0,
    cy = 0;
  for (let i = 0; i < p.length; i += 3) {
    cx += (3 * p[i]) / p.length;
    cy += (3 * p[i + 1]) / p.length;
  }
  return [cx, cy];
}

/**
 * Where each rope particle should go on the goal circle (about the rope's centroid): the
 * rotation and direction of travel that best match the current layout, ranked best first.
 * The expert centres it on the rope's current centroid: the ring IoU ignores translation, and for
 * any assignment the centroid is the centre that needs the least total displacement.
 */
export function circleAssignments(
  p: Float32Array,
  cx: number,
  cy: number,
  count = 3,
): { targets: Float32Array; cost: number }[] {
  const n = p.length / 3;
  const options: { targets: Float32Array; cost: number }[] = [];
  for (const dir of [1, -1]) {
    for (let k = 0; k < 72; k++) {
      const t0 = (2 * Math.PI * k) / 72;
      const targets = new Float32Array(3 * n);
      let cost = 0;
      for (let i = 0; i < n; i++) {
        const t = t0 + (dir * 2 * Math.PI * i) / n;
        targets[3 * i] = cx + CIRCLE_RADIUS * Math.cos(t);
        targets[3 * i + 1] = cy + CIRCLE_RADIUS * Math.sin(t);
        targets[3 * i + 2] = p[3 * i + 2];
        cost += (targets[3 * i] - p[3 * i]) ** 2 + (targets[3 * i + 1] - p[3 * i + 1]) ** 2;
      }
      options.push({ targets, cost });
    }
  }
  return options.sort((a, b) => a.cost - b.cost).slice(0, count);
}

/**
 * Expert: move the particles farthest from their places on the best-matching circle onto them.
 * One pick drags a whole stretch of rope, so the outcome of a move is hard to predict: the
 * expert looks ahead (privileged) over the five worst-placed stretches, each placed exactly and
 * overshot by a third (the dragged stretch pulls the pick back), and ranks them by the IoU they
 * reach; when none improves, it tries the next five stretches and half-way moves.
 * Modes: different particles, overshoots and the runner-up circle assignment.
 */
function expert(scene: TaskScene, rng: Rng, k: number): Action[] {
  const picks = worstStretches(scene, rng, 10);
  const moves = (from: number, to: number, gains: number[]) =>
    picks.slice(from, to).flatMap((pk) => gains.map((g) => placeMove(scene, pk, g)));
  return rankByLookahead(scene, moves(0, 5, [1, 1.33]), k, () => [...moves(5, 10, [1, 1.33]), ...moves(0, 5, [0.5])]);
}

interface Pick {
  i: number;
  pick: Vec3;
  target: Vec3;
}

/** `k` rope particles heading the most misplaced stretches (6 particles apart), worst first, with their goal places. */
function worstStretches(scene: TaskScene, rng: Rng, k: number): Pick[] {
  const p = scene.particles();
  const n = p.length / 3;
  // About the current centroid: observable, and the metric ignores translation.
  const [cx, cy] = centroidXY(p);
  const assignments = circleAssignments(p, cx, cy, 2);
  const picks: { i: number; a: number; err: number }[] = [];
  assignments.forEach(({ targets }, a) => {
    const err = new Float64Array(n);
    for (let i = 0; i < n; i++) err[i] = Math.hypot(targets[3 * i] - p[3 * i], targets[3 * i + 1] - p[3 * i + 1]);
    for (let i = 0; i < n; i++) {
      // A pick drags its neighbours along, so rank by the error of the whole stretch around it.
      let s = 0,
        c = 0;
      for (let j = Math.max(0, i - 3); j <= Math.min(n - 1, i + 3); j++) {
        s += err[j];
        c++;
      }
      picks.push({ i, a, err: (s / c) * (a === 0 ? 1 : 0.8) });
    }
  });
  picks.sort((x, y) => y.err - x.err);
  const chosen: typeof picks = [];
  for (const c of picks) {
    if (chosen.length >= k) break;
    if (chosen.some((o) => Math.abs(o.i - c.i) < 6)) continue;
    chosen.push(c);
  }
  while (chosen.length < k) chosen.push(picks[rng.int(Math.min(picks.length, 8))]);
  return chosen.map(({ i, a }) => {
    const t = assignments[a].targets;
    return { i, pick: [p[3 * i], p[3 * i + 1], p[3 * i + 2]], target: [t[3 * i], t[3 * i + 1], 0.01] };
  });
}

/** Pick-and-place of `pk` to `gain` × the way to its goal place (1: exactly there), in the workspace. */
function placeMove(scene: TaskScene, { pick, target }: Pick, gain: number): Action {
  const half = scene.task.workspace.half - 0.01;
  const clamp = (v: number) => Math.max(-half, Math.min(half, v));
  const place: Vec3 = [
    clamp(pick[0] + gain * (target[0] - pick[0])),
    clamp(pick[1] + gain * (target[1] - pick[1])),
    target[2],
  ];
  return scene.toNormalised({ primitive: 'pick_place', p0: pick, p1: place });
}

export const ropeCircle: TaskSpec = {
  id: 'rope-circle',
  title: 'Shape a 0.5 m rope into a circle (pick and place)',
  better: 'Better: the rope lies closer to a round circle (its whole length on the green ring).',
  primitive: 'pick_place',
  maxSteps: 20,
  success: { metric: 'iou', threshold: 0.5, direction: 'above' },
  rewardMetric: 'iou',
  obsScale: 0.25,
  workspace: { half: 0.45, zMax: 0.3 },
  rotationInvariant: true,
  keepOut: null,
  bodies: bodySlots(0),
  world: {},
  settle: { ...DEFAULT_SETTLE, maxTime: 1 },
  build(world, rng) {
    const object = makeRope(world, { ...ROPE, layout: randomRopeLayout(rng) });
    settleWorld(world, object, 1);
    // The initial centroid, kept for display only: the goal ring goes wherever the rope is.
    const [cx, cy] = centroidXY(object.points());
    return { object, context: { cx, cy } };
  },
  metrics(object: SimObject) {
    // IoU of the rope and the goal ring drawn as bands of the rope's thickness (sim/metrics/
    // ring-iou.ts: METHODS §8's thin-disc IoU scores a perfect circle only ~0.7).
    const points = object.points();
    const p = resamplePolyline(points, TARGET.length / 3);
    return {
      iou: ringIoU(points, CIRCLE_RADIUS, { band: 2 * object.radius }),
      chamfer: chamferDistance(p, TARGET, makeRng(0), RING_SYMMETRY),
    };
  },
  // Drawn about the initial centroid; the metric ignores where the ring is.
  goal: (_info, particles) => {
    const [cx, cy] = arcCentroid(particles);
    return { shape: 'circle', cx, cy, r: CIRCLE_RADIUS };
  },
  expert,
};

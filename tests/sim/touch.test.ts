import { expect, test } from 'vitest';
import { touchesNothing } from '../../sim/primitives/index.ts';
import type { Action, Primitive, Vec3 } from '../../sim/types.ts';
import { useScenes } from './scene-fixture.ts';

const create = useScenes();

function centroid(p: Float32Array): Vec3 {
  let x = 0,
    y = 0;
  for (let i = 0; i < p.length; i += 3) {
    x += p[i];
    y += p[i + 1];
  }
  return [(3 * x) / p.length, (3 * y) / p.length, 0.01];
}

/** Mean displacement of the points (granules settle by millimetres on their own, so not the max). */
function meanMove(before: Float32Array, after: Float32Array): number {
  let d = 0;
  for (let i = 0; i < before.length; i += 3)
    d += Math.hypot(after[i] - before[i], after[i + 1] - before[i + 1], after[i + 2] - before[i + 2]);
  return (3 * d) / before.length;
}

/** The object's centroid, or for the rope (whose centroid may be empty table) its middle particle. */
function aim(task: string, p: Float32Array): Vec3 {
  if (task !== 'rope-circle') return centroid(p);
  const m = 3 * Math.floor(p.length / 6);
  return [p[m], p[m + 1], 0.01];
}

/** One action through the object, one well clear of it, per task and primitive. */
const CASES: [string, Primitive, (c: Vec3) => [Vec3, Vec3]][] = [
  ['rope-circle', 'pick_place', (c) => [c, [c[0] + 0.05, c[1], 0.01]]],
  [
    'push-T',
    'push',
    (c) => [
      [c[0] - 0.12, c[1], 0.01],
      [c[0] + 0.02, c[1], 0.01],
    ],
  ],
  [
    'granular-T',
    'sweep',
    (c) => [
      [c[0] - 0.1, c[1], 0.01],
      [c[0] + 0.05, c[1], 0.01],
    ],
  ],
];

for (const [task, primitive, through] of CASES) {
  test(`${task}: a ${primitive} through the object touches it, one on empty table does not and moves nothing`, () => {
    const s = create(task, 0);
    const c = aim(task, s.object.points());
    const [p0, p1] = through(c);
    const hit: Action = { primitive, p0, p1 };
    // Far side of the table from the object: the same motion, shifted 0.3 m away.
    const away = (p: Vec3): Vec3 => [p[0] + (c[0] > 0 ? -0.3 : 0.3), p[1] + (c[1] > 0 ? -0.3 : 0.3), p[2]];
    const miss: Action = { primitive, p0: away(p0), p1: away(p1) };
    expect(touchesNothing(s.object, hit)).toBe(false);
    expect(touchesNothing(s.object, miss)).toBe(true);
    s.applyWorld(miss); // lets a fresh pile finish settling, so what follows is the action's own effect
    const before = s.particles();
    s.applyWorld(miss);
    const missed = meanMove(before, s.particles());
    expect(missed).toBeLessThan(1e-3);
    s.applyWorld(hit);
    expect(meanMove(before, s.particles())).toBeGreaterThan(Math.max(2e-3, 3 * missed));
  });
}

test('cloth-flatten: a fling touches nothing only when both grippers close on nothing', () => {
  const s = create('cloth-flatten', 0);
  const p = s.object.points();
  const c = centroid(p);
  const corner: Vec3 = [p[0], p[1], 0.01];
  const off: Vec3 = [c[0] + 0.5, c[1] + 0.5, 0.01];
  expect(touchesNothing(s.object, { primitive: 'fling', p0: corner, p1: off })).toBe(false);
  expect(touchesNothing(s.object, { primitive: 'fling', p0: off, p1: [off[0], off[1] - 0.1, 0.01] })).toBe(true);
});

test('Scene.touchesNothing reads the action in the observation frame', () => {
  const s = create('rope-circle', 0);
  const c = aim('rope-circle', s.object.points());
  const world: Action = { primitive: 'pick_place', p0: c, p1: [c[0] + 0.05, c[1], 0.01] };
  expect(s.touchesNothing(s.toNormalised(world))).toBe(touchesNothing(s.object, world));
  const far: Action = { primitive: 'pick_place', p0: [c[0] + 0.3, c[1], 0.01], p1: c };
  expect(s.touchesNothing(s.toNormalised(far))).toBe(true);
});

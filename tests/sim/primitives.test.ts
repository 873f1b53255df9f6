import { expect, test } from 'vitest';
import { useScenes } from './scene-fixture.ts';
import type { TBlock } from '../../sim/objects/index.ts';
import type { Action } from '../../sim/types.ts';

const create = useScenes();

const at = (p: Float32Array, i: number): [number, number, number] => [p[3 * i], p[3 * i + 1], p[3 * i + 2]];
function centroid(p: Float32Array): [number, number] {
  let x = 0,
    y = 0;
  for (let i = 0; i < p.length; i += 3) {
    x += p[i];
    y += p[i + 1];
  }
  return [(3 * x) / p.length, (3 * y) / p.length];
}

test('pick_place carries the grasped rope particle to the place point', () => {
  const s = create('rope-circle', 0);
  const end = at(s.particles(), 0);
  const place: [number, number, number] = [end[0] + 0.1, end[1] - 0.05, 0.01];
  s.applyWorld({ primitive: 'pick_place', p0: end, p1: place });
  const moved = at(s.particles(), 0);
  expect(Math.hypot(moved[0] - place[0], moved[1] - place[1])).toBeLessThan(0.02);
  expect(moved[2]).toBeLessThan(0.012); // back on the table
});

test('pick_place on empty table closes on nothing and changes nothing', () => {
  const s = create('rope-circle', 0);
  const before = s.particles();
  s.applyWorld({ primitive: 'pick_place', p0: [0.4, 0.4, 0.01], p1: [0.3, 0.3, 0.01] });
  const after = s.particles();
  let d = 0;
  for (let i = 0; i < before.length; i++) d = Math.max(d, Math.abs(after[i] - before[i]));
  expect(d).toBeLessThan(1e-3);
});

test('fling lifts the cloth high and lays it down', () => {
  const s = create('cloth-flatten', 0);
  const [a, b] = s.task
    .expert(s, { next: () => 0.5 } as never, 1)
    .map((x) => s.toWorld(x))
    .flatMap((x) => [x.p0, x.p1]);
  const r = s.applyWorld({ primitive: 'fling', p0: a, p1: b }, { record: true });
  const peak = Math.max(...r.frames!.map((f) => Math.max(...Array.from(f.particles).filter((_, i) => i % 3 === 2))));
  expect(peak).toBeGreaterThan(0.25);
  const p = s.particles();
  const zmax = Math.max(...Array.from(p).filter((_, i) => i % 3 === 2));
  expect(zmax).toBeLessThan(0.08);
  expect(s.object.healthy()).toBe(true);
});

test('sweep moves granules along the wipe', () => {
  const s = create('granular-T', 0);
  const [cx, cy] = centroid(s.particles());
  s.applyWorld({ primitive: 'sweep', p0: [cx - 0.12, cy, 0.02], p1: [cx + 0.1, cy, 0.02] });
  const [nx, ny] = centroid(s.particles());
  expect(nx - cx).toBeGreaterThan(0.02);
  expect(Math.abs(ny - cy)).toBeLessThan(0.03);
});

test('push moves the T block along the push', () => {
  const s = create('push-T', 0);
  const pose = (s.object as TBlock).pose2d();
  s.applyWorld({ primitive: 'push', p0: [pose.x - 0.15, pose.y, 0.02], p1: [pose.x + 0.05, pose.y, 0.02] });
  const next = (s.object as TBlock).pose2d();
  expect(next.x - pose.x).toBeGreaterThan(0.02);
  expect(s.object.healthy()).toBe(true);
});

// Issue 16: a pusher that touched down on the block's edge tipped it up by ~24°.
test.each([
  ['on the block', 0],
  ['on its edge', -0.03],
])('a push that starts %s does not tip the block up', (_, dx) => {
  const s = create('push-T', 0);
  const pose = (s.object as TBlock).pose2d();
  const action: Action = { primitive: 'push', p0: [pose.x + dx, pose.y, 0.02], p1: [pose.x + dx + 0.12, pose.y, 0.02] };
  const r = s.applyWorld(action, { record: true });
  // Tilt from the body quaternion's x, y (frame bodies: the block first, x y z qx qy qz qw).
  const tilt = (b: Float32Array) => 2 * Math.asin(Math.min(1, Math.hypot(b[3], b[4])));
  const worst = Math.max(...r.frames!.map((f) => tilt(f.bodies)));
  expect(worst).toBeLessThan((2 * Math.PI) / 180);
  expect((s.object as TBlock).pose2d().x - pose.x).toBeGreaterThan(0.02); // still pushed along
});

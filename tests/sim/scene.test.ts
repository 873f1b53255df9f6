import { describe, expect, test } from 'vitest';
import { getTask, Scene, ValidationError, type Action } from '../../sim/index.ts';
import { useScenes } from './scene-fixture.ts';
import { makeRng } from '../../core/rng.ts';

const create = useScenes();

const bits = (a: Float32Array) =>
  Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

describe.each(['rope-circle', 'push-T', 'cloth-flatten'])('%s snapshots', (task) => {
  test('restore then the same action twice gives bit-identical observations and metrics', () => {
    const s = create(task, 3);
    const snap = s.snapshot();
    const action = s.task.expert(s, makeRng(1), 1)[0];
    const first = s.apply(action);
    const obs1 = s.observe(256, makeRng(9));
    s.restore(snap);
    expect(s.stepsTaken).toBe(0);
    const second = s.apply(action);
    const obs2 = s.observe(256, makeRng(9));
    expect(second.metrics).toEqual(first.metrics);
    expect(bits(obs2.points)).toEqual(bits(obs1.points));
    expect(bits(s.particles())).toEqual(bits((s.restore(snap), s.apply(action), s.particles())));
  });
});

test('same seed and same actions give bit-identical results in two scenes', () => {
  const a = create('rope-circle', 11),
    b = create('rope-circle', 11);
  expect(bits(a.particles())).toEqual(bits(b.particles()));
  for (let k = 0; k < 2; k++) {
    const act = a.task.expert(a, makeRng(k), 1)[0];
    expect(b.task.expert(b, makeRng(k), 1)[0]).toEqual(act);
    a.apply(act);
    b.apply(act);
  }
  expect(bits(a.particles())).toEqual(bits(b.particles()));
  expect(a.metrics()).toEqual(b.metrics());
});

test('different seeds give different initial states', () => {
  const a = create('rope-circle', 1),
    b = create('rope-circle', 2);
  expect(bits(a.particles())).not.toEqual(bits(b.particles()));
});

test('a snapshot of one task is refused by another', () => {
  const rope = create('rope-circle', 0),
    push = create('push-T', 0);
  expect(() => push.restore(rope.snapshot())).toThrow(/task rope-circle/);
  expect(() => push.restore(new Uint8Array([1, 2, 3]))).toThrow(/magic/);
  const snap = rope.snapshot();
  expect(() => rope.restore(snap.subarray(0, 12))).toThrow(/truncated/);
});

describe('action validation', () => {
  const good: Action = { primitive: 'push', p0: [0, 0, 0], p1: [0.1, 0, 0] };
  test.each([
    ['NaN', { ...good, p0: [NaN, 0, 0] }, /action\.p0\.0: .*expected number, received NaN/],
    ['Infinity', { ...good, p1: [0, Infinity, 0] }, /action\.p1\.1: .*expected number, received Infinity/],
    ['unknown primitive', { ...good, primitive: 'throw' }, /action\.primitive/],
    ['missing point', { primitive: 'push', p0: [0, 0, 0] }, /action\.p1/],
    ['extra field', { ...good, speed: 3 }, /speed/],
  ])('%s is refused with the field named', (_name, bad, message) => {
    const s = create('push-T', 0);
    expect(() => s.apply(bad as Action)).toThrow(ValidationError);
    expect(() => s.apply(bad as Action)).toThrow(message);
  });

  test("another task's primitive is refused before anything moves", () => {
    const s = create('push-T', 0);
    const before = s.metrics();
    expect(() => s.apply({ primitive: 'pick_place', p0: [0, 0, 0], p1: [0.1, 0, 0] })).toThrow(
      /primitive: task push-T acts by push, found pick_place/,
    );
    expect(s.metrics()).toEqual(before);
    expect(s.stepsTaken).toBe(0);
  });

  test('a point outside the workspace is refused, and the scene stays usable', () => {
    const s = create('push-T', 0);
    const before = s.metrics();
    expect(() => s.applyWorld({ primitive: 'push', p0: [0.9, 0, 0.02], p1: [0, 0, 0.02] })).toThrow(
      /action\.p0\[0\]: x = 0\.900 m .* outside the workspace \[-0\.45, 0\.45\]/,
    );
    expect(s.metrics()).toEqual(before);
    expect(s.stepsTaken).toBe(0);
    const r = s.apply(s.task.expert(s, makeRng(0), 1)[0]);
    expect(Number.isFinite(r.metrics.coverage)).toBe(true);
    expect(s.stepsTaken).toBe(1);
  });
});

test('free is idempotent and use after free throws', () => {
  const s = Scene.create(getTask('push-T'), 0);
  s.free();
  s.free();
  expect(() => s.metrics()).toThrow(/freed/);
  expect(() => s.snapshot()).toThrow(/freed/);
});

test('observations are normalised and map back to the world', () => {
  const s = create('rope-circle', 4);
  const obs = s.observe(512, makeRng(0));
  expect(obs.points.length).toBe(512 * 3);
  let mx = 0,
    my = 0;
  for (let i = 0; i < obs.points.length; i += 3) {
    mx += obs.points[i] / 512;
    my += obs.points[i + 1] / 512;
  }
  expect(Math.abs(mx)).toBeLessThan(0.1);
  expect(Math.abs(my)).toBeLessThan(0.1);
  const w = s.toWorld({ primitive: 'pick_place', p0: [0.5, -0.25, 0], p1: [0, 1, 0.1] });
  const back = s.toNormalised(w);
  back.p0.forEach((v, i) => expect(v).toBeCloseTo([0.5, -0.25, 0][i], 6));
  back.p1.forEach((v, i) => expect(v).toBeCloseTo([0, 1, 0.1][i], 6));
});

test('recording captures 30 fps frames of particles and tool poses', () => {
  const s = create('push-T', 1);
  const r = s.apply(s.task.expert(s, makeRng(0), 1)[0], { record: true });
  expect(r.frames).toBeDefined();
  const frames = r.frames!;
  expect(frames.length).toBeGreaterThan(5);
  expect(frames.length).toBeCloseTo(r.simTime * 30 + 1, -1);
  expect(frames[1].t - frames[0].t).toBeCloseTo(1 / 30, 3);
  // block + wiper + pusher + two grippers
  expect(frames[0].bodies.length).toBe(5 * 7);
  expect(frames.every((f) => f.particles.every(Number.isFinite))).toBe(true);
});

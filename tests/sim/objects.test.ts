import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { initPhysics, makeWorld, type World } from '../../sim/physics/index.ts';
import {
  clothCorners,
  DEFAULT_CLOTH,
  DEFAULT_GRANULES,
  DEFAULT_ROPE,
  makeCloth,
  makeGranules,
  makeRope,
  makeTBlock,
} from '../../sim/objects/index.ts';
import { makeRng } from '../../core/rng.ts';
import { RAPIER } from '../../sim/physics/index.ts';

let worlds: World[] = [];
const world = (cfg = {}): World => {
  const w = makeWorld(cfg);
  worlds.push(w);
  return w;
};
const run = (w: World, seconds: number) => {
  for (let i = 0; i < Math.round(seconds / w.timestep); i++) w.step();
};

beforeAll(() => initPhysics());
afterEach(() => {
  worlds.forEach((w) => w.free());
  worlds = [];
});

function length(p: Float32Array): number {
  let len = 0;
  for (let i = 3; i < p.length; i += 3) len += Math.hypot(p[i] - p[i - 3], p[i + 1] - p[i - 2], p[i + 2] - p[i - 1]);
  return len;
}

describe('rope', () => {
  test('has at least 40 particles and comes to rest without jitter', () => {
    const w = world();
    const rope = makeRope(w);
    expect(rope.points().length / 3).toBeGreaterThanOrEqual(40);
    run(w, 2);
    const before = rope.points();
    run(w, 1);
    const after = rope.points();
    let moved = 0;
    for (let i = 0; i < before.length; i++) moved = Math.max(moved, Math.abs(after[i] - before[i]));
    expect(rope.maxSpeed()).toBeLessThan(1e-3);
    expect(moved).toBeLessThan(1e-4);
    expect(rope.healthy()).toBe(true);
  });

  test('hung from one end it stretches less than 2 %', () => {
    const w = world();
    const n = DEFAULT_ROPE.particles;
    const layout = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) layout.set([0, 0, 0.7 - (DEFAULT_ROPE.length * i) / (n - 1)], 3 * i);
    const rope = makeRope(w, { ...DEFAULT_ROPE, layout });
    rope.pin(0, true);
    run(w, 3);
    const stretch = length(rope.points()) / DEFAULT_ROPE.length - 1;
    expect(stretch).toBeGreaterThan(0);
    expect(stretch).toBeLessThan(0.02);
    expect(rope.healthy()).toBe(true);
  });
});

describe('cloth', () => {
  test('is at least 24×24 and rests on the table without falling through', () => {
    const w = world();
    const cloth = makeCloth(w, DEFAULT_CLOTH, 0, 0, 0.1);
    expect(cloth.numParticles).toBeGreaterThanOrEqual(24 * 24);
    run(w, 1.5);
    const p = cloth.points();
    let zmin = Infinity,
      zmax = -Infinity;
    for (let i = 2; i < p.length; i += 3) {
      zmin = Math.min(zmin, p[i]);
      zmax = Math.max(zmax, p[i]);
    }
    expect(zmin).toBeGreaterThan(0);
    expect(zmax).toBeLessThan(0.02);
    expect(cloth.healthy()).toBe(true);
  });

  test('folds and drapes without exploding', () => {
    const w = world();
    const cloth = makeCloth(w);
    const [c0] = clothCorners(DEFAULT_CLOTH);
    run(w, 0.2);
    const start = cloth.particle(c0);
    cloth.pin(c0, true);
    // Lift a corner high (it drapes), then lay it over the opposite corner (a diagonal fold).
    const path: [number, number, number][] = [];
    for (let s = 1; s <= 60; s++) path.push([start[0], start[1], start[2] + (0.3 * s) / 60]);
    for (let s = 1; s <= 90; s++)
      path.push([start[0] + (0.28 * s) / 90, start[1] + (0.28 * s) / 90, 0.3 - (0.28 * s) / 90]);
    for (const p of path) {
      cloth.drive(c0, p);
      w.step();
    }
    cloth.pin(c0, false);
    run(w, 1.5);
    const p = cloth.points();
    let xmax = -Infinity,
      zmax = -Infinity;
    for (let i = 0; i < p.length; i += 3) {
      xmax = Math.max(xmax, p[i]);
      zmax = Math.max(zmax, p[i + 2]);
    }
    expect(cloth.healthy()).toBe(true);
    expect(xmax).toBeLessThan(0.2); // nothing flew away
    expect(zmax).toBeGreaterThan(0.012); // two layers: the fold is there
    expect(zmax).toBeLessThan(0.06);
    // Edges kept their length (no explosion): the largest neighbour gap stays near the grid step.
    const step = DEFAULT_CLOTH.size / (DEFAULT_CLOTH.resolution - 1);
    let worst = 0;
    for (let i = 0; i + 1 < p.length / 3; i++) {
      if ((i + 1) % DEFAULT_CLOTH.resolution === 0) continue;
      worst = Math.max(
        worst,
        Math.hypot(p[3 * i + 3] - p[3 * i], p[3 * i + 4] - p[3 * i + 1], p[3 * i + 5] - p[3 * i + 2]),
      );
    }
    expect(worst).toBeLessThan(step * 1.2);
  });
});

test('granules: at least 500 balls settle into a finite, enabled pile', () => {
  const w = world();
  const g = makeGranules(w, makeRng(1), 0, 0, DEFAULT_GRANULES);
  run(w, 1.5);
  const p = g.points();
  expect(p.length / 3).toBeGreaterThanOrEqual(500);
  expect(g.healthy()).toBe(true);
  let zmin = Infinity;
  for (let i = 2; i < p.length; i += 3) zmin = Math.min(zmin, p[i]);
  expect(zmin).toBeGreaterThan(DEFAULT_GRANULES.radius * 0.8);
});

test('T block rests flat at its pose', () => {
  const w = world();
  const t = makeTBlock(w, 0.1, -0.05, 0.7);
  run(w, 0.5);
  const pose = t.pose2d();
  expect(pose.x).toBeCloseTo(0.1, 3);
  expect(pose.y).toBeCloseTo(-0.05, 3);
  expect(pose.theta).toBeCloseTo(0.7, 3);
  expect(t.healthy()).toBe(true);
});

test('a body that goes NaN is reported unhealthy', () => {
  const w = world();
  const rope = makeRope(w);
  const body = w.softBodies.getAll()[0];
  body.setParticlePosition(3, new RAPIER.Vector3(NaN, 0, 0));
  expect(rope.healthy()).toBe(false);
});

test('lengthUnit and timestep are configurable and applied', () => {
  const w = world({ timestep: 1 / 60, lengthUnit: 0.2, solverIterations: 8 });
  expect(w.timestep).toBeCloseTo(1 / 60, 6);
  expect(w.lengthUnit).toBeCloseTo(0.2, 6);
  expect(w.numSolverIterations).toBe(8);
});

test('soft-body substeps and tangle detection are applied and survive a snapshot', () => {
  const w = world({ softBodyExtraSubsteps: 0, softBodyTangleDetection: false });
  const back = RAPIER.World.restoreSnapshot(w.takeSnapshot());
  worlds.push(back);
  for (const v of [w, back]) {
    expect(v.integrationParameters.softBodiesMaxExtraSubsteps).toBe(0);
    expect(v.integrationParameters.softBodiesRecovery.selfCrossingDetection).toBe(false);
    expect(v.integrationParameters.softBodiesRecovery.invertedCellDetection).toBe(false);
  }
  expect(world().integrationParameters.softBodiesMaxExtraSubsteps).toBe(4);
});

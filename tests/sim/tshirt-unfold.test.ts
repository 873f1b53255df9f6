import { afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { getTask, TASK_IDS, type Action } from '../../sim/index.ts';
import { DEFAULT_TSHIRT, makeTShirt, TSHIRT_OUTLINE } from '../../sim/objects/index.ts';
import { makeWorld, type World } from '../../sim/physics/index.ts';
import { useScenes } from './scene-fixture.ts';

const create = useScenes();
const task = getTask('tshirt-unfold');
let worlds: World[] = [];
afterEach(() => {
  worlds.forEach((w) => w.free());
  worlds = [];
});

const bits = (a: Float32Array) =>
  Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

describe('tshirt-unfold', () => {
  test('is registered as a fling task with success at coverage 0.8 within 10 steps', () => {
    expect(TASK_IDS).toContain('tshirt-unfold');
    expect(task.primitive).toBe('fling');
    expect(task.maxSteps).toBe(10);
    expect(task.success).toEqual({ metric: 'coverage', threshold: 0.8, direction: 'above' });
  });

  test('a shirt laid flat covers its flat silhouette: coverage 1, and stays so at rest', () => {
    const w = makeWorld(task.world);
    worlds.push(w);
    const shirt = makeTShirt(w, DEFAULT_TSHIRT);
    expect(shirt.numParticles).toBe(458);
    expect(shirt.lattice?.triangles.length).toBe(3 * 808);
    // P squares of the lattice spacing: the footprints of a flat lattice tile exactly that.
    const tiled = 458 * DEFAULT_TSHIRT.spacing ** 2;
    const context = { flatArea: tiled, startArea: tiled };
    const m0 = task.metrics(shirt, context).coverage;
    expect(Math.abs(m0 - 1)).toBeLessThan(0.015);
    // …which is the outline's area (shoelace) grown by about half a cell all round.
    let outlineArea = 0;
    TSHIRT_OUTLINE.forEach(([x, y], i) => {
      const [u, v] = TSHIRT_OUTLINE[(i + 1) % TSHIRT_OUTLINE.length];
      outlineArea += (x * v - u * y) / 2;
    });
    expect(tiled / outlineArea).toBeGreaterThan(1.05);
    expect(tiled / outlineArea).toBeLessThan(1.2);
    for (let i = 0; i < 90; i++) w.step();
    expect(shirt.healthy()).toBe(true);
    expect(Math.abs(task.metrics(shirt, context).coverage - m0)).toBeLessThan(0.01);
  });

  test.each([0, 1, 2, 14])('seed %i starts crumpled: coverage below the success threshold', (seed) => {
    const s = create('tshirt-unfold', seed);
    expect(s.metrics().coverage).toBeLessThan(0.8);
    expect(s.metrics().coverage).toBeGreaterThan(0.2);
    expect(s.info.flatArea).toBeGreaterThan(0.07);
    expect(s.info.flatArea).toBeLessThan(0.085);
  });

  test('same seed and actions give bit-identical states; a snapshot restores exactly', () => {
    const a = create('tshirt-unfold', 7),
      b = create('tshirt-unfold', 7);
    expect(bits(a.particles())).toEqual(bits(b.particles()));
    const snap = a.snapshot();
    const action: Action = { primitive: 'fling', p0: [-0.5, 0.2, 0.1], p1: [0.5, 0.2, 0.1] };
    const ra = a.apply(action);
    const rb = b.apply(action);
    expect(rb.metrics).toEqual(ra.metrics);
    expect(bits(b.particles())).toEqual(bits(a.particles()));
    a.restore(snap);
    a.apply(action);
    expect(bits(a.particles())).toEqual(bits(b.particles()));
  });

  test("the expert's first fling raises coverage", () => {
    const s = create('tshirt-unfold', 0);
    const before = s.metrics().coverage;
    const [best] = task.expert(s, makeRng(0), 1);
    expect(s.apply(best).metrics.coverage).toBeGreaterThan(before + 0.02);
  }, 120_000);
});

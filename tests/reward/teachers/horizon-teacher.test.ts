import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { addHorizonRewards, horizonTeacher, isHorizonTeacher, teacherByName } from '../../../reward/teachers/index.ts';
import { getTask, initPhysics, Scene } from '../../../sim/index.ts';
import { outcome, Q } from './fixtures.ts';

describe('horizon teacher', () => {
  test('horizon 0 is the inner teacher itself', () => {
    const oracle = teacherByName('oracle');
    expect(horizonTeacher(oracle, 0)).toBe(oracle);
  });

  test('a better later return overturns a better first step', () => {
    const t = horizonTeacher(teacherByName('oracle'), 2);
    // A wins one step (0.5 vs 0.4), B wins over the horizon (0.4 + 0.9 + 0.9 vs 0.5 + 0.5 + 0.5).
    const a = outcome([0.5], { horizonRewards: [0.5, 0.5] }),
      b = outcome([0.4], { horizonRewards: [0.9, 0.9] });
    expect(teacherByName('oracle').label(Q, [a, b], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
    expect(t.label(Q, [a, b], makeRng(0))).toEqual({ kind: 'pair', winner: 'B' });
    expect(t.score!(Q, [a, b])).toEqual([1.5, expect.closeTo(2.2, 12)]);
    expect(t.name).toBe('oracle+horizon=2');
  });

  test('outcomes without horizon rewards are refused, naming the field', () => {
    const t = horizonTeacher(teacherByName('oracle'), 3);
    expect(() => t.label(Q, [outcome([0.1], { horizonRewards: [0.1] }), outcome([0.2])], makeRng(0))).toThrow(
      /outcome 0: field horizonRewards: expected 3/,
    );
  });

  test('a horizon out of range is refused', () => {
    expect(() => horizonTeacher(teacherByName('oracle'), -1)).toThrow(/--horizon/);
    expect(() => horizonTeacher(teacherByName('oracle'), 1.5)).toThrow(/--horizon/);
  });

  test('addHorizonRewards runs the expert from each outcome and leaves plain teachers alone', async () => {
    await initPhysics();
    const scene = Scene.create(getTask('push-T'), 3);
    try {
      const snap = scene.snapshot();
      const plain = [outcome([0.1])];
      expect(addHorizonRewards(teacherByName('oracle'), scene, plain, [snap])).toBe(plain);
      const t = horizonTeacher(teacherByName('oracle'), 2);
      expect(isHorizonTeacher(t)).toBe(true);
      const [o] = addHorizonRewards(t, scene, [outcome([scene.reward()])], [snap]);
      const h = o.horizonRewards as number[];
      expect(h).toHaveLength(2);
      // The push-T expert improves the goal coverage of a fresh scene within two pushes.
      scene.restore(snap);
      expect(Math.max(...h)).toBeGreaterThan(scene.reward());
    } finally {
      scene.free();
    }
  });
});

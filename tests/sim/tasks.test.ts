import { describe, expect, test } from 'vitest';
import { ACTORS, expertActor, getTask, runEpisode, TASK_IDS } from '../../sim/index.ts';
import { useScenes } from './scene-fixture.ts';
import { makeRng } from '../../core/rng.ts';
import { ValidationError } from '../../sim/validation/index.ts';

const create = useScenes();

test('the five tasks are registered; an unknown id lists them', () => {
  expect(TASK_IDS).toEqual(['rope-circle', 'cloth-flatten', 'granular-T', 'push-T', 'tshirt-unfold']);
  expect(() => getTask('rope')).toThrow(/accepted: rope-circle, cloth-flatten, granular-T, push-T, tshirt-unfold/);
});

describe.each(TASK_IDS)('%s', (id) => {
  test('seeded initial state: finite metrics, not yet solved, healthy', () => {
    const s = create(id, 5);
    const m = s.metrics();
    for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
    expect(m[s.task.success.metric]).toBeDefined();
    expect(s.succeeded()).toBe(false);
    expect(s.object.healthy()).toBe(true);
  });

  test('expert gives k valid, diverse actions inside the workspace', () => {
    const s = create(id, 6);
    const acts = s.task.expert(s, makeRng(0), 4);
    expect(acts).toHaveLength(4);
    for (const a of acts) {
      expect(a.primitive).toBe(s.task.primitive);
      const w = s.toWorld(a);
      for (const v of [...w.p0.slice(0, 2), ...w.p1.slice(0, 2)])
        expect(Math.abs(v)).toBeLessThanOrEqual(s.task.workspace.half);
    }
    const distinct = new Set(acts.map((a) => JSON.stringify(a)));
    expect(distinct.size).toBeGreaterThan(1);
  });
});

/**
 * Small-scale version of the 20-seed expert check (`npm run quality -- sim` runs all 20 seeds
 * per task at full step limits): the expert must raise the task metric on at least 80 % of seeds.
 */
test.each([
  ['rope-circle', 10, 12],
  ['push-T', 8, 15],
  ['cloth-flatten', 3, 2],
  ['granular-T', 3, 2],
])(
  '%s: expert improves the metric on at least 80 percent of %i seeds (%i steps each)',
  async (id, seeds, steps) => {
    const task = getTask(id);
    let improved = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const s = create(id, 100 + seed);
      const r = await runEpisode(s, expertActor, { steps });
      if (r.final[task.rewardMetric] > r.start[task.rewardMetric]) improved++;
      s.free();
    }
    expect(improved / seeds).toBeGreaterThanOrEqual(0.8);
  },
  120_000,
);

test('the random actor acts inside the workspace on every task', () => {
  for (const id of TASK_IDS) {
    const s = create(id, 1);
    const a = ACTORS.random(s, makeRng(0));
    expect(() => s.toWorld(a as never)).not.toThrow();
    const w = s.toWorld(a as never);
    expect(Math.abs(w.p1[0])).toBeLessThanOrEqual(s.task.workspace.half);
  }
});

test('an action of the wrong workspace is a ValidationError, not a crash', () => {
  const s = create('rope-circle', 0);
  expect(() => s.apply({ primitive: 'pick_place', p0: [9, 0, 0], p1: [0, 0, 0] })).toThrow(ValidationError);
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { collectQuery, standInPolicy } from '../../../reward/collect/index.ts';
import { selectorByName } from '../../../reward/selection/index.ts';
import { openStore, type PreferenceStore } from '../../../reward/store/index.ts';
import { horizonTeacher, teacherByName } from '../../../reward/teachers/index.ts';
import { expertRewardsAfter, getTask, initPhysics, Scene } from '../../../sim/index.ts';

let scene: Scene;
let store: PreferenceStore;
beforeAll(() => initPhysics());
afterAll(() => {
  scene?.free();
  store?.close();
});

test('collect with a horizon teacher scores each outcome by its return over the expert steps after it', async () => {
  scene = Scene.create(getTask('push-T'), 4);
  store = openStore(':memory:');
  const before = scene.metrics();
  const teacher = horizonTeacher(teacherByName('oracle'), 1);
  const r = await collectQuery(
    scene,
    { store, teacher, selector: selectorByName('uniform'), policy: standInPolicy(() => scene) },
    {},
    makeRng(2),
  );
  expect(scene.metrics()).toEqual(before); // left at the query's state after the expert rollouts
  expect(store.getLabel(r.labelId)).toMatchObject({ annotator: 'teacher:oracle+horizon=1' });
  const salt = scene.stepsTaken;
  store.outcomesFor(r.queryId).forEach((o, c) => {
    const later = expertRewardsAfter(scene, r.runs[c].after, 1, salt);
    expect(o.return).toBe(r.runs[c].return); // the stored return stays the one-step task return
    expect(o.teacherScore).toBeCloseTo(r.runs[c].return + later[0], 12);
  });
}, 60_000);

import { expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { expertRewardsAfter } from '../../../sim/index.ts';
import { useScenes } from '../scene-fixture.ts';

const create = useScenes();

test('expert rewards after a snapshot are the same on every call', () => {
  const scene = create('push-T', 5);
  const snap = scene.snapshot();
  const a = expertRewardsAfter(scene, snap, 2);
  expect(a).toHaveLength(2);
  expect(expertRewardsAfter(scene, snap, 2)).toEqual(a);
  expect(() => expertRewardsAfter(scene, snap, -1)).toThrow(/horizon steps/);
});

test('a state that already succeeds is not acted on: its reward repeats', () => {
  const scene = create('push-T', 5);
  const rng = makeRng(0);
  for (let k = 0; k < scene.task.maxSteps && !scene.succeeded(); k++) scene.apply(scene.task.expert(scene, rng, 1)[0]);
  expect(scene.succeeded()).toBe(true);
  const done = scene.snapshot(),
    steps = scene.stepsTaken;
  expect(expertRewardsAfter(scene, done, 2)).toEqual([scene.reward(), scene.reward()]);
  expect(scene.stepsTaken).toBe(steps);
});

/** The one candidate rollout (moved from tests/sim/scene.test.ts with sim/episode/rollout-candidates.ts). */
import { expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { runCandidates } from '../../../reward/collect/index.ts';
import { useScenes } from '../../sim/scene-fixture.ts';

const create = useScenes();

test('runCandidates runs each candidate from the same snapshot and leaves the scene there', () => {
  const s = create('push-T', 2);
  const snap = s.snapshot();
  const before = s.particles();
  const cands = s.task.expert(s, makeRng(3), 3);
  const runs = runCandidates(s, snap, cands);
  const r = { metrics: runs.map((x) => x.metrics), frames: runs.map((x) => x.frames) };
  expect(r.metrics).toHaveLength(3);
  expect(r.frames.every((f) => f.length > 5)).toBe(true);
  expect(Array.from(s.particles())).toEqual(Array.from(before));
  s.restore(snap);
  expect(s.apply(cands[1]).metrics).toEqual(r.metrics[1]);
});

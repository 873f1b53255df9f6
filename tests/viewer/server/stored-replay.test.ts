/** A stored query rolled out again from its snapshot shows exactly what was shown when it was labelled. */
import { expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { encodeRuns, runCandidates, startFrame } from '../../../reward/collect/index.ts';
import { replayStoredQuery } from '../../../viewer/server/queries/stored-replay.ts';
import { useScenes } from '../../sim/scene-fixture.ts';

const create = useScenes();

test('same frames and metrics as the first rollout, from a mid-episode state; the scene is left alone', () => {
  const s = create('push-T', 2);
  s.apply(s.task.expert(s, makeRng(1), 1)[0]);
  const snapshot = s.snapshot();
  const candidates = s.task.expert(s, makeRng(3), 2);
  const shown = encodeRuns(startFrame(s), runCandidates(s, snapshot, candidates));
  const before = Array.from(s.particles());
  const q = replayStoredQuery(
    s.task,
    {
      flow: 'pair',
      seed: 2,
      snapshot,
      observation: new Uint8Array([1, 2, 3]),
      candidates,
      selector: 'uniform',
      selectorScore: null,
    },
    'stored',
  );
  expect(q.metrics).toEqual(shown.metrics);
  expect(q.frames.map((f) => f.length)).toEqual(shown.frames.map((f) => f.length));
  expect(q.frames.flat().map((b) => Buffer.from(b).toString('base64'))).toEqual(
    shown.frames.flat().map((b) => Buffer.from(b).toString('base64')),
  );
  expect(Buffer.from(q.startFrame)).toEqual(Buffer.from(shown.startFrame));
  expect(q).toMatchObject({ flow: 'pair', task: 'push-T', seed: 2, source: 'stored', candidates });
  expect(Array.from(s.particles())).toEqual(before);
});

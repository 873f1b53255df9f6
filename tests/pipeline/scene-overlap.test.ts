import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { SCENE_SEED_SPACES } from '../../core/seeds.ts';
import { labelledSceneNote } from '../../pipeline/eval/index.ts';
import { encodeObservation, openStore } from '../../reward/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-scene-overlap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function storeWith(name: string, seeds: number[]): string {
  const db = join(dir, name);
  const store = openStore(db);
  const observation = encodeObservation({ points: new Float32Array([0, 0, 0]), center: [0, 0, 0], scale: 1 });
  seeds.forEach((seed, k) =>
    store.addState({ task: 'push-T', seed, snapshot: new Uint8Array([k % 256]), observation }),
  );
  store.close();
  return db;
}

test('eval notes evaluation scenes that hold labelled states, counting each scene once', () => {
  const db = storeWith('overlap.db', [3, 3, 7, 19, 20, 5000, SCENE_SEED_SPACES.labelling]);
  const note = labelledSceneNote(db, 'push-T', 20, ['sl', 'explicit']);
  expect(note).toMatch(/^3 of the 20 evaluation scenes \(seeds 0…19\) hold labelled push-T states in /);
  expect(labelledSceneNote(db, 'push-T', 3, ['implicit'])).toBeNull(); // scenes 0…2: none labelled
  expect(labelledSceneNote(db, 'rope-circle', 20, ['explicit'])).toBeNull();
});

test('no note without a reward method, without overlap, or without a store', () => {
  const db = storeWith('apart.db', [SCENE_SEED_SPACES.labelling, SCENE_SEED_SPACES.labelling + 1]);
  expect(labelledSceneNote(db, 'push-T', 20, ['explicit', 'oracle'])).toBeNull();
  const overlapping = storeWith('near.db', [0]);
  expect(labelledSceneNote(overlapping, 'push-T', 20, ['sl', 'oracle', 'expert'])).toBeNull();
  expect(labelledSceneNote(join(dir, 'none.db'), 'push-T', 20, ['explicit'])).toBeNull();
});

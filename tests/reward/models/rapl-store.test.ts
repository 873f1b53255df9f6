import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { makeLocalPool, runEvaluation } from '../../../pipeline/eval/index.ts';
import { collectRun, standInPolicy } from '../../../reward/collect/index.ts';
import { lookaheadRollout, RaplConfigSchema, trainRaplOnStore } from '../../../reward/models/index.ts';
import { selectorByName } from '../../../reward/selection/index.ts';
import { openStore, type PreferenceStore } from '../../../reward/store/index.ts';
import { teacherByName } from '../../../reward/teachers/index.ts';
import { getTask, initPhysics, Scene } from '../../../sim/index.ts';

// A tiny encoder so training takes seconds.
const CFG = {
  epochs: 2,
  points: 8,
  trainFrames: 6,
  rewardFrames: 6,
  pointSizes: [8],
  toolSizes: [8],
  embed: 8,
  trainIters: 10,
};
const dir = mkdtempSync(join(tmpdir(), 'prefsim-rapl-store-'));
const db = join(dir, 'p.db');
let store: PreferenceStore;

beforeAll(async () => {
  await initPhysics();
  store = openStore(db);
  await collectRun(
    { store, teacher: teacherByName('keep-out:kind=triplet'), selector: selectorByName('uniform') },
    (sc) => standInPolicy(() => sc),
    { task: 'push-T', queries: 8, framesDir: join(dir, 'frames') },
  );
}, 120_000);

afterAll(() => store.close());

test('trainRaplOnStore trains on the stored triplets and registers a rapl model with its metrics', async () => {
  const r = await trainRaplOnStore(store, 'push-T', CFG, { heldOut: 0.3 });
  const row = store.getModel(r.id);
  expect(row?.kind).toBe('rapl');
  expect(existsSync(r.path)).toBe(true);
  expect(r.metrics.trainTriplets).toBeGreaterThan(0);
  expect(r.metrics.demos).toBeGreaterThan(0);
  expect(r.metrics.ece).toBeNull();
  expect(row?.metrics).toMatchObject({ cost: 'euclidean' });
}, 120_000);

test('trainRaplOnStore with validation records the kept epoch and both losses in the registry', async () => {
  const r = await trainRaplOnStore(store, 'push-T', { ...CFG, epochs: 3, validation: 0.5 }, { heldOut: 0.3 });
  const m = store.getModel(r.id)?.metrics as Record<string, number | null>;
  expect(m.epochsUsed).toBe(3);
  expect(m.bestEpoch).toBeGreaterThanOrEqual(0);
  expect(m.bestEpoch).toBeLessThanOrEqual(3);
  expect(m.validationTriplets).toBeGreaterThan(0);
  expect(Number.isFinite(m.validationLoss)).toBe(true);
  // Without validation the last epoch is kept and there is no validation loss to record.
  const plain = await trainRaplOnStore(store, 'push-T', { ...CFG, epochs: 2 }, { heldOut: 0.3 });
  expect(store.getModel(plain.id)?.metrics).toMatchObject({ epochsUsed: 2, bestEpoch: 2, validationLoss: null });
}, 120_000);

test('trainRaplOnStore refuses a task without triplet labels, naming the store', async () => {
  await expect(trainRaplOnStore(store, 'rope-circle', CFG)).rejects.toThrow(
    `no triplet labels for task rope-circle in ${db}`,
  );
});

test('the look-ahead rollout restores the scene exactly and gives rewardFrames frames', async () => {
  const scene = Scene.create(getTask('push-T'), 3);
  try {
    const before = scene.snapshot();
    const [a] = getTask('push-T').expert(scene, makeRng(0), 1);
    const traj = await lookaheadRollout(() => scene, RaplConfigSchema.parse(CFG))(scene.observe(64), a);
    expect(traj.frames).toBe(6);
    expect(Buffer.from(scene.snapshot()).equals(Buffer.from(before))).toBe(true);
  } finally {
    scene.free();
  }
});

test('eval --methods rapl runs on a tiny store and the report notes the privileged look-ahead', async () => {
  const { id } = await trainRaplOnStore(store, 'push-T', CFG, { heldOut: 0.3 });
  const r = await runEvaluation(
    { task: 'push-T', methods: ['rapl'], seeds: 1, steps: 2, candidates: 3, models: { reward: id, db } },
    makeLocalPool(0),
  );
  expect(r.results).toHaveLength(1);
  expect(r.results[0].decisions).toBe(2);
  expect(r.results[0].curve.every(Number.isFinite)).toBe(true);
  expect(r.notes.join(' ')).toMatch(/privileged look-ahead/);
}, 120_000);

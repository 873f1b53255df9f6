import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRng } from '../../../core/rng.ts';
import { collectQuery, collectRun, standInPolicy, teacherQuery, toolMotion } from '../../../reward/collect/index.ts';
import {
  preferredDemosFromStore,
  openRewardModel,
  RaplConfigSchema,
  trainExplicit,
  trainRapl,
  tripletsFromStore,
} from '../../../reward/models/index.ts';
import { selectorByName } from '../../../reward/selection/index.ts';
import { openStore, type PreferenceStore } from '../../../reward/store/index.ts';
import { insideZone, teacherByName, type Teacher } from '../../../reward/teachers/index.ts';
import { bodySlots, getTask, initPhysics, Scene } from '../../../sim/index.ts';
import { KEEP_OUT } from '../../../sim/tasks/push-t.ts';
import { syntheticPairs } from '../models/fixtures.ts';

beforeAll(async () => {
  await initPhysics();
});

let scene: Scene;
let store: PreferenceStore;
const pushT = getTask('push-T');
afterAll(() => {
  scene?.free();
  store?.close();
});

describe('one preference query', () => {
  test('runs every shown candidate from the same snapshot and stores it all in one transaction', async () => {
    scene = Scene.create(pushT, 3);
    store = openStore(':memory:');
    const before = scene.metrics();
    const r = await collectQuery(
      scene,
      {
        store,
        teacher: teacherByName('keep-out'),
        selector: selectorByName('uniform'),
        policy: standInPolicy(() => scene),
      },
      {},
      makeRng(1),
    );
    expect(scene.metrics()).toEqual(before); // left at the query's state
    expect(store.counts()).toMatchObject({ states: 1, queries: 1, outcomes: 2, labels: 1 });
    expect(store.getQuery(r.queryId)).toMatchObject({
      selector: 'uniform',
      selectorScore: null,
      candidates: r.candidates,
    });
    expect(store.getLabel(r.labelId)).toMatchObject({ annotator: 'teacher:keep-out', label: r.label });
    // Outcomes are reproducible from the stored snapshot (bit-identical branching).
    const again = scene.snapshot();
    scene.restore(store.getState(r.stateId).snapshot);
    const m = scene.apply(r.candidates[1]).metrics;
    expect(m).toEqual(store.outcomesFor(r.queryId)[1].metrics);
    scene.restore(again);
    expect(r.runs[0].outcome.toolPath!.length).toBeGreaterThan(5);
    expect(r.runs[0].outcome.peakToolSpeed).toBeGreaterThan(0);
    // The teacher's noise-free score is stored per outcome: the return, less the zone penalty when the tool entered it.
    const q = teacherQuery(scene);
    const entered = (c: number) => r.runs[c].outcome.toolPath!.some((p) => insideZone(p, { ...q.keepOut!, weight: 1 }));
    store
      .outcomesFor(r.queryId)
      .forEach((o, c) => expect(o.teacherScore).toBeCloseTo(o.return! - (entered(c) ? 1 : 0), 9));
  });

  test("the teacher is told the scene's keep-out zone", () => {
    expect(teacherQuery(scene).keepOut).toEqual({ ...KEEP_OUT });
    const rope = Scene.create(getTask('rope-circle'), 0);
    try {
      expect(teacherQuery(rope)).toEqual({ task: 'rope-circle' });
    } finally {
      rope.free();
    }
  });

  test('a label the store refuses leaves nothing half-written', async () => {
    const liar: Teacher = {
      name: 'liar',
      kind: 'pair',
      label: () => ({ kind: 'triplet', best: 0, middle: 1, worst: 2 }),
    };
    const counts = store.counts();
    await expect(
      collectQuery(
        scene,
        { store, teacher: liar, selector: selectorByName('uniform'), policy: standInPolicy(() => scene) },
        {},
        makeRng(2),
      ),
    ).rejects.toThrow('store.addLabel: label for query');
    expect(store.counts()).toEqual(counts);
  });

  test('tool motion: path of the pusher and its peak speed', () => {
    const f = (t: number, x: number) => ({
      t,
      particles: new Float32Array(3),
      bodies: Float32Array.from({ length: 7 * 5 }, (_, i) => (i === 7 * 2 ? x : 0)),
    });
    const m = toolMotion([f(0, 0), f(0.1, 0.05), f(0.2, 0.06)], 'push', bodySlots(1));
    expect(m.path.map((p) => p[0])).toEqual([0, Math.fround(0.05), Math.fround(0.06)]);
    expect(m.peakSpeed).toBeCloseTo(0.5, 5);
  });
});

describe('collection runs', () => {
  test('disagreement selection with an ensemble logs its score with every query', async () => {
    const { data } = syntheticPairs(makeRng(1), 4, 16);
    const { model } = await trainExplicit(data, { epochs: 1, points: 32, ensemble: 3 });
    const s = openStore(':memory:');
    try {
      const seen: number[] = [];
      const res = await collectRun(
        { store: s, teacher: teacherByName('oracle'), selector: selectorByName('disagreement'), model },
        (sc) => standInPolicy(() => sc),
        { task: 'push-T', queries: 3, queriesPerScene: 2, oversample: 2 },
        (p) => seen.push(p.done),
      );
      expect(seen).toEqual([1, 2, 3]);
      for (const r of res) {
        const q = s.getQuery(r.queryId);
        expect(q.selector).toBe('disagreement');
        expect(q.selectorScore).toBe(r.selectorScore);
        expect(q.selectorScore).toBeGreaterThanOrEqual(0);
      }
      expect(new Set(res.map((r) => s.getState(r.stateId).seed))).toEqual(new Set([0, 1]));
    } finally {
      await model.free();
      s.close();
    }
  });

  test('RAPL end to end: triplets with recorded frames → trained encoder → dense OT reward; save/reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prefsim-rapl-'));
    const s = openStore(join(dir, 'p.db'));
    try {
      await collectRun(
        { store: s, teacher: teacherByName('keep-out:kind=triplet'), selector: selectorByName('uniform') },
        (sc) => standInPolicy(() => sc),
        { task: 'push-T', queries: 4, framesDir: join(dir, 'frames') },
      );
      const cfg = RaplConfigSchema.parse({
        epochs: 3,
        points: 16,
        trainFrames: 6,
        rewardFrames: 10,
        pointSizes: [16],
        toolSizes: [8],
        embed: 8,
        trainIters: 10,
      });
      const triplets = tripletsFromStore(s, 'push-T', cfg);
      expect(triplets).toHaveLength(4);
      const demos = preferredDemosFromStore(s, 'push-T', 2, cfg);
      expect(demos.length).toBeGreaterThanOrEqual(1);
      expect(demos[0].frames).toBe(10);
      const { model, finalLoss } = await trainRapl(triplets, cfg, { demos });
      try {
        expect(Number.isFinite(finalLoss)).toBe(true);
        const last = demos.length - 1;
        const r = await model.rewardOf(demos[last]);
        expect(r.dense).toHaveLength(10);
        expect(r.demo).toBe(last); // a demo is closest to itself
        const path = join(dir, 'rapl.onnx');
        model.save(path);
        const back = await openRewardModel(path);
        try {
          expect((await (back as typeof model).rewardOf(demos[0])).total).toBeCloseTo(
            (await model.rewardOf(demos[0])).total,
            6,
          );
        } finally {
          await back.free();
        }
        await expect(model.score({ points: new Float32Array(3), center: [0, 0, 0], scale: 1 }, [])).rejects.toThrow(
          'needs a rollout hook',
        );
      } finally {
        await model.free();
      }
    } finally {
      s.close();
    }
  });
});

/**
 * The one query pipeline (issue 15 item 1) and its near-identical-outcome filter (issue 16 item 2):
 * prepareQuery redraws when two shown outcomes are closer than the threshold and says how many
 * draws it skipped; storeLabelledQuery stores a teacher's and a person's label the same way.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import {
  outcomeDistance,
  prepareQuery,
  standInPolicy,
  storeLabelledQuery,
  type LabelledQuery,
} from '../../../reward/collect/index.ts';
import { selectorByName, type Policy } from '../../../reward/selection/index.ts';
import { encodeObservation, openStore } from '../../../reward/store/index.ts';
import { getTask, initPhysics, randomActor, Scene, type Action } from '../../../sim/index.ts';

beforeAll(async () => {
  await initPhysics();
});

const scenes: Scene[] = [];
afterAll(() => scenes.forEach((s) => s.free()));
function scene(seed: number): Scene {
  const s = Scene.create(getTask('push-T'), seed);
  scenes.push(s);
  return s;
}

/** A policy that proposes `draws[i]` on its i-th call (the last one again after that). */
function scripted(draws: Action[][]): Policy & { calls: number } {
  const p = {
    calls: 0,
    primitive: draws[0][0].primitive,
    obsPoints: 256,
    async free(): Promise<void> {},
    async sample(_obs: unknown, n: number): Promise<Action[]> {
      const d = draws[Math.min(p.calls++, draws.length - 1)];
      expect(d).toHaveLength(n);
      return d.map((a) => structuredClone(a));
    },
  };
  return p;
}

describe('outcomeDistance', () => {
  test('is the mean distance of corresponding points, 0 for the same end state', () => {
    const a = { t: 0, particles: new Float32Array([0, 0, 0, 1, 1, 1]), bodies: new Float32Array(0) };
    const b = { t: 0, particles: new Float32Array([0.03, 0, 0, 1, 1.04, 1]), bodies: new Float32Array(0) };
    expect(outcomeDistance(a, a)).toBe(0);
    expect(outcomeDistance(a, b)).toBeCloseTo(0.035, 6);
    expect(() => outcomeDistance(a, { ...b, particles: new Float32Array(3) })).toThrow(
      /field particles: expected equal lengths, got 6 and 3/,
    );
  });
});

describe('prepareQuery', () => {
  test('off by default: the first draw is shown, with the closest outcome distance reported', async () => {
    const s = scene(4);
    const before = s.snapshot();
    const [a] = s.task.expert(s, makeRng(1), 1);
    const policy = scripted([[a, a]]);
    const q = await prepareQuery(s, { policy, selector: selectorByName('uniform') }, { pool: 2, size: 2 }, makeRng(2));
    expect(q.skipped).toBe(0);
    expect(q.closest).toBe(0); // the same action twice: bit-identical outcomes
    expect(policy.calls).toBe(1);
    expect(Array.from(s.snapshot())).toEqual(Array.from(before)); // left at the query's state
    expect(q.runs).toHaveLength(2);
  });

  test('near-identical outcomes are drawn again, and the skips are counted', async () => {
    const s = scene(4);
    // An expert push, and a random touch: their outcomes differ (the expert's own top two may not).
    const [a] = s.task.expert(s, makeRng(1), 1);
    const b = await randomActor(s, makeRng(7));
    const policy = scripted([
      [a, a],
      [a, a],
      [a, b],
    ]);
    const q = await prepareQuery(
      s,
      { policy, selector: selectorByName('uniform') },
      { pool: 2, size: 2, minOutcomeDistance: 1e-4 },
      makeRng(2),
    );
    expect(q.skipped).toBe(2);
    expect(policy.calls).toBe(3);
    expect(q.closest).toBeGreaterThanOrEqual(1e-4);
    expect(q.candidates.map((c) => JSON.stringify(c)).sort()).toEqual([a, b].map((c) => JSON.stringify(c)).sort());
  });

  test('after maxRedraws the last draw is shown anyway, so a query never stalls', async () => {
    const s = scene(5);
    const [a] = s.task.expert(s, makeRng(1), 1);
    const policy = scripted([[a, a]]);
    const q = await prepareQuery(
      s,
      { policy, selector: selectorByName('uniform') },
      { pool: 2, size: 2, minOutcomeDistance: 0.01, maxRedraws: 3 },
      makeRng(2),
    );
    expect(q.skipped).toBe(3);
    expect(policy.calls).toBe(4);
    expect(q.closest).toBe(0);
  });
});

describe('storeLabelledQuery', () => {
  test('a teacher and a person label through the same function; the query is stored once', async () => {
    const s = scene(6);
    const store = openStore(':memory:');
    try {
      const q = await prepareQuery(
        s,
        { policy: standInPolicy(() => s), selector: selectorByName('uniform') },
        { pool: 4, size: 2 },
        makeRng(3),
      );
      const record: LabelledQuery = {
        task: s.task.id,
        seed: s.seed,
        snapshot: q.snapshot,
        observation: encodeObservation(q.obs),
        candidates: q.candidates,
        expert: null,
        selector: q.selector,
        selectorScore: q.selectorScore,
        outcomes: q.runs.map((r) => ({ metrics: r.metrics, return: r.return })),
      };
      const byTeacher = storeLabelledQuery(store, record, null, {
        label: { kind: 'pair', winner: 'A' },
        annotator: 'teacher:oracle',
        liveModels: [],
      });
      const byPerson = storeLabelledQuery(store, record, byTeacher.queryId, {
        label: { kind: 'pair', winner: 'B' },
        annotator: 'ada',
        responseMs: 900,
        liveModels: [],
      });
      expect(byTeacher.created).toBe(true);
      expect(byPerson).toMatchObject({ created: false, queryId: byTeacher.queryId, stateId: byTeacher.stateId });
      expect(store.counts()).toMatchObject({ states: 1, queries: 1, outcomes: 2, labels: 2 });
      expect(store.getLabel(byPerson.labelId)).toMatchObject({
        annotator: 'ada',
        responseMs: 900,
        label: { kind: 'pair', winner: 'B' },
      });
      expect(store.getQuery(byTeacher.queryId)).toMatchObject({ selector: 'uniform', selectorScore: null });
    } finally {
      store.close();
    }
  });
});

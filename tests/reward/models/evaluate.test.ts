import { afterEach, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import {
  episodeSplit,
  evaluateOnStore,
  isHeldOutEpisode,
  readLabelAccuracy,
  registryMetrics,
  wilsonInterval,
  type RewardModel,
} from '../../../reward/models/index.ts';
import { makeTeacher } from '../../../reward/teachers/index.ts';
import { encodeObservation, openStore, type PreferenceStore } from '../../../reward/store/index.ts';
import type { Action } from '../../../sim/types.ts';

const act = (x: number): Action => ({ primitive: 'pick_place', p0: [x, 0, 0], p1: [0, 0, 0] });

/** Scores a candidate by p0.x: the known model of these tests. */
const byX: RewardModel = {
  id: 'by-x',
  kind: 'explicit',
  score: async (_obs, actions) => Float32Array.from(actions, (a) => a.p0[0]),
  free: async () => {},
} as RewardModel;

let store: PreferenceStore;
afterEach(() => store.close());

/** One state; a query per row of returns, candidate c at p0.x = xs[c], labelled by an oracle ranking. */
function fill(rows: { xs: number[]; returns: number[] }[]): void {
  store = openStore(':memory:');
  const obs = encodeObservation({ points: new Float32Array([0, 0, 0, 1, 1, 0]), center: [0, 0, 0], scale: 1 });
  const stateId = store.addState({ task: 'rope-circle', seed: 1, snapshot: new Uint8Array([1]), observation: obs });
  for (const { xs, returns } of rows) {
    const queryId = store.addQuery({ stateId, candidates: xs.map(act), selector: 'uniform' });
    returns.forEach((r, c) => store.addOutcome({ queryId, candidate: c, metrics: {}, return: r }));
    const order = returns.map((_, c) => c).sort((a, b) => returns[b] - returns[a]);
    store.addLabel({
      queryId,
      label: { kind: 'ranking', order: order.slice(0, -1), rest: order.slice(-1) },
      annotator: 'teacher:test',
    });
  }
}

test(
  'within-query Spearman: mean over queries with ≥ 3 distinct returns, ' + 'beside accuracy on decisive pairs',
  async () => {
    fill([
      { xs: [0, 1, 2, 3], returns: [0.1, 0.2, 0.3, 0.4] }, // model agrees: ρ = 1, 6 pairs right
      { xs: [0, 1, 2, 3], returns: [0.4, 0.3, 0.2, 0.1] }, // model reversed: ρ = −1, 6 pairs wrong
      // 2 distinct returns: not counted in ρ; 2 decisive pairs right, 1 tie dropped
      { xs: [0, 1, 2], returns: [0.1, 0.1, 0.3] },
    ]);
    const ev = await evaluateOnStore(byX, store, 'rope-circle', 1);
    expect(ev.withinQueries).toBe(2);
    expect(ev.withinQuerySpearman).toBeCloseTo(0, 10);
    expect(ev.returnAccuracy.n).toBe(14);
    expect(ev.returnAccuracy.value).toBeCloseTo(8 / 14, 10);
    // Against the labels the tie of returns still counts: the ranking put candidate 0 above 1, and the model disagrees.
    expect(ev.labelAccuracy.n).toBe(15);
    expect(ev.labelAccuracy.value).toBeCloseTo(8 / 15, 10);
    expect(ev.teacherAccuracy).toBeNull(); // no teacher scores stored
  },
);

test('within-query Spearman is NaN when no query has 3 distinct returns', async () => {
  fill([{ xs: [0, 1], returns: [0.1, 0.2] }]);
  const ev = await evaluateOnStore(byX, store, 'rope-circle', 1);
  expect(ev.withinQueries).toBe(0);
  expect(ev.withinQuerySpearman).toBeNaN();
  expect(ev.returnAccuracy.value).toBe(1);
  expect(ev.warnings.join('\n')).toContain('labelAccuracy stands on 1 evaluated pairs (fewer than 30)');
});

test('calibration counts both orientations, so winner-first ranking pairs do not read as always right', async () => {
  // Every pair is winner first and the model says P = σ(1) ≈ 0.73 for the winner each time.
  fill([
    { xs: [1, 0], returns: [0.2, 0.1] },
    { xs: [2, 1], returns: [0.5, 0.4] },
  ]);
  const ev = await evaluateOnStore(byX, store, 'rope-circle', 1);
  const used = ev.reliability.filter((b) => b.count > 0);
  expect(used.map((b) => b.accuracy)).toEqual([0, 1]);
  expect(used[0].confidence).toBeCloseTo(1 - 1 / (1 + Math.exp(-1)), 6);
  expect(ev.ece).toBeCloseTo(1 - 1 / (1 + Math.exp(-1)), 6);
});

test.each([
  // k, n, Wilson 95 % interval (z = 1.96), from the closed form
  [8, 10, 0.4902, 0.9433],
  [0, 10, 0, 0.2775],
  [10, 10, 0.7225, 1],
  [50, 100, 0.4038, 0.5962],
])('Wilson interval of %i / %i is [%f, %f]', (k, n, lo, hi) => {
  const [a, b] = wilsonInterval(k, n);
  expect(a).toBeCloseTo(lo, 4);
  expect(b).toBeCloseTo(hi, 4);
});

test(
  'the split is by episode: every state of one scene seed falls on the ' + 'same side, about 20 % of seeds held out',
  () => {
    store = openStore(':memory:');
    const obs = encodeObservation({ points: new Float32Array([0, 0, 0]), center: [0, 0, 0], scale: 1 });
    const stateSeed = new Map<number, number>();
    for (let seed = 0; seed < 400; seed++) {
      for (let k = 0; k < 4; k++)
        stateSeed.set(store.addState({ task: 'push-T', seed, snapshot: new Uint8Array([k]), observation: obs }), seed);
    }
    const split = episodeSplit(store, 'push-T');
    const side = new Map<number, boolean>();
    for (const [id, seed] of stateSeed) {
      const h = split.isHeldOut(id);
      if (side.has(seed)) expect(h, `seed ${seed}`).toBe(side.get(seed));
      side.set(seed, h);
    }
    const held = [...side.values()].filter(Boolean).length / side.size;
    expect(held).toBeGreaterThan(0.14);
    expect(held).toBeLessThan(0.26);
    expect([...side.keys()].every((seed) => isHeldOutEpisode(seed, 1))).toBe(true);
    expect(() => split.isHeldOut(99_999)).toThrow('state 99999 is not a push-T state');
  },
);

test('a small store gets both sides: one episode is held out when none hashes there, one trains when all do', () => {
  store = openStore(':memory:');
  const obs = encodeObservation({ points: new Float32Array([0, 0, 0, 1, 1, 0]), center: [0, 0, 0], scale: 1 });
  // Three seeds that all hash to the training side, and three that all hash to the held-out side.
  const trainSide: number[] = [],
    heldSide: number[] = [];
  for (let seed = 0; trainSide.length < 3 || heldSide.length < 3; seed++)
    (isHeldOutEpisode(seed) ? heldSide : trainSide).push(seed);
  const add = (task: string, seeds: number[]) =>
    seeds
      .slice(0, 3)
      .map((seed) => store.addState({ task, seed, snapshot: new Uint8Array([seed % 256]), observation: obs }));
  const allTrain = add('push-T', trainSide);
  const allHeld = add('rope-circle', heldSide);
  const t = episodeSplit(store, 'push-T');
  expect(allTrain.filter((id) => t.isHeldOut(id))).toHaveLength(1);
  const h = episodeSplit(store, 'rope-circle');
  expect(allHeld.filter((id) => !h.isHeldOut(id))).toHaveLength(1);
  // One episode alone trains (nothing to hold out without leaving nothing to train on).
  const lone = add('granular-T', trainSide.slice(0, 1));
  expect(episodeSplit(store, 'granular-T').isHeldOut(lone[0])).toBe(false);
});

test('teacherAccuracy measures the noise-free preference, labelAccuracy what a noisy teacher said', async () => {
  store = openStore(':memory:');
  const teacher = makeTeacher({ flip: 0.3 }, 'mistake');
  const rng = makeRng(4);
  const obs = encodeObservation({ points: new Float32Array([0, 0, 0, 1, 1, 0]), center: [0, 0, 0], scale: 1 });
  let agreeWithLabel = 0;
  for (let q = 0; q < 80; q++) {
    const xs = [rng.uniform(0, 1), rng.uniform(0, 1)];
    const stateId = store.addState({ task: 'rope-circle', seed: q, snapshot: new Uint8Array([1]), observation: obs });
    const queryId = store.addQuery({ stateId, candidates: xs.map(act), selector: 'uniform' });
    const outcomes = xs.map((x) => ({ action: act(x), rewards: [x] }));
    const label = teacher.label({ task: 'rope-circle' }, outcomes, rng);
    const scores = teacher.score!({ task: 'rope-circle' }, outcomes);
    xs.forEach((x, c) => store.addOutcome({ queryId, candidate: c, metrics: {}, return: x, teacherScore: scores[c] }));
    store.addLabel({ queryId, label, annotator: 'teacher:mistake' });
    if (label.kind === 'pair' && (label.winner === 'A') === xs[0] > xs[1]) agreeWithLabel++;
  }
  const ev = await evaluateOnStore(byX, store, 'rope-circle', 1);
  expect(ev.teacherAccuracy).toMatchObject({ value: 1, n: 80 });
  expect(ev.labelAccuracy.n).toBe(80);
  expect(ev.labelAccuracy.value).toBeCloseTo(agreeWithLabel / 80, 10);
  expect(ev.labelAccuracy.value).toBeLessThan(0.85); // about 30 % of the labels are flipped
  expect(ev.spearmanTeacher).toMatchObject({ rho: 1, outcomes: 160 });
});

test(
  'the held-out side and the training side are scored apart; the registry row carries the new keys, and old ' +
    'rows stay readable',
  async () => {
    fill([{ xs: [0, 1], returns: [0.1, 0.2] }]); // one state (id 1), seed 1: a lone episode always trains
    const heldOutSeed1 = episodeSplit(store, 'rope-circle', 0.5).isHeldOut(1);
    expect(heldOutSeed1).toBe(false);
    const ev = await evaluateOnStore(byX, store, 'rope-circle', { fraction: 0.5 });
    expect(ev.labelAccuracy.n).toBe(heldOutSeed1 ? 1 : 0);
    expect(ev.trainLabelAccuracy!.n).toBe(heldOutSeed1 ? 0 : 1);
    const row = registryMetrics(ev);
    expect(Object.keys(row)).toEqual(
      expect.arrayContaining([
        'labelAccuracy',
        'labelPairs',
        'labelAccuracyLo',
        'labelAccuracyHi',
        'teacherAccuracy',
        'returnAccuracy',
        'trainLabelAccuracy',
        'ece',
      ]),
    );
    expect(row).not.toHaveProperty('heldOutAccuracy');
    expect(readLabelAccuracy({ labelAccuracy: 0.8, labelPairs: 40 })).toEqual({ value: 0.8, n: 40, legacy: false });
    expect(readLabelAccuracy({ heldOutAccuracy: 0.7, heldOutPairs: 12 })).toEqual({ value: 0.7, n: 12, legacy: true });
    expect(readLabelAccuracy({})).toBeNull();
  },
);

test('a store whose every episode would be held out still trains on one of them', () => {
  const seeds = Array.from({ length: 5000 }, (_, s) => s)
    .filter((s) => isHeldOutEpisode(s))
    .slice(0, 2);
  const source = { stateSeeds: () => new Map(seeds.map((s, i) => [i + 1, s])) };
  const split = episodeSplit(source, 'push-T');
  expect([split.isHeldOut(1), split.isHeldOut(2)].sort()).toEqual([false, true]);
  expect(split.isHeldOut(1) !== split.isHeldOut(2)).toBe(true);
  expect(episodeSplit(source, 'push-T', 1).isHeldOut(1)).toBe(true); // evaluating everything is asked for
});

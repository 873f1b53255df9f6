import { afterEach, expect, test } from 'vitest';
import { evaluateOnStore, type RewardModel } from '../../../reward/models/index.ts';
import { encodeObservation, openStore, type PreferenceStore } from '../../../reward/store/index.ts';
import type { Action } from '../../../sim/types.ts';

const act = (x: number): Action => ({ primitive: 'pick_place', p0: [x, 0, 0], p1: [0, 0, 0] });

/** Scores a candidate by p0.x: the known model of these tests. */
const byX: RewardModel = {
  id: 'by-x', kind: 'explicit',
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
    store.addLabel({ queryId, label: { kind: 'ranking', order: order.slice(0, -1), rest: order.slice(-1) }, annotator: 'teacher:test' });
  }
}

test('within-query Spearman: mean over queries with ≥ 3 distinct returns, beside accuracy on decisive pairs', async () => {
  fill([
    { xs: [0, 1, 2, 3], returns: [0.1, 0.2, 0.3, 0.4] }, // model agrees: ρ = 1, 6 pairs right
    { xs: [0, 1, 2, 3], returns: [0.4, 0.3, 0.2, 0.1] }, // model reversed: ρ = −1, 6 pairs wrong
    { xs: [0, 1, 2], returns: [0.1, 0.1, 0.3] }, // 2 distinct returns: not counted in ρ; 2 decisive pairs right, 1 tie dropped
  ]);
  const ev = await evaluateOnStore(byX, store, 'rope-circle', 1);
  expect(ev.withinQueries).toBe(2);
  expect(ev.withinQuerySpearman).toBeCloseTo(0, 10);
  expect(ev.pairs).toBe(14);
  expect(ev.accuracy).toBeCloseTo(8 / 14, 10);
});

test('within-query Spearman is NaN when no query has 3 distinct returns', async () => {
  fill([{ xs: [0, 1], returns: [0.1, 0.2] }]);
  const ev = await evaluateOnStore(byX, store, 'rope-circle', 1);
  expect(ev.withinQueries).toBe(0);
  expect(ev.withinQuerySpearman).toBeNaN();
  expect(ev.accuracy).toBe(1);
});

test('calibration counts both orientations, so winner-first ranking pairs do not read as always right', async () => {
  // Every pair is winner first and the model says P = σ(1) ≈ 0.73 for the winner each time.
  fill([{ xs: [1, 0], returns: [0.2, 0.1] }, { xs: [2, 1], returns: [0.5, 0.4] }]);
  const ev = await evaluateOnStore(byX, store, 'rope-circle', 1);
  const used = ev.reliability.filter((b) => b.count > 0);
  expect(used.map((b) => b.accuracy)).toEqual([0, 1]);
  expect(used[0].confidence).toBeCloseTo(1 - 1 / (1 + Math.exp(-1)), 6);
  expect(ev.ece).toBeCloseTo(1 - 1 / (1 + Math.exp(-1)), 6);
});

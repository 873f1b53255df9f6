import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import type { UncertainRewardModel } from '../../../reward/models/index.ts';
import {
  AlignedPolicy,
  greedyPick,
  randomSubset,
  selectIndex,
  selectorByName,
  SELECTORS,
  type Policy,
} from '../../../reward/selection/index.ts';
import type { Action, Observation } from '../../../sim/types.ts';

const obs: Observation = { points: new Float32Array(30), center: [0, 0, 0], scale: 1 };
const act = (x: number): Action => ({ primitive: 'push', p0: [x, 0, 0], p1: [x, 1, 0] });

/** Members' scores are fixed per candidate x: member m scores x·w_m. */
function fakeEnsemble(weights: number[][]): UncertainRewardModel {
  return {
    id: 'fake',
    async memberScores(_o, actions) {
      const k = actions.length,
        m = weights.length;
      const scores = new Float32Array(m * k);
      for (let j = 0; j < m; j++) for (let i = 0; i < k; i++) scores[j * k + i] = weights[j][actions[i].p0[0]];
      return { scores, members: m };
    },
    async score(_o, actions) {
      return Float32Array.from(actions, (a) => weights.reduce((s, w) => s + w[a.p0[0]], 0) / weights.length);
    },
    async free() {},
  };
}

describe('reward-guided action selection', () => {
  test('argmax at temperature 0, softmax frequencies otherwise', () => {
    expect(selectIndex([0.1, 3, 3, -1], makeRng(0))).toBe(1);
    const rng = makeRng(1);
    const counts = [0, 0];
    for (let i = 0; i < 4000; i++) counts[selectIndex([0, Math.log(3)], rng, 1)]++;
    expect(counts[1] / 4000).toBeGreaterThan(0.72);
    expect(counts[1] / 4000).toBeLessThan(0.78);
    expect(() => selectIndex([], rng)).toThrow('no candidates');
  });

  test('the aligned policy returns the best-scored candidate of the base policy', async () => {
    const base: Policy = {
      primitive: act(0).primitive,
      obsPoints: 256,
      free: async () => {},
      sample: async (_o, n) => Array.from({ length: n }, (_, i) => act(i)),
    };
    const model = fakeEnsemble([[0, 5, 2, 9, 1, 0, 0, 0]]);
    const aligned = new AlignedPolicy(base, model, { candidates: 8 });
    const d = await aligned.decide(obs, makeRng(0));
    expect(d.index).toBe(3);
    expect(d.action).toEqual(act(3));
    expect(await aligned.sample(obs, 2, makeRng(0))).toEqual([act(3), act(3)]);
  });
});

describe('query selection', () => {
  const pool = Array.from({ length: 5 }, (_, i) => act(i));
  // Members agree on candidates 0–2 and disagree most on the order of 3 vs 4.
  const ensemble = fakeEnsemble([
    [0, 1, 2, 1, -1],
    [0, 1, 2, -1, 1],
    [0, 1, 2, 0, 0],
  ]);

  test('disagreement picks the pair the members disagree on and reports its std', async () => {
    const c = await SELECTORS.disagreement.pick(obs, pool, 2, makeRng(0), ensemble);
    expect([...c.indices].sort()).toEqual([3, 4]);
    expect(c.score).toBeCloseTo(Math.sqrt(((1 / (1 + Math.exp(-2)) - 0.5) ** 2 * 2) / 3), 5);
  });

  test('entropy picks the pair with the mean P nearest ½', async () => {
    const c = await SELECTORS.entropy.pick(obs, pool, 2, makeRng(0), fakeEnsemble([[0, 3, 0.01, 6, -6]]));
    expect([...c.indices].sort()).toEqual([0, 2]);
    expect(c.score).toBeCloseTo(Math.log(2), 3);
  });

  test('uniform draws distinct candidates and logs no score; size ≥ pool shows all', async () => {
    const c = await SELECTORS.uniform.pick(obs, pool, 3, makeRng(2));
    expect(new Set(c.indices).size).toBe(3);
    expect(c.score).toBeNull();
    expect(greedyPick(new Float64Array(25), 5, 8).indices).toEqual([0, 1, 2, 3, 4]);
    expect(randomSubset(4, 4, makeRng(0)).sort()).toEqual([0, 1, 2, 3]);
  });

  test('model-based selectors need a model; unknown names list the choices', async () => {
    await expect(SELECTORS.disagreement.pick(obs, pool, 2, makeRng(0))).rejects.toThrow(
      'selector disagreement: needs a reward model',
    );
    expect(() => selectorByName('best')).toThrowErrorMatchingInlineSnapshot(
      `[Error: unknown selector "best": expected one of uniform, disagreement, entropy]`,
    );
  });
});

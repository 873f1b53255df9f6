import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { loadCheckpoint } from '../../../nn/index.ts';
import { makeNoiseSchedule } from '../../../policy/index.ts';
import {
  dpoFeeds,
  implicitDraws,
  implicitPairs,
  ImplicitRewardModel,
  parseImplicitConfig,
  readPolicy,
  sigmoid,
  trainImplicit,
  type ImplicitPairs,
} from '../../../reward/models/index.ts';
import { splitPairs } from '../../../reward/models/implicit-split.ts';
import { IMPLICIT_IO } from '../../../reward/models/implicit-network.ts';
import type { Action } from '../../../sim/types.ts';
import { obsOf, syntheticPairs } from './fixtures.ts';
import { tinyPolicy } from './implicit-fixtures.ts';

const policy = tinyPolicy();
const T = makeNoiseSchedule(readPolicy(policy.bytes).arch.schedule).steps;

function data(seed: number, states = 12, pairs = 96): ImplicitPairs {
  const { data: d, clouds } = syntheticPairs(makeRng(seed), states, pairs);
  return implicitPairs(clouds.map(obsOf), d);
}

const act = (rows: Float32Array, i: number): Action => ({
  primitive: 'pick_place',
  p0: [...rows.subarray(i * 6, i * 6 + 3)] as Action['p0'],
  p1: [...rows.subarray(i * 6 + 3, i * 6 + 6)] as Action['p1'],
});

describe('implicit DPO: timestep ranges', () => {
  test('the scoring range option changes which t the reward reads', async () => {
    const schedule = makeNoiseSchedule(readPolicy(policy.bytes).arch.schedule);
    const low = implicitDraws(schedule, parseImplicitConfig({ draws: 200 }));
    const all = implicitDraws(schedule, parseImplicitConfig({ draws: 200, tFraction: 1 }));
    expect(Math.max(...low.t)).toBeLessThan(T / 10);
    expect(Math.max(...all.t)).toBeGreaterThanOrEqual(T / 2);
    const { model } = await trainImplicit(data(2), policy.bytes, { epochs: 1, draws: 50, valFraction: 0 });
    try {
      const view = model.withScoring(1);
      expect(view.config.tFraction).toBe(1);
      expect(Math.max(...view.draws.t)).toBeGreaterThanOrEqual(T / 2);
      await view.free(); // a view frees nothing: the model still scores
      const d = data(4);
      const obs = d.observations[d.stateOf[0]];
      const [a, b] = [await model.score(obs, [act(d.w, 0)]), await view.score(obs, [act(d.w, 0)])];
      expect(a[0]).not.toBe(b[0]);
    } finally {
      await model.free();
    }
  });

  test('DPO training draws t only from the training range', () => {
    const { arch } = readPolicy(policy.bytes);
    const d = data(1);
    const idx = Int32Array.from({ length: 64 }, (_, i) => i);
    const tOf = (trainTFraction: number) => [
      ...(dpoFeeds(d, idx, arch, parseImplicitConfig({ trainTFraction }), makeRng(3))[IMPLICIT_IO.t]
        .data as Float32Array),
    ];
    expect(Math.max(...tOf(0.1))).toBeLessThan(T / 10);
    expect(Math.max(...tOf(1))).toBeGreaterThanOrEqual(T / 2);
  });

  test('pairDraws repeats each pair with its own noise', () => {
    const { arch } = readPolicy(policy.bytes);
    const f = dpoFeeds(
      data(1),
      Int32Array.from([0, 1, 2]),
      arch,
      parseImplicitConfig({ pairDraws: 4, trainTFraction: 1 }),
      makeRng(5),
    );
    expect(f[IMPLICIT_IO.noisy].shape).toEqual([2, 12, 6]);
    const eps = f[IMPLICIT_IO.eps].data as Float32Array;
    expect(eps[0]).not.toBe(eps[6]); // rows 0 and 1: the same pair, other ε
  });
});

describe('implicit DPO: validation split and early stopping', () => {
  test('the split keeps every group (episode) on one side', () => {
    const d = data(1, 12, 96);
    const groupOf = Int32Array.from({ length: 12 }, (_, s) => Math.floor(s / 3)); // 4 episodes of 3 states
    const s = splitPairs({ ...d, groupOf }, 0.25, 0)!;
    const ep = (p: ImplicitPairs) => new Set(Array.from(p.stateOf, (st) => groupOf[st]));
    expect(ep(s.val).size).toBe(1);
    expect([...ep(s.val)].some((g) => ep(s.train).has(g))).toBe(false);
    expect(s.train.stateOf.length + s.val.stateOf.length).toBe(96);
    expect(splitPairs(d, 0, 0)).toBeNull();
  });

  test(
    'training keeps the epoch of lowest validation loss and stops after ' + '`patience` epochs without a better one',
    async () => {
      const r = await trainImplicit(data(1), policy.bytes, { epochs: 30, lr: 3e-3, beta: 10, patience: 2, draws: 8 });
      try {
        expect(r.valLosses.length).toBe(r.epochLosses.length);
        expect(r.valPairs).toBeGreaterThan(0);
        expect(r.trainPairs + r.valPairs).toBe(96);
        const best = r.valLosses.indexOf(Math.min(...r.valLosses)) + 1;
        expect(r.bestEpoch).toBe(best);
        if (r.epochLosses.length < 30) expect(r.epochLosses.length - r.bestEpoch).toBe(2);
      } finally {
        await r.model.free();
      }
    },
  );

  test('on a tiny separable set the trained reward prefers the preferred action on held-out states', async () => {
    const { model } = await trainImplicit(data(1, 24, 240), policy.bytes, {
      epochs: 20,
      lr: 3e-3,
      beta: 10,
      draws: 32,
    });
    try {
      const held = data(9, 12, 120);
      let right = 0;
      for (let i = 0; i < held.stateOf.length; i++) {
        const s = await model.score(held.observations[held.stateOf[i]], [act(held.w, i), act(held.l, i)]);
        if (sigmoid(s[0] - s[1]) > 0.5) right++;
      }
      // 120 pairs: chance would give ≥ 0.6 with probability < 2 %.
      expect(right / held.stateOf.length).toBeGreaterThan(0.6);
    } finally {
      await model.free();
    }
  });

  test('a reopened model keeps its scoring range', async () => {
    const { model } = await trainImplicit(data(3), policy.bytes, {
      epochs: 1,
      draws: 8,
      tFraction: 0.5,
      valFraction: 0,
    });
    try {
      const back = await ImplicitRewardModel.fromCheckpoint(loadCheckpoint(model.bytes), 'back');
      expect(back.config.tFraction).toBe(0.5);
      await back.free();
    } finally {
      await model.free();
    }
  });
});
